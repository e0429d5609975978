"""The settings screen's "Test print"."""

from __future__ import annotations

from printing.escpos_render import render_escpos
from printing.profile import PrinterProfile
from printing.samples import test_page
from printing.transport import send


def test_print(profile: PrinterProfile) -> int:
    """Print the test page now (blocking; run off the GUI thread). Returns bytes sent.

    Raises:
        PrinterError: the cashier-readable reason it did not print.
    """
    label = f"{profile.describe()} · {profile.paper_mm} mm · {profile.text_mode.value}" \
            f" · {profile.charset.value}"
    data = render_escpos(test_page(label), profile)
    send(profile, data)
    return len(data)


test_print.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
