"""Sales that arrive without typing, through the real counter: an e-invoice scanned (one
Enter awards it, once), and a POS posting over the loopback link (the sale waits for a
member card, then awards and prints its slip to the file printer)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop import i18n
from desktop.app import CounterApp, build_counter
from desktop.services.printer import QUEUE_FILE, PrinterService
from desktop.style import apply_style
from loyalty.einvoice import SELLER_IDS_SETTING, make_invoice_qr
from loyalty.poslink import LinkFile, PosDesk
from loyalty.poslink.client import post_sale
from loyalty.poslink.server import PosLinkServer
from loyalty.store.keyvalue import put_setting
from loyalty.store.schema import ledger
from printing import PrinterKind, PrinterProfile
from tests.gui.conftest import KeyClock, enroll_member, press, sign_in, type_text
from tests.gui.test_scanner import scan
from tests.helpers.escpos_decoder import decode
from tests.helpers.store import CASHIER_PIN, StoreFixture

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
SELLER = "53212539"
ISSUED = date(2026, 11, 22)  # the store clock's day before


def invoice(number: str = "AB12345678", total: int = 1260, seller: str = SELLER) -> str:
    return make_invoice_qr(number, ISSUED, total, seller, items=(("Milk", 2, 80),))


@pytest.fixture
def chain_sellers(store_fixture: StoreFixture) -> None:
    with store_fixture.engine.begin() as conn:
        put_setting(conn, SELLER_IDS_SETTING, [SELLER])


def flash(counter: CounterApp) -> str:
    return counter.window.counter.flash.text()


def earns(counter: CounterApp) -> list[tuple[int, str | None]]:
    with counter.service.engine.connect() as conn:
        return [(r.points, r.receipt_no) for r in conn.execute(
            select(ledger.c.points, ledger.c.receipt_no).where(ledger.c.kind == "earn"))]


# --- e-invoice ----------------------------------------------------------------------------

def test_an_invoice_scanned_with_the_member_shown_awards_after_one_enter_and_only_once(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock,
        chain_sellers: None) -> None:
    c = cashier_counter
    page = c.window.counter
    c.controller.choose_member(enroll_member(c, "0912345678", "陳美玲"))
    scan(key_clock, invoice())
    award = page.award
    assert page.open_form_widget() is award
    assert (award.amount.text(), award.receipt.text()) == ("1260", "AB12345678")
    assert award.amount.isReadOnly()
    assert "AB12345678" in award.source.text()
    assert award.preview.text() == "Earns +126 points"
    press(qtbot, Qt.Key.Key_Return)  # the one keystroke
    assert page.open_form_widget() is None
    assert flash(c) == "Awarded +126 points for NT$1,260. Balance 126."
    assert earns(c) == [(126, "AB12345678")]
    scan(key_clock, invoice())  # the customer hands it over again
    press(qtbot, Qt.Key.Key_Return)
    assert award.message.text().startswith("Invoice AB12345678 already earned points on ")
    assert award.message.text().endswith(" at this till.")
    assert earns(c) == [(126, "AB12345678")]


def test_an_invoice_scanned_first_waits_for_the_member_then_awards(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock,
        chain_sellers: None) -> None:
    c = cashier_counter
    page = c.window.counter
    enroll_member(c, "0912345678", "陳美玲")
    scan(key_clock, invoice(total=500))
    assert page.waiting.isVisible()
    assert page.waiting.text().startswith("E-invoice AB12345678 (NT$500) waits for its member.")
    type_text(qtbot, page.search.line, "678")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.open_form_widget() is page.award)
    assert not page.waiting.isVisible()
    press(qtbot, Qt.Key.Key_Return)
    assert earns(c) == [(50, "AB12345678")]


def test_an_invoice_scanned_into_the_amount_field_is_still_the_invoice(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock,
        chain_sellers: None) -> None:
    c = cashier_counter
    page = c.window.counter
    c.controller.choose_member(enroll_member(c, "0912345678", "陳美玲"))
    press(qtbot, Qt.Key.Key_F2)
    assert page.award.amount.hasFocus()
    scan(key_clock, invoice(total=300))
    assert page.award.amount.text() == "300"
    assert page.award.receipt.text() == "AB12345678"


@pytest.mark.parametrize(("code", "says"), [
    (invoice(seller="04595257"), "from another seller"),
    (invoice()[:60], "cut short"),
], ids=["foreign", "cut-short"])
def test_a_foreign_or_damaged_invoice_earns_nothing_and_says_why(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock, chain_sellers: None,
        code: str, says: str) -> None:
    c = cashier_counter
    c.controller.choose_member(enroll_member(c, "0912345678", "陳美玲"))
    scan(key_clock, code)
    assert says in flash(c)
    assert c.window.counter.open_form_widget() is None
    assert earns(c) == []


# --- POS link ------------------------------------------------------------------------------

@pytest.fixture
def pos_counter(qtbot: QtBot, qapp: QApplication, store_fixture: StoreFixture,
                key_clock: KeyClock, tmp_path: Path) -> Iterator[tuple[CounterApp, LinkFile,
                                                                        Path]]:
    """The counter with its POS link on a free port and a file printer."""
    apply_style(qapp)
    translators = i18n.install_translators(qapp, "en")
    slip = tmp_path / "slip.bin"
    printer = PrinterService(tmp_path / QUEUE_FILE, PrinterProfile(
        kind=PrinterKind.FILE, device=str(slip)), poll_s=0.1)
    desk = PosDesk(store_fixture.service().ctx.currency)
    server = PosLinkServer(desk, "secret-token").start()
    built = build_counter(store_fixture.engine, clock=store_fixture.clock,
                          key_clock=key_clock, printer=printer, pos_desk=desk)
    built.window.resize(1280, 800)
    built.window.show()
    qtbot.waitExposed(built.window)
    built.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is built.window)
    sign_in(qtbot, built, "李小華", CASHIER_PIN)
    yield built, LinkFile(server.port, "secret-token"), slip
    server.stop()
    built.close()
    i18n.remove_translators(qapp, translators)
    i18n.install_translators(qapp, "en")


class Post(threading.Thread):
    """A POS posting a sale (blocking HTTP) while the counter's event loop runs."""

    def __init__(self, link: LinkFile, sale: dict[str, Any], wait_s: float = 20) -> None:
        super().__init__(daemon=True)
        self.link, self.sale, self.wait_s = link, sale, wait_s
        self.answer: tuple[int, dict[str, Any]] | None = None

    def run(self) -> None:
        self.answer = post_sale(self.link, self.sale, self.wait_s)


def test_a_pos_sale_waits_for_the_card_then_awards_and_prints_the_slip(
        qtbot: QtBot, pos_counter: tuple[CounterApp, LinkFile, Path],
        key_clock: KeyClock) -> None:
    c, link, slip = pos_counter
    page = c.window.counter
    member_id = enroll_member(c, "0912345678", "陳美玲")
    code = c.session.service.panel(member_id).member_code
    post = Post(link, {"amount": "1280", "receipt_no": "R-0001",
                       "items": [{"name": "牛奶", "quantity": 2, "amount": "160"}]})
    post.start()
    qtbot.waitUntil(page.waiting.isVisible, timeout=5000)
    assert page.waiting.text().startswith("POS sale NT$1,280 waits for its member. "
                                          "Receipt R-0001. 1 items.")
    scan(key_clock, code)  # the member card: no key typed
    qtbot.waitUntil(lambda: post.answer is not None, timeout=10000)
    assert post.answer is not None
    status, answer = post.answer
    assert status == 200 and answer["status"] == "awarded"
    assert answer["points"] == 128 and answer["balance"] == 128
    assert answer["member"]["member_code"] == code
    assert flash(c) == "POS sale: awarded +128 points for NT$1,280. Balance 128."
    assert earns(c) == [(128, "R-0001")]
    qtbot.waitUntil(lambda: slip.exists() and slip.stat().st_size > 0, timeout=10000)
    texts = " ".join(decode(slip.read_bytes()).texts)
    assert "+128" in texts and "R-0001" in texts


def test_a_pos_sale_with_the_member_shown_awards_at_once_and_a_retry_is_the_same_sale(
        qtbot: QtBot, pos_counter: tuple[CounterApp, LinkFile, Path]) -> None:
    c, link, _ = pos_counter
    c.controller.choose_member(enroll_member(c, "0912345678", "陳美玲"))
    post = Post(link, {"amount": 500, "receipt_no": "R-7"})
    post.start()
    qtbot.waitUntil(lambda: post.answer is not None, timeout=10000)
    assert post.answer is not None and post.answer[1]["points"] == 50
    again = Post(link, {"amount": 500, "receipt_no": "R-7"})
    again.start()
    qtbot.waitUntil(lambda: again.answer is not None, timeout=10000)
    assert again.answer == post.answer
    assert earns(c) == [(50, "R-7")]


def test_the_pos_link_refuses_strangers_browsers_and_bad_bodies(
        qtbot: QtBot, pos_counter: tuple[CounterApp, LinkFile, Path]) -> None:
    import http.client
    c, link, _ = pos_counter

    def call(headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        conn = http.client.HTTPConnection("127.0.0.1", link.port, timeout=5)
        conn.request("POST", "/v1/sales?wait=0", body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read())

    good = {"Authorization": "Bearer secret-token"}
    assert call({"Authorization": "Bearer wrong"}, b'{"amount": "1"}')[0] == 401
    assert call({}, b'{"amount": "1"}')[0] == 401
    assert call(good | {"Origin": "http://evil.example"}, b'{"amount": "1"}')[0] == 403
    status, body = call(good, b'{"amount": "-5"}')
    assert (status, body["error"]) == (400, "amount_negative")
    assert call(good, b"not json")[0] == 400
    assert call(good, b'{"amount": "1", "extra": 1}')[0] == 400
    assert earns(c) == []


def test_esc_cancels_the_waiting_sale_and_the_pos_hears_so(
        qtbot: QtBot, pos_counter: tuple[CounterApp, LinkFile, Path]) -> None:
    c, link, _ = pos_counter
    page = c.window.counter
    post = Post(link, {"amount": "99"})
    post.start()
    qtbot.waitUntil(page.waiting.isVisible, timeout=5000)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: post.answer is not None, timeout=10000)
    assert post.answer is not None
    assert (post.answer[0], post.answer[1]["status"]) == (409, "cancelled")
    assert not page.waiting.isVisible()


# --- mobile-carrier barcode ------------------------------------------------------------------

def test_a_carrier_barcode_is_linked_with_consent_and_then_finds_the_member(
        qtbot: QtBot, cashier_counter: CounterApp, key_clock: KeyClock) -> None:
    c = cashier_counter
    page = c.window.counter
    ana = enroll_member(c, "0912345678", "陳美玲")
    scan(key_clock, "/ABC+123")  # nobody linked it, nobody shown
    assert "No member has linked carrier barcode /AB····3" in flash(c)
    assert page.search.line.text() == ""
    c.controller.choose_member(ana)
    scan(key_clock, "/ABC+123")  # Shift for the capitals and the +: one burst
    assert page.open_form_widget() is page.carrier
    assert "/AB····3" in page.carrier.question.text()
    assert "/ABC+123" not in page.carrier.question.text()
    press(qtbot, Qt.Key.Key_Return)  # no consent yet
    assert page.carrier.message.text().startswith("Ask the customer first")
    page.carrier.consent.setChecked(True)
    page.carrier.confirm()
    assert flash(c) == "Carrier barcode /AB····3 linked to 陳美玲: scanning it finds them."
    press(qtbot, Qt.Key.Key_Escape)
    assert c.session.member is None
    scan(key_clock, "/ABC+123")
    assert c.session.member is not None and c.session.member.name == "陳美玲"
    assert page.search.line.text() == ""  # never left on screen in clear
    with c.service.engine.connect() as conn:
        stored = " ".join(str(v) for table in ("member_carriers", "audit_log")
                          for row in conn.exec_driver_sql(f"SELECT * FROM {table}")
                          for v in row)
    assert "/AB····3" in stored and "ABC+123" not in stored


def test_an_invoice_read_by_the_camera_takes_the_scanners_path(
        qtbot: QtBot, cashier_counter: CounterApp, chain_sellers: None) -> None:
    import random

    from desktop.camera.decode import ALL_PASSES, decode_frame
    from printing.einvoice_proof import invoice_proof
    from tests.helpers.receipt_photo import photographed
    c = cashier_counter
    c.controller.choose_member(enroll_member(c, "0912345678", "陳美玲"))
    photo = photographed(invoice_proof(invoice(total=880), "好日子生活百貨"), random.Random(7))
    for code in decode_frame(photo, ALL_PASSES).codes:
        c.scans.submit(code, "camera")
    assert c.window.counter.award.amount.text() == "880"
    press(qtbot, Qt.Key.Key_Return)
    assert earns(c) == [(88, "AB12345678")]


def test_the_documented_20_line_client_posts_a_sale(
        qtbot: QtBot, pos_counter: tuple[CounterApp, LinkFile, Path], tmp_path: Path) -> None:
    c, link, _ = pos_counter
    doc = (Path(__file__).resolve().parents[2] / "docs" / "pos-link.md").read_text("utf-8")
    code = doc.split("```python\n")[1].split("```")[0]
    assert len(code.strip().splitlines()) <= 20
    namespace: dict[str, Any] = {}
    exec(compile(code, "pos-link.md", "exec"), namespace)  # our own document
    link.write(tmp_path)
    c.controller.choose_member(enroll_member(c, "0912345678", "陳美玲"))
    answers: list[dict[str, Any]] = []
    thread = threading.Thread(target=lambda: answers.append(
        namespace["post_sale"](str(tmp_path), "990", "R-9")), daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: bool(answers), timeout=10000)
    assert answers[0]["status"] == "awarded" and answers[0]["points"] == 99
