"""Cashier messages for domain errors, translated by the error's stable ``code``.

``str(err)`` is English; the screen shows the translation of the template registered for
``err.code``, with its ``%1`` filled from the English sentence (the number or text it names).
Unknown codes fall back to the English sentence, logged so a missing one gets noticed.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QCoreApplication

from loyalty.errors import LoyaltyError

log = logging.getLogger(__name__)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for pyside6-lupdate (which looks for this name); returns it as is."""
    return text


CONTEXT = "Messages"
_NUMBER = r"(\d[\d,]*)"

# code → (template, regex whose first group fills %1, or None)
TEMPLATES: dict[str, tuple[str, str | None]] = {
    "search_empty": (QT_TRANSLATE_NOOP("Messages", "Type a phone number, its last digits, a member code or a name."), None),  # noqa: E501
    "code_length": (QT_TRANSLATE_NOOP("Messages", "A member code has 10 digits and does not start with 0."), None),  # noqa: E501
    "code_check_digit": (QT_TRANSLATE_NOOP("Messages", "Code %1 fails its check digit: a digit was mistyped or misread. Scan or type it again."), r"“(.*)”"),  # noqa: E501
    "phone_empty": (QT_TRANSLATE_NOOP("Messages", "Enter a phone number."), None),
    "phone_bad_characters": (QT_TRANSLATE_NOOP("Messages", "A phone number has only digits, spaces, dashes and a leading +."), None),  # noqa: E501
    "phone_unparseable": (QT_TRANSLATE_NOOP("Messages", "That is not a phone number."), None),
    "phone_invalid": (QT_TRANSLATE_NOOP("Messages", "That phone number is not valid: check the number of digits."), None),  # noqa: E501
    "phone_not_mobile": (QT_TRANSLATE_NOOP("Messages", "That is not a mobile number; members join with a mobile."), None),  # noqa: E501
    "phone_extension": (QT_TRANSLATE_NOOP("Messages", "A member's mobile number has no extension: remove %1."), r"extension \(([^)]*)\)"),  # noqa: E501
    "phone_region": (QT_TRANSLATE_NOOP("Messages", "This chain does not take members with mobile numbers from %1."), r"number from (.*?);"),  # noqa: E501
    "amount_empty": (QT_TRANSLATE_NOOP("Messages", "Enter the sale amount."), None),
    "amount_not_number": (QT_TRANSLATE_NOOP("Messages", "That is not an amount."), None),
    "amount_negative": (QT_TRANSLATE_NOOP("Messages", "The amount cannot be negative."), None),
    "amount_zero": (QT_TRANSLATE_NOOP("Messages", "The amount must be more than zero."), None),
    "amount_too_precise": (QT_TRANSLATE_NOOP("Messages", "Too many decimals for this currency."), None),  # noqa: E501
    "amount_too_large": (QT_TRANSLATE_NOOP("Messages", "That amount is too large for one sale."), None),  # noqa: E501
    "receipt_invalid": (QT_TRANSLATE_NOOP("Messages", "That receipt number is not valid."), None),
    "duplicate_receipt": (QT_TRANSLATE_NOOP("Messages", "Receipt %1 already earned points."), r"Receipt (.*) already"),  # noqa: E501
    "redeem_empty": (QT_TRANSLATE_NOOP("Messages", "Enter the points to redeem."), None),
    "redeem_not_number": (QT_TRANSLATE_NOOP("Messages", "Type the points as a whole number."), None),  # noqa: E501
    "redeem_step": (QT_TRANSLATE_NOOP("Messages", "Points are redeemed in steps of %1."), _NUMBER),
    "redeem_below_min": (QT_TRANSLATE_NOOP("Messages", "The minimum redemption is %1 points."), _NUMBER),  # noqa: E501
    "redeem_over_balance": (QT_TRANSLATE_NOOP("Messages", "The member has only %1 points."), _NUMBER),  # noqa: E501
    "redeem_over_max": (QT_TRANSLATE_NOOP("Messages", "At most %1 points per sale."), _NUMBER),
    "redeem_over_share": (QT_TRANSLATE_NOOP("Messages", "Points can pay at most %1% of this sale."), _NUMBER),  # noqa: E501
    "redeem_busy": (QT_TRANSLATE_NOOP("Messages", "Central is still answering the last redemption."), None),  # noqa: E501
    "redeem_abandoned": (QT_TRANSLATE_NOOP("Messages", "The redemption was cancelled; the member keeps the points."), None),  # noqa: E501
    "cancelled": (QT_TRANSLATE_NOOP("Messages", "This redemption was cancelled at the counter."), None),  # noqa: E501
    "redeem_failed": (QT_TRANSLATE_NOOP("Messages", "The redemption did not go through. Check the member's history before trying again."), None),  # noqa: E501
    "approval_required": (QT_TRANSLATE_NOOP("Messages", "Redeeming over %1 points needs a manager's approval."), _NUMBER),  # noqa: E501
    "offline_disabled": (QT_TRANSLATE_NOOP("Messages", "The chain does not allow redeeming offline."), None),  # noqa: E501
    "over_sale_limit": (QT_TRANSLATE_NOOP("Messages", "More points than may be redeemed in one sale offline."), None),  # noqa: E501
    "member_count": (QT_TRANSLATE_NOOP("Messages", "This member already redeemed offline here as often as allowed."), None),  # noqa: E501
    "too_long_offline": (QT_TRANSLATE_NOOP("Messages", "Too long since the last sync to redeem offline."), None),  # noqa: E501
    "budget_spent": (QT_TRANSLATE_NOOP("Messages", "This terminal's offline redemption budget is used up."), None),  # noqa: E501
    "offline_approval_required": (QT_TRANSLATE_NOOP("Messages", "A manager may approve it."), None),
    "not_permitted": (QT_TRANSLATE_NOOP("Messages", "Only a manager can approve this."), None),
    "auth_unknown": (QT_TRANSLATE_NOOP("Messages", "Unknown cashier."), None),
    "auth_locked": (QT_TRANSLATE_NOOP("Messages", "Too many wrong PINs. Try again in %1 min."), _NUMBER),  # noqa: E501
    "auth_wrong_pin": (QT_TRANSLATE_NOOP("Messages", "Wrong PIN."), None),
    "pin_format": (QT_TRANSLATE_NOOP("Messages", "A PIN is 4 to 8 digits."), None),
    "pin_mismatch": (QT_TRANSLATE_NOOP("Messages", "The two PINs differ."), None),
    "cashier_name_empty": (QT_TRANSLATE_NOOP("Messages", "Enter the cashier's name."), None),
    "cashier_exists": (QT_TRANSLATE_NOOP("Messages", "A cashier with that name already exists."), None),  # noqa: E501
    "manager_exists": (QT_TRANSLATE_NOOP("Messages", "This store already has a manager."), None),
    "name_empty": (QT_TRANSLATE_NOOP("Messages", "Enter the member's name."), None),
    "name_too_long": (QT_TRANSLATE_NOOP("Messages", "A name has at most %1 characters."), _NUMBER),
    "name_bad_character": (QT_TRANSLATE_NOOP("Messages", "The name contains an invisible or control character (%1): type the name again without it."), r"\((U\+[0-9A-F]+[^)]*)\)"),  # noqa: E501
    "name_bidi_control": (QT_TRANSLATE_NOOP("Messages", "The name contains a direction control character (%1), which reorders the letters on screen: type the name instead of pasting it."), r"\((U\+[0-9A-F]+[^)]*)\)"),  # noqa: E501
    "name_unknown_character": (QT_TRANSLATE_NOOP("Messages", "The name contains a character this system does not know yet (%1), perhaps a newer emoji: type the name without it."), r"\((U\+[0-9A-F]+[^)]*)\)"),  # noqa: E501
    "self_referral": (QT_TRANSLATE_NOOP("Messages", "A new member cannot refer themself: give another member's phone or code."), None),  # noqa: E501
    "instrument_expired": (QT_TRANSLATE_NOOP("Messages", "This expired on %1."), r"on (\S+)\.$"),
    "instrument_invalid": (QT_TRANSLATE_NOOP("Messages", "That cannot be recorded."), None),
    "instrument_kind": (QT_TRANSLATE_NOOP("Messages", "That cannot be done with this kind of coupon, pass or card."), None),  # noqa: E501
    "instrument_limit": (QT_TRANSLATE_NOOP("Messages", "This member already holds as many as the program allows."), None),  # noqa: E501
    "instrument_not_eligible": (QT_TRANSLATE_NOOP("Messages", "This member cannot take part in this program here."), None),  # noqa: E501
    "instrument_offline_limit": (QT_TRANSLATE_NOOP("Messages", "This till already redeemed %1 of these offline; connect to head office to redeem more."), _NUMBER),  # noqa: E501
    "instrument_online_only": (QT_TRANSLATE_NOOP("Messages", "This can only be redeemed while the till is connected to head office."), None),  # noqa: E501
    "instrument_over_balance": (QT_TRANSLATE_NOOP("Messages", "Only %1 left."), _NUMBER),
    "instrument_program": (QT_TRANSLATE_NOOP("Messages", "This program is not running now."), None),  # noqa: E501
    "instrument_units": (QT_TRANSLATE_NOOP("Messages", "That many cannot be redeemed at once."), None),  # noqa: E501
    "instrument_used": (QT_TRANSLATE_NOOP("Messages", "This has already been used."), None),
    "referral_invalid": (QT_TRANSLATE_NOOP("Messages", "That referral code is not valid: at most 40 letters, digits or symbols."), None),  # noqa: E501
    "birthday_invalid": (QT_TRANSLATE_NOOP("Messages", "That birthday is not a date."), None),
    "birthday_year": (QT_TRANSLATE_NOOP("Messages", "That birth year is not plausible."), None),
    "birthday_format": (QT_TRANSLATE_NOOP("Messages", "Type the birthday as MM/DD or YYYY/MM/DD."), None),  # noqa: E501
    "consent_missing": (QT_TRANSLATE_NOOP("Messages", "Ask the customer: may we send marketing messages? Choose yes or no."), None),  # noqa: E501
    "duplicate_phone": (QT_TRANSLATE_NOOP("Messages", "%1 is already a member: showing them instead."), r"^(\S+)"),  # noqa: E501
    "not_found": (QT_TRANSLATE_NOOP("Messages", "No such member or transaction."), None),
    "void_reason": (QT_TRANSLATE_NOOP("Messages", "Give a reason for the void."), None),
    "void_kind": (QT_TRANSLATE_NOOP("Messages", "That entry cannot be voided."), None),
    "void_twice": (QT_TRANSLATE_NOOP("Messages", "That transaction was already voided."), None),
    "void_none": (QT_TRANSLATE_NOOP("Messages", "Pick a transaction in the member's history first."), None),  # noqa: E501
    "no_member": (QT_TRANSLATE_NOOP("Messages", "Find the member first."), None),
    "approver_missing": (QT_TRANSLATE_NOOP("Messages", "A manager must enter their PIN to approve."), None),  # noqa: E501
    "no_code_block": (QT_TRANSLATE_NOOP("Messages", "This terminal cannot enroll yet: it has no member-code block. Run set-up or sync."), None),  # noqa: E501
    "einvoice_short": (QT_TRANSLATE_NOOP("Messages", "The invoice code is cut short (%1 characters): scan it again."), r"\((\d+) of"),  # noqa: E501
    "einvoice_right_code": (QT_TRANSLATE_NOOP("Messages", "That is the invoice's right QR code: scan the left one."), None),  # noqa: E501
    "einvoice_format": (QT_TRANSLATE_NOOP("Messages", "That is not an e-invoice code: its fields do not fit the Ministry of Finance's layout."), None),  # noqa: E501
    "einvoice_date": (QT_TRANSLATE_NOOP("Messages", "The invoice date %1 is not a date."), r"date (\d+)"),  # noqa: E501
    "einvoice_future": (QT_TRANSLATE_NOOP("Messages", "The invoice is dated %1, after today."), r"dated (\S+),"),  # noqa: E501
    "einvoice_amount": (QT_TRANSLATE_NOOP("Messages", "The invoice's total is zero."), None),
    "einvoice_seller_id": (QT_TRANSLATE_NOOP("Messages", "The seller's tax id %1 on the invoice fails its check: the code is damaged."), r"tax id (\d+)"),  # noqa: E501
    "einvoice_foreign": (QT_TRANSLATE_NOOP("Messages", "This invoice is from another seller (tax id %1): it earns nothing here."), r"seller \((\d+)\)"),  # noqa: E501
    "einvoice_no_seller_ids": (QT_TRANSLATE_NOOP("Messages", "This counter has no seller tax ids set, so it cannot tell its own invoices: a manager sets them in the settings (F10)."), None),  # noqa: E501
    "pos_body": (QT_TRANSLATE_NOOP("Messages", "The POS sent a sale the counter cannot read."), None),  # noqa: E501
    "carrier_invalid": (QT_TRANSLATE_NOOP("Messages", "A mobile-carrier barcode is / and 7 letters, digits or . + -."), None),  # noqa: E501
    "carrier_consent": (QT_TRANSLATE_NOOP("Messages", "Ask the customer first: may we keep their carrier barcode to find them? Tick the box if they agree."), None),  # noqa: E501
    "carrier_taken": (QT_TRANSLATE_NOOP("Messages", "This carrier barcode is linked to another member."), None),  # noqa: E501
    "storage": (QT_TRANSLATE_NOOP("Messages", "The local store could not save this. Nothing was recorded; try again, and call support if it repeats."), None),  # noqa: E501
}


def describe(err: LoyaltyError) -> str:
    """The cashier's message for ``err`` in the current language."""
    reasons = getattr(getattr(err, "decision", None), "reasons", None)
    if reasons:  # offline floor limits: every broken limit, then who may still approve
        parts = [_template(reason) for reason in reasons]
        return " ".join([*parts, _template(err.code)])
    return _template(err.code, str(err))


def _template(code: str, english: str = "") -> str:
    entry = TEMPLATES.get(code)
    if entry is None:
        log.warning("no translated message for error code %s", code)
        return english
    template, pattern = entry
    text = QCoreApplication.translate(CONTEXT, template)
    if pattern is None:
        return text
    match = re.search(pattern, english)
    return text.replace("%1", match.group(1) if match else "")
