"""The set-up wizard's messages for refused answers, translated by the error's ``code``."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from desktop.messages import QT_TRANSLATE_NOOP
from loyalty.errors import LoyaltyError
from printing.transport import PrinterError, PrinterFault

log = logging.getLogger(__name__)
CONTEXT = "FirstRun"

TEMPLATES: dict[str, str] = {
    "store_name_empty": QT_TRANSLATE_NOOP("FirstRun", "Type the store's name, as customers know it."),  # noqa: E501
    "store_name_too_long": QT_TRANSLATE_NOOP("FirstRun", "A store name has at most 40 characters."),
    "store_name_bad_characters": QT_TRANSLATE_NOOP("FirstRun", "A store name cannot hold line breaks or other control characters."),  # noqa: E501
    "terminal_name_too_long": QT_TRANSLATE_NOOP("FirstRun", "A till name has at most 20 characters."),  # noqa: E501
    "terminal_name_bad_characters": QT_TRANSLATE_NOOP("FirstRun", "A till name cannot hold line breaks or other control characters."),  # noqa: E501
    "region_unknown": QT_TRANSLATE_NOOP("FirstRun", "Choose Taiwan or Hong Kong."),
    "tz_unknown": QT_TRANSLATE_NOOP("FirstRun", "Choose a time zone from the list."),
    "manager_name_empty": QT_TRANSLATE_NOOP("FirstRun", "Type the manager's name."),
    "manager_name_too_long": QT_TRANSLATE_NOOP("FirstRun", "A name has at most 40 characters."),
    "pin_format": QT_TRANSLATE_NOOP("FirstRun", "A PIN is 4 to 8 digits."),
    "pin_mismatch": QT_TRANSLATE_NOOP("FirstRun", "The two PINs differ. Type the PIN twice again."),
    "cashier_exists": QT_TRANSLATE_NOOP("FirstRun", "A cashier with that name already exists."),
    "central_url_invalid": QT_TRANSLATE_NOOP("FirstRun", "Type central's address, like https://central.example.com."),
    "central_url_insecure": QT_TRANSLATE_NOOP("FirstRun", "Central's address must start with https://: plain http:// would send this terminal's credential and members' phones unencrypted (it is allowed only to this computer)."),  # noqa: E501
    "code_empty": QT_TRANSLATE_NOOP("FirstRun", "Type the enrollment code head office gave you."),
    "code_format": QT_TRANSLATE_NOOP("FirstRun", "An enrollment code has only letters and digits, like ABCD-EFGH-JKLM-NPQR."),  # noqa: E501
    "register_code": QT_TRANSLATE_NOOP("FirstRun", "Central refused this enrollment code: it is mistyped, already used or expired. Check it, or ask head office for a new one."),  # noqa: E501
    "register_unreachable": QT_TRANSLATE_NOOP("FirstRun", "Central cannot be reached at this address. Check the address and the network cable and try again — or choose Standalone to start selling now and register later."),  # noqa: E501
    "register_certificate": QT_TRANSLATE_NOOP("FirstRun", "Central's certificate is not trusted here (expired, for another address, or from an unknown authority). Nothing was sent. Check the address, or ask head office for the chain's CA file."),  # noqa: E501
    "register_pinned": QT_TRANSLATE_NOOP("FirstRun", "Central's certificate is not the one pinned in this terminal's settings: the connection may be intercepted, or the certificate was replaced. Nothing was sent; ask head office."),  # noqa: E501
    "register_answer": QT_TRANSLATE_NOOP("FirstRun", "That address answers, but not like a Regulars central. Check the address."),  # noqa: E501
    "register_queue": QT_TRANSLATE_NOOP("FirstRun", "This terminal still has operations waiting to be sent to central; it cannot register again now."),  # noqa: E501
    "register_error": QT_TRANSLATE_NOOP("FirstRun", "Registration failed unexpectedly. Nothing was saved; try again, and call support if it repeats."),  # noqa: E501
    "block_range": QT_TRANSLATE_NOOP("FirstRun", "A member-code block is a number from 1 to 999."),
    "printer_host_empty": QT_TRANSLATE_NOOP("FirstRun", "Type the printer's network address (for example 192.168.1.50)."),  # noqa: E501
    "printer_port": QT_TRANSLATE_NOOP("FirstRun", "A port is a number from 1 to 65535."),
    "printer_path_empty": QT_TRANSLATE_NOOP("FirstRun", "Type the printer's device or file path."),
    "terminal_missing": QT_TRANSLATE_NOOP("FirstRun", "Register with central or choose Standalone first."),  # noqa: E501
    "manager_at_central": QT_TRANSLATE_NOOP("FirstRun", "Making the manager at central…"),
    "manager_central": QT_TRANSLATE_NOOP("FirstRun", "Central could not make the manager (it cannot be reached, or refused). Nothing was saved; check the network and press Finish again."),  # noqa: E501
    "manager_not_staff": QT_TRANSLATE_NOOP("FirstRun", "Head office already set up this store's staff. Go back and type the name and PIN of one of its managers."),  # noqa: E501
    "storage": QT_TRANSLATE_NOOP("FirstRun", "The settings could not be saved. Nothing was written; try again, and call support if it repeats."),  # noqa: E501
}

PRINTER_TEMPLATES: dict[PrinterFault, str] = {
    PrinterFault.UNREACHABLE: QT_TRANSLATE_NOOP("FirstRun", "The printer cannot be reached. Check its address, that it is switched on and its cable is plugged in."),  # noqa: E501
    PrinterFault.NO_ANSWER: QT_TRANSLATE_NOOP("FirstRun", "The printer does not answer. Switch it off and on and try again."),  # noqa: E501
    PrinterFault.DISCONNECTED: QT_TRANSLATE_NOOP("FirstRun", "The printer stopped in the middle of the slip. Check it and try again."),  # noqa: E501
    PrinterFault.PAPER_OUT: QT_TRANSLATE_NOOP("FirstRun", "The printer is out of paper. Load a roll and try again."),  # noqa: E501
    PrinterFault.COVER_OPEN: QT_TRANSLATE_NOOP("FirstRun", "The printer's cover is open. Close it and try again."),  # noqa: E501
}


def text(code: str, english: str = "") -> str:
    """The translated message for ``code`` (English fallback, logged)."""
    template = TEMPLATES.get(code)
    if template is None:
        log.warning("no set-up message for code %s", code)
        return english or QCoreApplication.translate(CONTEXT, TEMPLATES["register_error"])
    return QCoreApplication.translate(CONTEXT, template)


def describe(err: BaseException) -> str:
    """The message to show for an error from the set-up service or a test print."""
    if isinstance(err, PrinterError):
        template = PRINTER_TEMPLATES.get(err.fault)
        return QCoreApplication.translate(CONTEXT, template) if template else str(err)
    if isinstance(err, LoyaltyError):
        return text(err.code, str(err))
    log.error("set-up step failed: %s", type(err).__name__, exc_info=err)
    return text("register_error")
