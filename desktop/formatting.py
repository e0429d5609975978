"""Numbers, points, money and dates for the screen, in the current language's formats."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

from loyalty.money import Money, format_money
from loyalty.napl import Napl
from loyalty.rules import Tier


def is_chinese() -> bool:
    return QLocale().language() == QLocale.Language.Chinese


def number(value: int) -> str:
    return QLocale().toString(value)


def points(value: int) -> str:
    return QCoreApplication.translate("Format", "%1 points").replace("%1", number(value))


def signed_points(value: int) -> str:
    return ("+" if value > 0 else "") + number(value)


def money(value: Money) -> str:
    return format_money(value)  # NT$1,234 / HK$1,234.50 in both languages, as on receipts


def day(value: date) -> str:
    return QLocale().toString(QDate(value.year, value.month, value.day),
                              QLocale.FormatType.ShortFormat)


def moment(value: datetime, tz: ZoneInfo) -> str:
    local = value.astimezone(tz)
    qt = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return QLocale().toString(qt, QLocale.FormatType.ShortFormat)


def tier_name(tier: Tier) -> str:
    return tier.name_zh if is_chinese() else tier.name_en


def napl_name(status: Napl | None) -> str:
    names = {
        Napl.NEW: QCoreApplication.translate("Format", "New"),
        Napl.ACTIVE: QCoreApplication.translate("Format", "Active"),
        Napl.PASSIVE: QCoreApplication.translate("Format", "Sleeping"),
        Napl.LOST: QCoreApplication.translate("Format", "Lost"),
    }
    if status is None:
        return QCoreApplication.translate("Format", "No purchase yet")
    return names[status]


def entry_kind(kind: str) -> str:
    names = {
        "earn": QCoreApplication.translate("Format", "Earn"),
        "redeem": QCoreApplication.translate("Format", "Redeem"),
        "bonus": QCoreApplication.translate("Format", "Bonus"),
        "adjust": QCoreApplication.translate("Format", "Adjust"),
        "expire": QCoreApplication.translate("Format", "Expired"),
        "reverse": QCoreApplication.translate("Format", "Void"),
    }
    return names.get(kind, kind)
