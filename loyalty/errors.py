"""One exception hierarchy whose messages a cashier can read."""

from __future__ import annotations


class LoyaltyError(Exception):
    """Base of every domain error. ``str(err)`` is a sentence fit for the cashier's screen.

    ``code`` is a stable machine-readable reason (used by the wire protocol and translations).
    """

    code = "loyalty_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class InvalidInput(LoyaltyError):
    """Something typed or scanned is not acceptable (a phone, an amount, a code)."""

    code = "invalid_input"


class InvalidPhone(InvalidInput):
    code = "invalid_phone"


class InvalidAmount(InvalidInput):
    code = "invalid_amount"


class InvalidMemberCode(InvalidInput):
    code = "invalid_member_code"


class NotFound(LoyaltyError):
    code = "not_found"


class DuplicatePhone(LoyaltyError):
    """An active member already holds this phone; ``member_id`` names them."""

    code = "duplicate_phone"

    def __init__(self, message: str, member_id: str) -> None:
        super().__init__(message)
        self.member_id = member_id


class DuplicateReceipt(LoyaltyError):
    """This store's POS receipt was already credited."""

    code = "duplicate_receipt"


class RedemptionRefused(LoyaltyError):
    """A redemption breaks a rule (balance, min/max, offline limit)."""

    code = "redemption_refused"


class ApprovalRequired(LoyaltyError):
    """A manager must approve this action (large redemption, void, correction)."""

    code = "approval_required"


class NotPermitted(LoyaltyError):
    """The signed-in role may not do this."""

    code = "not_permitted"


class AuthenticationFailed(LoyaltyError):
    code = "authentication_failed"
