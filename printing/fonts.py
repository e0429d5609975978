"""The fonts used to raster slips and previews: the CJK font, then fallbacks for the rest.

We use Noto Sans Mono CJK (``fonts-noto-cjk`` on Debian; ship it with the Windows build):
its Latin glyphs are exactly half the width of its hanzi, like a printer's ROM font, and it
carries both Taiwan (TC) and Hong Kong (HK) glyph forms in one collection.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from printing.profile import FontRegion

FONT_ENV = "REGULARS_CJK_FONT"
# The packaged app may ship the collection (installer/regulars.spec, REGULARS_BUNDLE_FONT).
_BUNDLED = Path(__file__).resolve().parents[1] / "assets" / "fonts" / "NotoSansCJK-Regular.ttc"
_CANDIDATES = (
    str(_BUNDLED),
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/NotoSansCJK-Regular.ttc",
    "C:/Windows/Fonts/NotoSansCJK-Regular.ttc",
)
# Face order inside NotoSansCJK-Regular.ttc (fc-list): the Mono faces are 5-9.
_MONO_FACE = {FontRegion.TC: "Noto Sans Mono CJK TC", FontRegion.HK: "Noto Sans Mono CJK HK"}


class FontMissing(RuntimeError):
    """No CJK font was found; Chinese cannot be rastered."""


def font_path() -> Path:
    """Path of the Noto Sans CJK collection (``$REGULARS_CJK_FONT`` wins)."""
    override = os.environ.get(FONT_ENV)
    for candidate in ((override,) if override else ()) + _CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    raise FontMissing(
        "The Chinese font (Noto Sans CJK) is not installed, so Chinese slips cannot be drawn."
    )


@lru_cache(maxsize=16)
def cjk_font(size: int, region: FontRegion = FontRegion.TC) -> ImageFont.FreeTypeFont:
    """Noto Sans Mono CJK of ``region`` at ``size`` pixels (searched by face name)."""
    path = str(font_path())
    wanted = _MONO_FACE[region]
    for index in range(16):
        try:
            font = ImageFont.truetype(path, size, index=index)
        except OSError:
            break
        if font.getname()[0] == wanted:
            return font
    raise FontMissing(f"{path} has no face named {wanted!r}.")


# --- fallback fonts: what the CJK font lacks ------------------------------------------------
# A name may hold any character a person can type (loyalty/text.py); the CJK font has hanzi,
# Latin, kana, hangul and common symbols. The rest is drawn from the first of these that has
# it: rare CJK ideographs (extensions B–F), monochrome emoji and symbols, then GNU Unifont for
# every other script and the newest emoji. Debian packages: fonts-hanazono, fonts-symbola,
# fonts-unifont (installer/setup.sh). A character none of them has is drawn as its code in a
# box (raster.py), never as an empty box.
_FALLBACKS: tuple[tuple[str, ...], ...] = (
    ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",),
    ("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
     "/usr/share/fonts/truetype/ttf-ancient-scripts/Symbola_hint.ttf"),
    ("/usr/share/fonts/opentype/unifont/unifont.otf",),
    ("/usr/share/fonts/opentype/unifont/unifont_upper.otf",),
)


@dataclass(frozen=True, slots=True)
class FaceFile:
    """One face of a font file: its path, its index in a collection, and its characters."""

    path: str
    index: int
    chars: frozenset[int]


@lru_cache(maxsize=4)
def font_chain(region: FontRegion = FontRegion.TC) -> tuple[FaceFile, ...]:
    """The CJK face of ``region``, then every installed fallback, in the order tried."""
    path = str(font_path())
    chain = [_face(path, _face_index(path, _MONO_FACE[region]))]
    for candidates in _FALLBACKS:
        found = next((c for c in candidates if Path(c).is_file()), None)
        if found is not None:
            chain.append(_face(found, 0))
    return tuple(chain)


def _face(path: str, index: int) -> FaceFile:
    from fontTools.ttLib import TTFont  # deferred: only rastering needs it

    with TTFont(path, fontNumber=index, lazy=True) as font:
        return FaceFile(path, index, frozenset(font.getBestCmap() or {}))


def _face_index(path: str, wanted: str) -> int:
    for index in range(16):
        try:
            font = ImageFont.truetype(path, 24, index=index)
        except OSError:
            break
        if font.getname()[0] == wanted:
            return index
    raise FontMissing(f"{path} has no face named {wanted!r}.")


def face_for(ch: str, region: FontRegion = FontRegion.TC) -> FaceFile | None:
    """The first face of :func:`font_chain` that has ``ch``, or None."""
    cp = ord(ch)
    return next((face for face in font_chain(region) if cp in face.chars), None)


@lru_cache(maxsize=64)
def face_font(face: FaceFile, size: int) -> ImageFont.FreeTypeFont:
    """``face`` at ``size`` pixels."""
    return ImageFont.truetype(face.path, size, index=face.index)


def missing_glyphs(text: str, region: FontRegion = FontRegion.TC) -> list[str]:
    """The characters of ``text`` that take room on paper but no font of the chain has."""
    from printing.text_width import char_width  # deferred: text_width imports nothing heavy

    return [ch for ch in text
            if char_width(ch) and not ch.isspace() and face_for(ch, region) is None]
