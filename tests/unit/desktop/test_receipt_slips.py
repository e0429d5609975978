"""Slips from counter operations on a real store: what the customer reads on paper."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from desktop.services.receipt_slips import SlipFactory
from desktop.services.receipts import Receipt
from loyalty.money import Currency, Money
from loyalty.rules import default_rules
from loyalty.store.context import TillContext
from loyalty.store.rulebook import current_rules, store_rules
from loyalty.store.service import CounterService
from printing import Barcode, Document, Pair, QrCode, StoreInfo, Text
from tests.helpers.store import StoreFixture

STORE = StoreInfo("好日子 信義店", "台北市信義區松高路 11 號", tz="Asia/Taipei")


def _pairs(doc: Document) -> dict[str, str]:
    return {b.label.strip(): b.value for b in doc.blocks if isinstance(b, Pair)}


def _texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Text)]


def _factory(service: CounterService, currency: Currency = Currency.TWD) -> SlipFactory:
    return SlipFactory(STORE, service.ctx.terminal_id, currency, service.panel, service.now)


def test_award_slip_has_balance_masked_phone_expiring_points_and_the_code(
        store_fixture: StoreFixture, counter_service: CounterService) -> None:
    service = counter_service
    member = service.enroll(phone="0912345678", name="陳美玲", marketing_consent=True)
    service.award(member.member_id, Money(Decimal(1000), Currency.TWD), "R-1")
    with service.read_engine.connect() as conn:
        expires = current_rules(conn).expires_on(store_fixture.clock.now.date())
    store_fixture.clock.now = store_fixture.clock.now.replace(
        year=expires.year, month=expires.month, day=expires.day) - timedelta(days=10)
    sale = Money(Decimal(2480), Currency.TWD)
    change = service.award(member.member_id, sale, "R-2")
    doc = _factory(service).document(Receipt("award", None, change=change, sale=sale,
                                             receipt_no="R-2", cashier_name="李小華"))
    assert doc is not None
    pairs = _pairs(doc)
    assert pairs["手機"] == "0912-***-678"
    assert pairs["點數餘額"] == f"{change.balance:,} 點"
    assert pairs["本次獲得"] == f"+{change.points:,} 點"
    assert pairs["消費金額"] == "NT$2,480"
    assert pairs["單號"] == "R-2" and pairs["機台/收銀員"] == "S001-T01 / 李小華"
    assert f"※ 100 點 將於 {expires:%Y-%m-%d} 到期" in _texts(doc)
    codes = [b.data for b in doc.blocks if isinstance(b, Barcode | QrCode)]
    assert codes == [member.member_code, member.member_code]


def test_hong_kong_sale_in_hkd_and_redemption_slip(store_fixture: StoreFixture) -> None:
    with store_fixture.engine.begin() as conn:
        store_rules(conn, default_rules("HK"), store_fixture.clock.now)
    service = store_fixture.service(TillContext("S009", "S009-T01", region="HK",
                                            tz_name="Asia/Hong_Kong", currency=Currency.HKD))
    try:
        member = service.enroll(phone="91234567", name="張嘉欣", marketing_consent=True)
        sale = Money(Decimal("3456.50"), Currency.HKD)
        earned = service.award(member.member_id, sale)
        award = _factory(service, Currency.HKD).document(
            Receipt("award", None, change=earned, sale=sale))
        assert award is not None
        assert _pairs(award)["消費金額"] == "HK$3,456.50"
        assert _pairs(award)["單號"] == "-"  # no POS receipt number was typed
        assert _pairs(award)["手機"] == "9123 **67"
        used = service.redeem(member.member_id, 1000, sale=sale)
        value = Money(Decimal(10), Currency.HKD)
        doc = _factory(service, Currency.HKD).document(
            Receipt("redeem", None, change=used, sale=sale, discount=value))
        assert doc is not None
        assert _pairs(doc)["使用點數"] == "-1,000 點"
        assert _pairs(doc)["點數餘額"] == f"{used.balance:,} 點"
        assert _pairs(doc)["折抵金額"] == "HK$10.00"
    finally:
        service.close()


def test_enrollment_prints_a_welcome_slip_and_a_void_prints_none(
        counter_service: CounterService) -> None:
    enrollment = counter_service.enroll(phone="0922111678", name="林志明",
                                        marketing_consent=False)
    factory = _factory(counter_service)
    welcome = factory.document(Receipt("enroll", None, enrollment=enrollment))
    assert welcome is not None and welcome.kind == "welcome"
    assert _pairs(welcome)["會員編號"] == enrollment.member_code
    assert factory.document(Receipt("void", None)) is None
