"""Identity before a redemption: when a phone number alone does not prove the member.

The chain's policy comes with the rules (:class:`loyalty.member_qr.MemberQrRules`): above
``proof_above_points`` points, or for any instrument when ``proof_for_instruments``, the
cashier must scan the member's signed QR (:mod:`loyalty.member_qr`) or a manager approves.
One function decides it for the points redemption, the instrument redemption and central.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from loyalty.errors import ApprovalRequired

if TYPE_CHECKING:
    from loyalty.rules import Rules

MEMBER_QR = "member_qr"  # the member's signed QR was scanned for this sale
MANAGER = "manager"  # a manager approved (their PIN): they vouch for the person
CENTRAL = "central"  # central authorised the redemption: it checked the proof itself
PROOFS = frozenset({MEMBER_QR, MANAGER, CENTRAL})


class IdentityProofRequired(ApprovalRequired):
    """A phone number is not enough here: scan the member's QR or a manager approves."""

    code = "identity_proof_required"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "A phone number is not enough: scan the member's QR "
                         "code, or a manager approves.")


def proof_needed(rules: Rules, points: int, *, instrument: bool = False,
                 proven_by: str | None = None) -> bool:
    """Whether redeeming ``points`` (or an instrument) still needs proof of the member.

    ``proven_by``: :data:`MEMBER_QR` or :data:`MANAGER` when the member was proven for this
    sale; None when they were found by phone, member code or name only.
    """
    if proven_by in PROOFS:
        return False
    policy = rules.member_qr
    if instrument and policy.proof_for_instruments:
        return True
    return policy.proof_above_points is not None and points > policy.proof_above_points
