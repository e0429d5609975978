"""Column arithmetic: CJK counts double, wrapping never overflows the paper."""

from hypothesis import given
from hypothesis import strategies as st

from printing.text_width import display_width, pad, wrap


def test_cjk_and_fullwidth_punctuation_count_double() -> None:
    assert display_width("NT$1,234") == 8
    assert display_width("會員") == 4
    assert display_width("，：（）") == 8
    assert display_width("𠮷") == 2
    assert display_width("※…") == 4  # double-byte symbols in Big5
    assert display_width("é") == 1


def test_pad_aligns_by_display_width() -> None:
    assert pad("會員", 8, "right") == "    會員"
    assert pad("會員", 8, "center") == "  會員  "


def test_cjk_wraps_between_characters_and_keeps_punctuation_off_line_start() -> None:
    lines = wrap("下次消費請出示此條碼或報手機號碼。", 32)
    assert lines == ["下次消費請出示此條碼或報手機號", "碼。"]


def test_latin_wraps_at_spaces() -> None:
    assert wrap("Thank you for shopping with us", 12) == ["Thank you", "for shopping", "with us"]


text = st.text(alphabet=st.sampled_from("ab 1會員點數，。𠮷堃-"), max_size=80)


@given(text, st.integers(min_value=4, max_value=48))
def test_wrapped_lines_fit_and_lose_nothing(value: str, width: int) -> None:
    lines = wrap(value, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == value.replace(" ", "")
