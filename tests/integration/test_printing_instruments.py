"""Instrument slips as a network printer receives them: the ESC/POS bytes captured from the
printer's socket, decoded, for each kind of instrument and for the prepaid pass's 禮券 (issuer,
tax id, representative, item and count, serial, how to use, hotline, guarantee, no expiry)."""

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest

from loyalty.vouchers import VoucherIssuer, VoucherIssuerIncomplete
from printing import Document, PrinterProfile
from printing.escpos_render import render_escpos
from printing.pass_slips import NO_EXPIRY, build_instrument_use, build_prepaid_pass
from printing.samples import (
    BIRTHDAY,
    COUPON,
    ISSUER,
    LATTE_PASS,
    MEMBER,
    PASS_SERIAL,
    REFERRAL,
    REWARD,
    SALE,
    STAMP_CARD,
    STORE,
    award,
    twd,
)
from printing.slip_data import InstrumentLine, InstrumentUseSlip, PrepaidPassSlip, RedemptionSlip
from printing.slips import build_award, build_redemption
from printing.transport import send
from tests.helpers.escpos_decoder import Decoded, decode, paper_columns
from tests.helpers.printer_server import PrinterServer, printer_server

PLAIN = replace(MEMBER, name="林小明")  # all Big5: every line arrives as text
PAPERS = [(58, 32), (80, 48)]


@pytest.fixture
def server() -> Iterator[PrinterServer]:
    with printer_server() as srv:
        yield srv


def _printed(server: PrinterServer, doc: Document, paper: int) -> Decoded:
    profile = PrinterProfile(host="127.0.0.1", port=server.port, timeout_s=2.0,
                             status_timeout_s=0.3, paper_mm=paper)
    send(profile, render_escpos(doc, profile))
    [job] = server.wait_for_jobs(1)
    slip = decode(job, "big5")
    assert not slip.rasters and not any("?" in t for t in slip.texts)
    assert len(slip.cuts) == 1
    return slip


def _line(slip: Decoded, label: str) -> str:
    found = [t for t in slip.texts if t.startswith(label)]
    assert found, f"no line starts with {label!r} in {slip.texts}"
    return found[0]


def _pass(issuer: VoucherIssuer = ISSUER) -> PrepaidPassSlip:
    return PrepaidPassSlip(STORE, SALE, PLAIN, issuer, name="拿鐵寄杯 10 杯", item="中杯拿鐵",
                           count=10, serial=PASS_SERIAL, price=twd(1200))


@pytest.mark.parametrize(("paper", "columns"), PAPERS)
@pytest.mark.parametrize(("line", "value", "left"), [
    (COUPON, "-1 張", None),
    (BIRTHDAY, "-1 張", None),
    (REFERRAL, "-1 張", None),
    (replace(COUPON, name="三次洗車券", left=2), "-1 張", "2 張"),
    (InstrumentLine("集點兌換 中杯拿鐵", "stamp_card", used=1, left=0), "-1 點", None),
    (LATTE_PASS, "-1 杯", "剩 9 杯"),
])
def test_an_instrument_used_on_its_own_prints_what_and_what_is_left(
        server: PrinterServer, paper: int, columns: int, line: InstrumentLine, value: str,
        left: str | None) -> None:
    slip = _printed(server, build_instrument_use(InstrumentUseSlip(STORE, SALE, PLAIN, line)),
                    paper)
    assert "優惠使用明細" in [t.strip() for t in slip.texts]
    used = _line(slip, line.name)
    assert used.endswith(value) and paper_columns(used) == columns
    lines = [t for t in slip.texts if t.startswith(line.name)]
    if left is None:
        assert len(lines) == 1 and not any(t.startswith("剩餘") for t in slip.texts)
    else:
        assert any(t.endswith(left) for t in slip.texts)
    if line.kind == "prepaid_pass":
        assert "寄杯剩餘" in slip.texts and _line(slip, "禮券序號").endswith(PASS_SERIAL)


@pytest.mark.parametrize(("paper", "columns"), PAPERS)
def test_a_sale_slip_shows_the_stamps_now_the_reward_issued_and_the_cups_left(
        server: PrinterServer, paper: int, columns: int) -> None:
    doc = build_award(replace(award(PLAIN), instruments=(
        replace(STAMP_CARD, stamps=3), REWARD, replace(LATTE_PASS, used=0, left=4))))
    slip = _printed(server, doc, paper)
    texts = slip.texts
    assert texts.index("集點卡") < texts.index("本次獲得") < texts.index("寄杯剩餘")
    assert "本次使用" not in texts  # nothing was used on this sale
    for label, value in (("咖啡集點卡", "3/10 點"), ("集點兌換 中杯拿鐵", "+1 張"),
                         ("拿鐵寄杯 10 杯", "剩 4 杯")):
        printed = _line(slip, label)
        assert printed.endswith(value) and paper_columns(printed) == columns
    assert {"再集 7 點可兌換", "使用期限至 2025-06-30"} <= {t.strip() for t in texts}


@pytest.mark.parametrize(("paper", "columns"), PAPERS)
def test_a_redemption_slip_lists_the_instruments_used(server: PrinterServer, paper: int,
                                                      columns: int) -> None:
    doc = build_redemption(RedemptionSlip(
        store=STORE, sale=SALE, member=PLAIN, points_used=500, value=twd(50), balance=2956,
        instruments=(LATTE_PASS, COUPON, STAMP_CARD)))
    slip = _printed(server, doc, paper)
    texts = slip.texts
    used = texts[texts.index("本次使用") + 1:texts.index("本次使用") + 3]
    assert [t.split()[0] for t in used] == ["拿鐵寄杯", "滿千折百券"]
    assert used[0].endswith("-1 杯") and used[1].endswith("-1 張")
    assert all(paper_columns(t) == columns for t in used)
    assert _line(slip, "咖啡集點卡").endswith("7/10 點")
    assert texts[texts.index("寄杯剩餘") + 1].endswith("剩 9 杯")


@pytest.mark.parametrize(("paper", "columns"), PAPERS)
def test_the_voucher_carries_every_mandatory_field_and_no_expiry(
        server: PrinterServer, paper: int, columns: int) -> None:
    slip = _printed(server, build_prepaid_pass(_pass()), paper)
    texts = slip.texts
    whole = "".join(t.strip() for t in texts)  # paragraphs wrap at the paper's width
    assert "商品禮券（寄杯）" in [t.strip() for t in texts]
    for label, value in (("商品名稱", "中杯拿鐵"), ("數量", "10 杯"), ("售價", "NT$1,200"),
                         ("禮券序號", PASS_SERIAL), ("統一編號", "24549210"),
                         ("負責人", "林大同"), ("消費者服務專線", "0800-000-123")):
        printed = _line(slip, label)
        assert printed.endswith(value) and paper_columns(printed) == columns, printed
    for text in (f"名稱：{ISSUER.name}", f"地址：{ISSUER.address}".replace(" ", ""),
                 ISSUER.guarantee, "使用方式", "履約保證", "發行人", NO_EXPIRY):
        assert text in whole.replace(" ", ""), text
    assert [b.data for b in slip.barcodes] == [PASS_SERIAL]  # the serial scans
    # No expiry: the only date on the 禮券 is when it was sold.
    assert re.findall(r"\d{4}-\d{2}-\d{2}", "\n".join(texts)) == ["2025-03-14"]
    assert "到期" not in whole and "期限至" not in whole


def test_the_chains_own_directions_replace_the_default(server: PrinterServer) -> None:
    issuer = replace(ISSUER, how_to_use="請於全台門市出示本券序號兌換。")
    whole = "".join(t.strip() for t in _printed(server, build_prepaid_pass(_pass(issuer)),
                                                58).texts)
    assert "請於全台門市出示本券序號兌換。" in whole and "可分次使用" not in whole


@pytest.mark.parametrize(("paper", "columns"), PAPERS)
def test_a_refund_slip_says_the_cups_taken_back_the_money_and_the_manager(
        server: PrinterServer, paper: int, columns: int) -> None:
    doc = build_instrument_use(InstrumentUseSlip(
        STORE, SALE, PLAIN, replace(LATTE_PASS, used=6, left=0), refund=twd(540),
        approved_by="王店長"))
    slip = _printed(server, doc, paper)
    assert "寄杯退費明細" in [t.strip() for t in slip.texts]
    for label, value in (("拿鐵寄杯 10 杯", "-6 杯"), ("退費金額", "NT$540"),
                         ("禮券序號", PASS_SERIAL), ("主管核准", "王店長")):
        printed = _line(slip, label)
        assert printed.endswith(value) and paper_columns(printed) == columns


@pytest.mark.parametrize("field", ["name", "address", "tax_id", "representative",
                                   "hotline", "guarantee"])
def test_a_voucher_without_a_required_issuer_field_is_refused_with_its_name(
        field: str) -> None:
    issuer = replace(ISSUER, **{field: " "})
    with pytest.raises(VoucherIssuerIncomplete) as err:
        build_prepaid_pass(_pass(issuer))
    assert err.value.missing == (field,)
    assert "cannot be sold or printed" in str(err.value)
    assert VoucherIssuer.from_document({}).missing() == tuple(ISSUER.to_document())[:6]
