"""The Qt-free decode core: symbologies, passes, and the member-code filter."""

from __future__ import annotations

import random

from PIL import Image

from desktop.camera.decode import (
    ALL_PASSES,
    FAST_PASSES,
    Pass,
    Symbol,
    classify,
    decode_frame,
    member_code_in,
)
from loyalty.member_code import code_for_serial
from tests.helpers.phone_screen_images import FRAME, shot, symbol_image

CODE = code_for_serial(123_456_789)
BAD = CODE[:-1] + str((int(CODE[-1]) + 1) % 10)  # same digits, wrong check digit


def test_each_symbology_on_a_phone_screen_gives_the_member_code() -> None:
    for symbology in ("CODE128", "QRCODE", "EAN13"):
        image = shot(CODE, symbology, "clean", 0.0, random.Random(1)).image
        result = decode_frame(image)
        assert result.codes == (CODE,), symbology
        assert result.passes == (Pass.NORMAL,)


def test_dark_mode_is_read_by_the_inverted_pass() -> None:
    image = shot(CODE, "QRCODE", "dark mode", 1.0, random.Random(2)).image
    result = decode_frame(image)
    assert result.codes == (CODE,)
    assert result.passes == (Pass.NORMAL, Pass.INVERTED)


def test_a_code_that_fails_its_check_digit_is_rejected_not_returned() -> None:
    assert BAD != CODE
    image = Image.new("L", FRAME, 255)
    image.paste(symbol_image(BAD, "CODE128", 3), (300, 300))
    result = decode_frame(image)
    assert result.codes == ()
    assert result.rejected == (BAD,)


def test_an_empty_frame_runs_the_fast_passes_and_finds_nothing() -> None:
    result = decode_frame(Image.new("L", FRAME, 128))
    assert result == result.__class__((), (), (), FAST_PASSES, result.ms)


def test_a_1d_code_at_45_degrees_needs_the_rotated_pass() -> None:
    image = shot(CODE, "CODE128", "rotation", 45.0, random.Random(3)).image
    assert decode_frame(image).codes == ()
    result = decode_frame(image, FAST_PASSES, Pass.ROTATED)
    assert result.codes == (CODE,)
    assert result.passes[-1] is Pass.ROTATED


def test_all_passes_stop_at_the_first_that_reads() -> None:
    image = shot(CODE, "QRCODE", "clean", 0.0, random.Random(4)).image
    assert decode_frame(image, ALL_PASSES).passes == (Pass.NORMAL,)


def test_payloads_that_carry_member_codes() -> None:
    assert member_code_in(Symbol("CODE128", CODE)) == CODE
    assert member_code_in(Symbol("QRCODE", f"https://regulars.example/m/{CODE}")) == CODE
    assert member_code_in(Symbol("QRCODE", f"regulars:{CODE}")) == CODE
    assert member_code_in(Symbol("EAN13", f"20{CODE}7")) == CODE
    assert member_code_in(Symbol("EAN13", "4710088123456")) is None  # a product
    assert member_code_in(Symbol("CODE128", "ABC")) is None
    assert member_code_in(Symbol("QRCODE", f"x{CODE}1")) is None  # 11 digits


def test_classify_splits_valid_and_rejected_without_repeats() -> None:
    symbols = [Symbol("CODE128", CODE), Symbol("QRCODE", CODE), Symbol("CODE128", BAD),
               Symbol("EAN13", "4710088123456")]
    assert classify(symbols) == ((CODE,), (BAD,))
