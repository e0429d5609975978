"""Slip builders: what the customer and manager read on paper."""

from dataclasses import replace
from datetime import datetime

import pytest

from printing.document import Barcode, Document, Pair, QrCode, Text
from printing.samples import SALE, STORE, award, sample_documents
from printing.slips import build_award, local_time


def _pairs(doc: Document) -> dict[str, str]:
    return {b.label.strip(): b.value for b in doc.blocks if isinstance(b, Pair)}


def _texts(doc: Document) -> str:
    return "\n".join(b.text for b in doc.blocks if isinstance(b, Text))


def test_award_shows_sale_points_balance_and_masked_phone() -> None:
    pairs = _pairs(build_award(award()))
    assert pairs["消費金額"] == "NT$1,280"
    assert pairs["本次獲得"] == "+128 點"
    assert pairs["點數餘額"] == "3,456 點"
    assert pairs["手機"] == "0912-***-678"
    assert pairs["時間"] == "2025-03-14 15:42"  # 07:42 UTC in Taipei


def test_award_without_expiry_or_next_tier_says_nothing_about_them() -> None:
    slip = replace(award(), expiring_points=0, expiring_on=None, next_tier_name=None,
                   spend_to_next=None, pending=0)
    text = _texts(build_award(slip))
    assert "到期" not in text and "升級" not in text and "待連線確認" not in text


def test_times_print_in_the_store_zone_and_must_be_aware() -> None:
    hk = replace(STORE, tz="Asia/Hong_Kong")
    assert _pairs(build_award(replace(award(), store=hk)))["時間"] == "2025-03-14 15:42"
    tokyo = datetime(2025, 1, 1, 0, 0, tzinfo=SALE.at.tzinfo)
    assert local_time(tokyo, "Asia/Tokyo") == "2025-01-01 09:00"
    with pytest.raises(ValueError, match="timezone-aware"):
        local_time(datetime(2025, 1, 1), "Asia/Taipei")


def test_summary_states_member_share_and_liability() -> None:
    pairs = _pairs(sample_documents()["summary"])
    assert pairs["會員占比"] == "63.4%"
    assert pairs["點數負債"] == "NT$81,234"
    assert pairs["流失 L"] == "2,805 人"


def test_redemption_names_the_approving_manager_and_offline_state() -> None:
    doc = sample_documents()["redemption"]
    assert _pairs(doc)["主管核准"] == "王店長"
    assert _pairs(doc)["手機"] == "9123 **67"
    assert "離線折抵" in _texts(doc)


@pytest.mark.parametrize("kind", ["welcome", "card"])
def test_member_code_slips_carry_barcode_and_qr(kind: str) -> None:
    doc = sample_documents()[kind]
    assert [type(b) for b in doc.blocks if isinstance(b, Barcode | QrCode)] == [Barcode, QrCode]


def test_sample_member_codes_are_codes_the_counter_accepts() -> None:
    """The previews' barcodes must scan at the counter: 10 digits, Damm check, no leading 0
    (a 禮券's barcode is its serial, not a member code)."""
    from loyalty.member_code import parse_member_code
    from printing.samples import PASS_SERIAL, SAMPLE_CODE

    docs = sample_documents()
    codes = {b.data for doc in docs.values() for b in doc.blocks
             if isinstance(b, Barcode | QrCode) and doc.kind != "prepaid_pass"}
    assert codes == {SAMPLE_CODE}
    assert [b.data for b in docs["prepaid_pass"].blocks if isinstance(b, Barcode)] == [
        PASS_SERIAL]
    assert parse_member_code(SAMPLE_CODE) == SAMPLE_CODE
