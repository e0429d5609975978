"""A member's instruments (coupons, gifts, stamp cards, passes) in the screen's language:
the name, what is left, the expiry. Slips say the same in Chinese (:mod:`printing`)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop import formatting
from loyalty.store.instruments import InstrumentView

_ORDER = {"prepaid_pass": 0, "stamp_card": 2}  # the rest (vouchers, gifts) between


def name(view: InstrumentView) -> str:
    return view.name_zh if formatting.is_chinese() else view.name_en


def left(view: InstrumentView) -> str:
    """``Stamps 7/10``, ``9 of 10 cups left``, ``1 left``."""
    if view.kind == "stamp_card":
        text = QCoreApplication.translate("Instruments", "Stamps %1/%2")
        return text.replace("%1", str(view.stamps_now or 0)).replace("%2", str(view.units))
    if view.kind == "prepaid_pass":
        text = QCoreApplication.translate("Instruments", "%1 of %2 cups left")
        return text.replace("%1", formatting.number(view.remaining)).replace(
            "%2", formatting.number(view.units))
    text = QCoreApplication.translate("Instruments", "%1 left")
    return text.replace("%1", formatting.number(view.remaining))


def expiry(view: InstrumentView) -> str:
    if view.kind == "stamp_card":
        return ""
    if view.expires_on is None:
        return QCoreApplication.translate("Instruments", "No expiry")
    text = QCoreApplication.translate("Instruments", "Until %1")
    return text.replace("%1", formatting.day(view.expires_on))


def badge(view: InstrumentView) -> str:
    return QCoreApplication.translate("Instruments", "Birthday") if view.badge == "birthday" else ""


def shown_on_panel(views: tuple[InstrumentView, ...]) -> list[InstrumentView]:
    """What the member panel lists: the usable ones and every stamp card (its stamps now);
    this year's birthday gift first, then passes, vouchers and gifts, stamp cards last, each
    in the order they were issued."""
    shown = [v for v in views if v.usable or v.kind == "stamp_card"]
    return sorted(shown, key=lambda v: (v.badge != "birthday", _ORDER.get(v.kind, 1)))


def usable(views: tuple[InstrumentView, ...]) -> list[InstrumentView]:
    """What the cashier can redeem now (a stamp card's rewards are instruments of their own)."""
    return [v for v in shown_on_panel(views) if v.usable and v.kind != "stamp_card"]


def one_line(view: InstrumentView) -> str:
    """``拿鐵寄杯 10 杯 · 9 of 10 cups left · No expiry`` for lists and confirmations."""
    parts = [name(view), left(view), expiry(view)]
    if view.badge:
        parts.insert(1, badge(view))
    return " · ".join(p for p in parts if p)
