"""What the ESC/POS bytes put on paper, decoded: Chinese, columns, masking, codes, cut."""

import os
from dataclasses import replace
from pathlib import Path

import pytest
from pyzbar.pyzbar import decode as zbar

from printing.encoding import Charset
from printing.escpos_render import render_escpos
from printing.layout import TextRow, layout
from printing.profile import PrinterProfile, TextMode
from printing.raster import render_row
from printing.samples import MEMBER, SALE, SAMPLE_CODE, STORE, award, sample_documents
from printing.slip_data import WelcomeSlip
from printing.slips import build_award, build_welcome
from tests.helpers.escpos_decoder import Decoded, decode, paper_columns

GOLDEN = Path(__file__).parent / "golden" / "award_58mm_big5.bin"
PLAIN_MEMBER = replace(MEMBER, name="林小明")


def _decoded(doc_name: str, profile: PrinterProfile) -> Decoded:
    return decode(render_escpos(sample_documents()[doc_name], profile), profile.charset.codec)


@pytest.mark.parametrize(("model", "paper", "columns"), [
    ("default", 58, 32), ("default", 80, 48), ("TM-T88V", 80, 42)])
def test_award_columns_line_up_with_cjk_counted_double(model: str, paper: int,
                                                       columns: int) -> None:
    profile = PrinterProfile(model=model, paper_mm=paper)
    slip = decode(render_escpos(build_award(award(PLAIN_MEMBER)), profile))
    by_label = {t.split()[0]: t for t in slip.texts if t.strip()}
    for label, value in [("單號", "R-20250314-0042"), ("手機", "0912-***-678"),
                         ("消費金額", "NT$1,280"), ("點數餘額", "3,456 點"),
                         ("會員", "林小明"), ("等級", "金卡會員")]:
        line = by_label[label]
        assert line.endswith(value)
        assert paper_columns(line) == columns, line
    assert "-" * columns in slip.texts
    assert "=" * columns in slip.texts


def test_award_prints_traditional_chinese_in_big5_mode_with_phone_masked() -> None:
    profile = PrinterProfile(paper_mm=58)
    data = render_escpos(build_award(award(PLAIN_MEMBER)), profile)
    slip = decode(data, "big5")
    assert slip.chinese_mode_entered
    text = "\n".join(slip.texts)
    for expected in ("好日子生活百貨", "會員集點明細", "本次獲得", "+128 點",
                     "200 點 將於 2025-06-30 到期", "再消費 NT$3,720 升級白金會員",
                     "2025-03-14 15:42", "謝謝光臨，歡迎再來！"):
        assert expected in text
    assert "0912-***-678" in text
    assert "345" not in text.replace("3,456", "")  # the hidden digits appear nowhere
    assert "?" not in text
    assert not slip.rasters  # every character is in Big5: pure text, small
    assert "好日子生活百貨".encode("big5") in data
    assert "好日子".encode("gb18030") not in data  # python-escpos's own path would send this


def test_store_name_is_double_size_for_hanzi_too() -> None:
    slip = _decoded("award", PrinterProfile(paper_mm=80))
    name = next(line for line in slip.lines if "好日子" in line.text)
    assert name.scale == 2 and name.bold
    assert paper_columns(name.text) <= 48 // 2


@pytest.mark.parametrize("name", ["林堃喆", "張峯", "陳嘅咗", "吉田𠮷"])
def test_names_big5_lacks_are_rastered_never_question_marks(name: str) -> None:
    profile = PrinterProfile(paper_mm=58)
    doc = build_award(award(replace(MEMBER, name=name)))
    slip = decode(render_escpos(doc, profile), "big5")
    assert not any("?" in t for t in slip.texts)
    assert not any(name in t for t in slip.texts)
    member_row = next(r for r in layout(doc, profile.paper)
                      if isinstance(r, TextRow) and r.text.endswith(name))
    assert len(slip.rasters) == 1
    assert slip.rasters[0].tobytes() == render_row(member_row, profile.paper).tobytes()
    assert slip.rasters[0].getextrema() == (0, 255)  # ink was drawn


def test_hong_kong_printer_prints_cantonese_as_text() -> None:
    profile = PrinterProfile(paper_mm=80, charset=Charset.BIG5_HKSCS)
    doc = build_award(award(replace(MEMBER, name="陳嘅堃")))
    slip = decode(render_escpos(doc, profile), "big5hkscs")
    assert any(t.endswith("陳嘅堃") for t in slip.texts)
    assert not slip.rasters


def test_native_barcode_and_qr_carry_the_member_code() -> None:
    slip = _decoded("welcome", PrinterProfile(paper_mm=58))
    assert [b.data for b in slip.barcodes] == [SAMPLE_CODE]
    assert slip.barcodes[0].kind == 73  # CODE128
    assert [q.data for q in slip.qrs] == [SAMPLE_CODE]


def test_printer_without_qr_support_gets_a_scannable_raster_qr() -> None:
    profile = PrinterProfile(paper_mm=58, model="POS-5890")
    slip = decode(render_escpos(build_welcome(_welcome()), profile), "big5")
    assert not slip.qrs
    found = {(s.type, s.data.decode()) for im in slip.rasters for s in zbar(im.convert("L"))}
    assert ("QRCODE", SAMPLE_CODE) in found


def _welcome() -> WelcomeSlip:
    return WelcomeSlip(store=STORE, sale=SALE, member=PLAIN_MEMBER, welcome_points=50)


@pytest.mark.parametrize("paper", [58, 80])
def test_raster_mode_slip_is_one_image_whose_codes_scan(paper: int) -> None:
    profile = PrinterProfile(paper_mm=paper, text_mode=TextMode.RASTER)
    slip = _decoded("welcome", profile)
    assert not [t for t in slip.texts if t.strip()]
    assert not slip.chinese_mode_entered
    image = slip.stacked_raster()
    assert image.width == profile.paper.dots
    found = {(s.type, s.data.decode()) for s in zbar(image.convert("L"))}
    assert found == {("CODE128", SAMPLE_CODE), ("QRCODE", SAMPLE_CODE)}
    assert len(slip.cuts) == 1


def test_every_slip_ends_with_one_cut_unless_cutting_is_off() -> None:
    for name in sample_documents():
        items = _decoded(name, PrinterProfile(paper_mm=80)).items
        assert [type(i).__name__ for i in items].count("Cut") == 1
        assert type(items[-1]).__name__ == "Cut"
    assert not _decoded("award", PrinterProfile(paper_mm=80, cut=False)).cuts


def test_big5_text_is_far_smaller_than_raster() -> None:
    doc = build_award(award(PLAIN_MEMBER))
    text = render_escpos(doc, PrinterProfile(paper_mm=80))
    raster = render_escpos(doc, PrinterProfile(paper_mm=80, text_mode=TextMode.RASTER))
    assert len(text) < 2_000
    assert len(raster) > 10 * len(text)


def test_golden_bytes_of_an_award_slip() -> None:
    """The whole byte stream of one slip; regenerate with REGULARS_UPDATE_GOLDEN=1."""
    data = render_escpos(build_award(award(PLAIN_MEMBER)), PrinterProfile(paper_mm=58))
    if os.environ.get("REGULARS_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(data)
    assert data == GOLDEN.read_bytes()
    assert data.startswith(b"\x1b@\x1c&")  # initialise, enter Chinese mode
