"""Paper geometry: printable dots and character columns for 58 mm and 80 mm rolls."""

from __future__ import annotations

from dataclasses import dataclass

# Font A on ESC/POS printers is 12 x 24 dots: 384 dots give 32 columns (58 mm),
# 576 give 48 (80 mm at 203 dpi), 512 give 42 (80 mm on 180 dpi Epson TM-T88 family).
CELL_WIDTH = 12
CELL_HEIGHT = 24
LINE_HEIGHT = 32  # dots per text line in raster output (24-dot glyph + spacing)
DEFAULT_DOTS = {58: 384, 80: 576}


@dataclass(frozen=True, slots=True)
class Paper:
    """Printable width of a roll in dots and the number of Font A columns across it."""

    width_mm: int
    dots: int
    columns: int

    def __post_init__(self) -> None:
        if self.width_mm not in DEFAULT_DOTS:
            raise ValueError("paper is 58 or 80 mm wide")
        if self.columns < 16 or self.columns * CELL_WIDTH > self.dots:
            raise ValueError(f"{self.columns} columns do not fit {self.dots} dots")

    @property
    def cell_width(self) -> int:
        """Dots per column (the raster renderer draws on this grid)."""
        return self.dots // self.columns

    @classmethod
    def standard(cls, width_mm: int) -> Paper:
        """58 mm → 384 dots / 32 columns; 80 mm → 576 dots / 48 columns."""
        if width_mm not in DEFAULT_DOTS:
            raise ValueError("paper is 58 or 80 mm wide")
        dots = DEFAULT_DOTS[width_mm]
        return cls(width_mm, dots, dots // CELL_WIDTH)
