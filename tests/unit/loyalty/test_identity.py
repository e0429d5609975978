"""The chain's identity policy (issue #20 point 5): when a phone alone is not enough."""

from __future__ import annotations

import dataclasses

import pytest

from loyalty.errors import RedemptionRefused
from loyalty.identity import MANAGER, MEMBER_QR, IdentityProofRequired, proof_needed
from loyalty.member_qr import MemberQrRules
from loyalty.redemption import decide_redemption
from loyalty.rules import Rules, default_rules


def rules(above: int | None = 500, instruments: bool = True) -> Rules:
    return dataclasses.replace(default_rules(), member_qr=MemberQrRules(
        proof_above_points=above, proof_for_instruments=instruments))


def test_above_the_chains_points_a_phone_alone_is_not_enough_and_a_qr_or_manager_is() -> None:
    r = rules()
    assert not proof_needed(r, 500)
    assert proof_needed(r, 501)
    assert not proof_needed(r, 501, proven_by=MEMBER_QR)
    assert not proof_needed(r, 501, proven_by=MANAGER)
    assert proof_needed(r, 501, proven_by="phone")


def test_any_instrument_needs_proof_when_the_chain_says_so() -> None:
    assert proof_needed(rules(), 0, instrument=True)
    assert not proof_needed(rules(instruments=False), 0, instrument=True)
    assert not proof_needed(rules(), 0, instrument=True, proven_by=MEMBER_QR)


def test_without_a_policy_nothing_changes() -> None:
    assert not proof_needed(default_rules(), 10**6, instrument=True)


def test_the_redemption_decision_asks_for_proof_and_a_managers_approval_covers_it() -> None:
    r = rules(above=100)
    points = 2 * r.redeem_min_points if r.redeem_min_points > 100 else 200
    points -= points % r.redeem_points_unit
    decision = decide_redemption(r, points, 10**6, None)
    assert isinstance(decision.approval, IdentityProofRequired)
    with pytest.raises(IdentityProofRequired, match="QR code"):
        decision.require_approval()
    assert decide_redemption(r, points, 10**6, None, proven_by=MEMBER_QR).approval is None
    decide_redemption(r, points, 10**6, None, approved_by="m1").require_approval()
    with pytest.raises(RedemptionRefused):  # proof never allows what the rules refuse
        decide_redemption(r, points, 0, None, proven_by=MEMBER_QR)


def test_the_policy_travels_in_the_rules_document() -> None:
    r = rules(above=300, instruments=False)
    doc = r.to_document()
    assert doc["member_qr"]["proof_above_points"] == 300
    assert Rules.from_document(doc) == r
    assert "member_qr" not in default_rules().to_document()
