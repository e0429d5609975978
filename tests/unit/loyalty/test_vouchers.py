"""The chain's 禮券 issuer in the rules document: read, written back, checked."""

from dataclasses import replace

import pytest

from loyalty.rules import Rules, default_rules
from loyalty.vouchers import VoucherIssuer, VoucherIssuerIncomplete
from printing.samples import ISSUER


def test_rules_without_an_issuer_read_as_empty_and_write_no_block() -> None:
    rules = default_rules("TW")
    assert rules.voucher_issuer == VoucherIssuer()
    assert "voucher_issuer" not in rules.to_document()
    with pytest.raises(VoucherIssuerIncomplete) as err:
        rules.voucher_issuer.check()
    assert err.value.code == "voucher_issuer_missing"
    assert "issuer's name (名稱), address (地址), tax id (統一編號), representative (負責人), " \
           "consumer hotline (消費者服務專線), performance guarantee (履約保證)" in str(err.value)


def test_the_issuer_survives_the_document_round_trip() -> None:
    rules = replace(default_rules("TW"), voucher_issuer=ISSUER)
    doc = rules.to_document()
    assert doc["voucher_issuer"]["tax_id"] == "24549210"
    assert Rules.from_document(doc) == rules
    Rules.from_document(doc).voucher_issuer.check()


@pytest.mark.parametrize(("field", "value", "words"), [
    ("tax_id", "12345678", "not a valid 統一編號"),
    ("tax_id", "2454921", "not a valid 統一編號"),
    ("guarantee", "保" * 201, "longer than 200"),
])
def test_a_bad_issuer_makes_the_document_invalid(field: str, value: str, words: str) -> None:
    doc = replace(default_rules("TW"), voucher_issuer=ISSUER).to_document()
    doc["voucher_issuer"][field] = value
    with pytest.raises(ValueError, match=words):
        Rules.from_document(doc)


def test_only_the_empty_fields_are_named() -> None:
    issuer = VoucherIssuer.from_document(ISSUER.to_document() | {"hotline": "", "address": " "})
    assert issuer.missing() == ("address", "hotline")
    with pytest.raises(VoucherIssuerIncomplete, match=r"address \(地址\), consumer hotline"):
        issuer.check()


def test_the_demo_chain_can_sell_passes_and_its_rules_survive_central() -> None:
    from loyalty.store.demo_rules import demo_rules

    rules = demo_rules()
    rules.voucher_issuer.check()
    assert Rules.from_document(rules.to_document()) == rules
    assert [p.program_id for p in rules.programs if p.kind == "prepaid_pass"] == ["latte-10"]
