"""The CJK font used to raster slips and previews.

We use Noto Sans Mono CJK (``fonts-noto-cjk`` on Debian; ship it with the Windows build):
its Latin glyphs are exactly half the width of its hanzi, like a printer's ROM font, and it
carries both Taiwan (TC) and Hong Kong (HK) glyph forms in one collection.
"""

from __future__ import annotations

import os
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
