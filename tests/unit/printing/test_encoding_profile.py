"""Which characters each printer charset can print, and the paper each profile gives."""

import pytest

from printing.encoding import Charset, encode, printable
from printing.profile import Charset as ProfileCharset
from printing.profile import PrinterKind, PrinterProfile, TextMode


@pytest.mark.parametrize(("text", "big5", "hkscs", "gb18030"), [
    ("會員點數，：（）", True, True, True),
    ("林小明", True, True, True),
    ("堃", False, True, True),
    ("喆", False, True, True),
    ("峯", False, True, True),   # not in strict Big5 (only in vendor extensions)
    ("嘅咗", False, True, True),  # Cantonese: Big5-HKSCS only
    ("𠮷", False, False, False),  # four-byte in GB18030: not in printer ROM fonts
    ("\x07", False, False, False),
])
def test_printable_per_charset(text: str, big5: bool, hkscs: bool, gb18030: bool) -> None:
    assert printable(text, Charset.BIG5) is big5
    assert printable(text, Charset.BIG5_HKSCS) is hkscs
    assert printable(text, Charset.GB18030) is gb18030


def test_encode_gives_big5_bytes_and_refuses_what_it_cannot_print() -> None:
    assert encode("會員 A1", Charset.BIG5) == "會員 A1".encode("big5")
    with pytest.raises(ValueError, match="堃"):
        encode("林堃", Charset.BIG5)


@pytest.mark.parametrize(("model", "paper", "dots", "columns"), [
    ("default", 58, 384, 32),
    ("default", 80, 576, 48),
    ("TM-T88V", 80, 512, 42),
    ("TM-T20II", 80, 576, 48),
    ("POS-5890", 58, 384, 32),
])
def test_paper_columns(model: str, paper: int, dots: int, columns: int) -> None:
    spec = PrinterProfile(model=model, paper_mm=paper).paper
    assert (spec.dots, spec.columns) == (dots, columns)


def test_profile_round_trips_through_settings_dict() -> None:
    profile = PrinterProfile(kind=PrinterKind.SERIAL, device="/dev/ttyUSB0", paper_mm=58,
                             text_mode=TextMode.RASTER, charset=ProfileCharset.BIG5_HKSCS,
                             model="TM-T20II", columns=30)
    data = profile.to_dict()
    assert data["kind"] == "serial" and data["charset"] == "big5-hkscs"
    assert PrinterProfile.from_dict({**data, "from_a_newer_version": 1}) == profile


def test_unknown_model_and_paper_are_refused() -> None:
    with pytest.raises(ValueError):
        PrinterProfile(paper_mm=76)
    with pytest.raises(ValueError, match="unknown printer model"):
        PrinterProfile(model="no-such-printer")
