"""Taiwan e-invoice left QR codes, generated to the Ministry of Finance's layout: what is
read, and why a malformed or foreign code is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from loyalty.einvoice import (
    InvoiceRefused,
    check_seller,
    looks_like_invoice,
    make_invoice_qr,
    parse_invoice_qr,
    parse_seller_ids,
    valid_tax_id,
)
from loyalty.errors import InvalidInput

SELLER = "53212539"
TODAY = date(2026, 12, 6)


def code(**kw: object) -> str:
    args: dict[str, object] = {"number": "AB12345678", "issued_on": date(2026, 12, 5),
                               "total": 1260, "seller_tax_id": SELLER}
    args.update(kw)
    return make_invoice_qr(**args)  # type: ignore[arg-type]


def test_the_fixed_77_characters_give_number_date_amounts_and_ids() -> None:
    text = code(items=(("牛奶", 2, 80), ("吐司", 1, 1100)))
    assert text[:77] == ("AB12345678" "1151205" "1234" "000004B0" "000004EC" "00000000"
                         "53212539" "AAAAAAAAAAAAAAAAAAAAAA==")
    invoice = parse_invoice_qr(text, TODAY)
    assert invoice.number == "AB12345678"
    assert invoice.issued_on == date(2026, 12, 5)
    assert invoice.total_amount == Decimal(1260)
    assert invoice.sales_amount == Decimal(1200)
    assert invoice.seller_tax_id == SELLER and invoice.buyer_tax_id == "00000000"
    assert invoice.key == "AB12345678-11511"  # Nov–Dec of ROC 115


def test_the_period_is_the_two_month_block() -> None:
    assert parse_invoice_qr(code(issued_on=date(2026, 1, 31)), TODAY).period == "11501"
    assert parse_invoice_qr(code(issued_on=date(2026, 2, 1)), TODAY).period == "11501"
    assert parse_invoice_qr(code(issued_on=date(2026, 3, 1)), TODAY).period == "11503"


def test_only_invoice_shaped_scans_look_like_invoices() -> None:
    assert looks_like_invoice(code())
    assert looks_like_invoice(code()[:50])  # cut short: still meant as one, then refused
    for other in ("1000000017", "0912345678", "/ABC+123", "AB-20002", "R-0001"):
        assert not looks_like_invoice(other)


@pytest.mark.parametrize(("text", "reason"), [
    (code()[:60], "einvoice_short"),
    ("**:牛奶:2:80" + "x" * 80, "einvoice_right_code"),
    (code().replace("1151205", "1151345"), "einvoice_date"),
    (code(issued_on=date(2026, 12, 7)), "einvoice_future"),
    (code(total=0, sales=0), "einvoice_amount"),
    (code(seller_tax_id="53212530"), "einvoice_seller_id"),
    (code().replace("000004EC", "0000G4EC"), "einvoice_format"),
    (code().replace("AAAAAAAAAAAAAAAAAAAAAA==", "AAAA AAAAAAAAAAAAAAAAA=="), "einvoice_format"),
])
def test_malformed_codes_say_why(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_invoice_qr(text, TODAY)
    assert caught.value.code == reason


def test_a_foreign_seller_earns_nothing_and_no_setting_says_so() -> None:
    invoice = parse_invoice_qr(code(seller_tax_id="04595257"), TODAY)
    with pytest.raises(InvoiceRefused) as caught:
        check_seller(invoice, parse_seller_ids("53212539, 12345675"))
    assert caught.value.code == "einvoice_foreign"
    with pytest.raises(InvoiceRefused) as caught:
        check_seller(invoice, frozenset())
    assert caught.value.code == "einvoice_no_seller_ids"
    check_seller(invoice, parse_seller_ids(["04595257"]))


def test_tax_id_check_digits() -> None:
    assert valid_tax_id("04595257") and valid_tax_id("53212539")
    assert not valid_tax_id("53212530") and not valid_tax_id("1234567")
    assert parse_seller_ids("53212539 53212530,x") == frozenset({"53212539"})
