"""Previews: Chinese glyphs drawn, codes scannable, width matching the paper."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pyzbar.pyzbar import decode as zbar

from printing.layout import TextRow
from printing.paper import Paper
from printing.preview import MARGIN, render_preview, render_preview_png
from printing.raster import render_text_row
from printing.samples import SAMPLE_CODE, sample_documents


@pytest.mark.parametrize("kind", ["welcome", "card"])
@pytest.mark.parametrize("paper", [58, 80])
def test_member_barcode_and_qr_on_the_preview_scan_back_to_the_code(kind: str,
                                                                    paper: int) -> None:
    png = render_preview_png(sample_documents()[kind], paper)
    image = Image.open(io.BytesIO(png))
    assert image.width == Paper.standard(paper).dots + 2 * MARGIN
    found = {(s.type, s.data.decode()) for s in zbar(image)}
    assert found == {("CODE128", SAMPLE_CODE), ("QRCODE", SAMPLE_CODE)}


@pytest.mark.parametrize("text", ["堃", "喆", "峯", "𠮷", "嘅", "，"])
def test_rare_characters_are_drawn_not_tofu(text: str) -> None:
    paper = Paper.standard(58)
    drawn = render_text_row(TextRow(text), paper)
    missing = render_text_row(TextRow("\U0010fffd"), paper)  # no font has this glyph
    blank = render_text_row(TextRow(""), paper)
    assert ImageChops.difference(drawn.convert("L"), blank.convert("L")).getbbox()
    assert ImageChops.difference(drawn.convert("L"), missing.convert("L")).getbbox()


def test_cjk_character_takes_two_columns_in_the_raster() -> None:
    paper = Paper.standard(58)
    box = render_text_row(TextRow(" 會"), paper).convert("L").point(lambda v: 255 - v).getbbox()
    assert box is not None
    left, _, right, _ = box
    cell = paper.cell_width
    assert cell <= left and right <= 3 * cell + 1  # inside columns 1-2, not beyond


def test_preview_of_a_copy_is_taller_than_the_original() -> None:
    doc = sample_documents()["award"]
    assert render_preview(doc.as_copy(), 58).height > render_preview(doc, 58).height


def test_preview_cli_writes_every_slip_in_both_widths(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "printing.preview_cli", "--out", str(tmp_path)],
                   check=True, capture_output=True, cwd=Path(__file__).parents[3])
    names = sorted(p.name for p in tmp_path.glob("*.png"))
    assert names == sorted(f"{kind}_{w}mm.png" for kind in sample_documents()
                           for w in (58, 80))
