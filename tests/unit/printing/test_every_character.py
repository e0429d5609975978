"""Every kind of character a member's name can hold reaches paper as a glyph, on every printer
profile: never an empty box, never a ``?``."""

import unicodedata
from dataclasses import replace

import pytest
from PIL import ImageChops

from loyalty.text import clean_name
from printing.encoding import Charset
from printing.escpos_render import render_escpos
from printing.fonts import face_for, font_chain, missing_glyphs
from printing.layout import TextRow
from printing.paper import Paper
from printing.profile import FontRegion, PrinterProfile, TextMode
from printing.raster import render_text_row
from printing.samples import MEMBER, award
from printing.slips import build_award
from tests.helpers.escpos_decoder import decode

KINDS = {
    "emoji": "Amy 🎉😀🍜🐱",
    "newer emoji": "🫠🥲🫶",  # Unicode 13–14: only Unifont Upper has them
    "emoji sequences": "👩\u200d👩\u200d👧 👍🏽 1️⃣ ❤️",
    "flags": "🇹🇼🇭🇰 \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "symbols": "✓★♥☎♪☀⚽",
    "rare ideographs": "𠮷野 𪚥 𡘙",  # CJK extension B, outside the CJK font's common set
    "hkscs": "林堃喆 嘅",
    "latin": "Zoé Nguyễn Ørsted",
    "greek and cyrillic": "Ωμέγα Привет",
    "hangul and kana": "김민준 さくら カタカナ",
    "thai, hebrew, arabic": "สมชาย עברית مرحبا",
    "markup": "<b>x</b> <script>",
}
PROFILES = [
    PrinterProfile(kind="file", device="/dev/null", paper_mm=paper, text_mode=mode,
                   charset=charset, font_region=region)
    for paper in (58, 80)
    for mode, charset, region in (
        (TextMode.HYBRID, Charset.BIG5, FontRegion.TC),
        (TextMode.HYBRID, Charset.BIG5_HKSCS, FontRegion.HK),
        (TextMode.HYBRID, Charset.GB18030, FontRegion.TC),
        (TextMode.RASTER, Charset.BIG5, FontRegion.TC),
    )
]


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_of_name_character_has_a_glyph_in_the_font_chain(kind: str) -> None:
    name = clean_name(KINDS[kind])  # a name the till accepts
    for region in FontRegion:
        assert missing_glyphs(name, region) == []


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_character_leaves_ink_where_it_stands(kind: str) -> None:
    paper = Paper.standard(80)
    blank = render_text_row(TextRow(""), paper).convert("L")
    for ch in clean_name(KINDS[kind]):
        if ch.isspace() or unicodedata.category(ch) in ("Mn", "Me", "Cf") \
                or 0x1F3FB <= ord(ch) <= 0x1F3FF:
            continue  # joiners, selectors, marks and skin tones take no room of their own
        drawn = render_text_row(TextRow(ch), paper).convert("L")
        assert ImageChops.difference(drawn, blank).getbbox(), f"U+{ord(ch):04X} left no ink"


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: f"{p.paper_mm}-{p.text_mode}-"
                         f"{p.charset}")
def test_a_slip_for_every_kind_of_name_prints_without_a_question_mark(
        profile: PrinterProfile) -> None:
    for kind, typed in KINDS.items():
        name = clean_name(typed)
        slip = decode(render_escpos(build_award(award(replace(MEMBER, name=name))), profile),
                      profile.charset.value)
        assert not any("?" in text for text in slip.texts), kind
        printed_as_text = any(name in text for text in slip.texts)
        assert printed_as_text or slip.rasters, kind  # the name's line went out as an image
        if not printed_as_text:
            assert missing_glyphs(name, profile.font_region) == []


def test_only_ancient_scripts_and_the_newest_ideographs_lack_a_glyph() -> None:
    """Over every code point a name can hold: all of the BMP, every symbol and emoji and the
    CJK extensions B–F have a glyph; what has none (cuneiform, hieroglyphs, Tangut,
    extension G) is drawn as its code in a box."""
    font_chain()
    lacking = []
    for cp in range(0x20, 0x110000):
        ch = chr(cp)
        category = unicodedata.category(ch)
        if category[0] in "LNPS" and face_for(ch) is None:
            lacking.append((cp, category))
    assert not [cp for cp, _ in lacking if cp < 0x10000]
    assert not [cp for cp, category in lacking if category[0] == "S"]
    assert not [cp for cp, _ in lacking if 0x20000 <= cp <= 0x2A6D6]  # extension B
    assert all(0x12000 <= cp < 0x19000 or cp >= 0x2A6D7 for cp, _ in lacking)


def test_a_character_no_font_has_is_drawn_as_its_code_not_left_blank() -> None:
    paper = Paper.standard(58)
    blank = render_text_row(TextRow(""), paper).convert("L")
    drawn = render_text_row(TextRow("\U00012000"), paper).convert("L")  # CUNEIFORM SIGN A
    assert face_for("\U00012000") is None
    assert ImageChops.difference(drawn, blank).getbbox()
