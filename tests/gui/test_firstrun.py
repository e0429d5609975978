"""The first-run wizard's paths through the real widgets, on a real store file, against the
real central over loopback: standalone, registration, a wrong code, an unreachable central,
a PIN mismatch, bad store names, going back, switching language; then the counter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStatusBar, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from desktop import i18n
from desktop.app import build_counter
from desktop.backups import BackupScheduler, report_failures
from desktop.firstrun import FirstRunWizard, LanguageSwitch, PageId, texts
from desktop.services.printer_settings import load_printer_settings
from desktop.services.settings import load_settings
from loyalty.member_code import CodeBlock
from loyalty.store.engine import create_store_engine
from loyalty.store.keyvalue import get_setting, get_state
from loyalty.store.migrate import upgrade
from loyalty.store.schema import cashiers
from printing.transport import PrinterError
from sync.credentials import load_token
from sync.setup import SetupService, is_set_up
from sync.state import identity
from tests.gui.conftest import sign_in
from tests.gui.firstrun_helpers import (
    BACK,
    FINISH,
    NEXT,
    HangingCentral,
    WizardFixture,
    choose,
    choose_standalone,
    click,
    fill_manager,
    fill_store,
    retype,
    to_page,
    type_registration,
)
from tests.helpers.central_ops import add_staff
from tests.helpers.central_server import CentralServer, free_port, running_central

# Offscreen Qt says this whenever a dialog sets its size limits; nothing is wrong.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.fixture
def wizard_lang() -> str:
    return "en"


@pytest.fixture
def setup_wizard(qtbot: QtBot, qapp: QApplication, tmp_path: Path,
                 wizard_lang: str) -> Iterator[WizardFixture]:
    engine = create_store_engine(tmp_path / "store.db")
    upgrade(engine)
    languages = LanguageSwitch(qapp, wizard_lang)
    wizard = FirstRunWizard(SetupService(engine, tmp_path), languages)
    qtbot.addWidget(wizard)
    wizard.resize(wizard.sizeHint())
    wizard.show()
    qtbot.waitExposed(wizard)
    yield WizardFixture(wizard, engine, tmp_path)
    wizard.tasks.shut_down()
    languages.remove()
    i18n.install_translators(qapp, "en")
    engine.dispose()


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with running_central(f"sqlite:///{tmp_path / 'central.db'}") as server:
        yield server


def finish(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    to_page(qtbot, wizard, PageId.SUMMARY)
    with qtbot.waitSignal(wizard.setup_finished, timeout=10_000):
        click(qtbot, wizard, FINISH)
    assert not wizard.isVisible()


def counter_signs_in(qtbot: QtBot, engine: Engine, name: str, pin: str,
                     till: str | None = None) -> None:
    """After set-up the counter opens on this store (its header naming ``till``) and
    ``name`` signs in with ``pin``."""
    counter = build_counter(engine)
    try:
        counter.window.resize(1280, 800)
        counter.window.show()
        qtbot.waitExposed(counter.window)
        if till is not None:
            assert counter.window.counter.header.store.text().endswith(f" · {till}")
        sign_in(qtbot, counter, name, pin)
        assert counter.session.cashier is not None
        assert counter.session.cashier.name == name and counter.session.cashier.is_manager
    finally:
        counter.close()


def test_standalone_set_up_then_the_manager_signs_in(qtbot: QtBot, setup_wizard: WizardFixture,
                                                    tmp_path: Path) -> None:
    wizard, engine = setup_wizard.wizard, setup_wizard.engine
    assert wizard.objectName() == "FirstRunWizard"
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard, "好日子 信義店", "HK", till="收銀機 2")
    assert wizard.store_page.currency.text() == "HKD"
    choose_standalone(qtbot, wizard, block=7)
    fill_manager(qtbot, wizard, "陳店長", "8642")
    page = wizard.printer_page
    choose(qtbot, page.file_choice)
    slip = tmp_path / "slip.bin"
    retype(qtbot, page.path, str(slip))
    with qtbot.waitSignal(wizard.tasks.finished, timeout=20_000):
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert "Test slip sent" in page.message.text() and slip.stat().st_size > 100
    assert not is_set_up(engine)  # nothing is written before Finish
    click(qtbot, wizard, NEXT)
    summary = wizard.summary_page.summary.text()
    assert "好日子 信義店" in summary and "block 7" in summary and str(slip) in summary
    assert "收銀機 2" in summary
    finish(qtbot, wizard)
    assert is_set_up(engine)
    settings = load_settings(engine)
    assert settings.text("store_name") == "好日子 信義店"
    assert (settings.text("currency"), settings.text("tz")) == ("HKD", "Asia/Hong_Kong")
    assert settings.text("terminal_id") == "S001-T07"
    assert settings.text("terminal_name") == "收銀機 2"
    with engine.connect() as conn:
        printer = get_setting(conn, "printer")
        assert printer["device"] == str(slip) and printer["charset"] == "big5-hkscs"
    profile = load_printer_settings(engine).profile  # what the counter's printer reads
    assert profile is not None and profile.device == str(slip)
    with engine.connect() as conn:
        assert get_state(conn, "code_block") == [CodeBlock.numbered(7).start,
                                                 CodeBlock.numbered(7).end]
        assert identity(conn) is None
    counter_signs_in(qtbot, engine, "陳店長", "8642", till="收銀機 2")


def test_register_with_central_then_the_manager_signs_in(
        qtbot: QtBot, setup_wizard: WizardFixture, central: CentralServer) -> None:
    wizard, engine = setup_wizard.wizard, setup_wizard.engine
    chain = central.demo_chain("S042")
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard, "Harbour City", till="Till 3")
    type_registration(qtbot, wizard, central.url, chain.enrollment_code.lower())
    click(qtbot, wizard, NEXT)
    to_page(qtbot, wizard, PageId.MANAGER)
    with engine.connect() as conn:
        ident = identity(conn)
    assert ident is not None and ident.store_id == "S042"
    with central.client("admin") as http:  # head office sees the till by its name
        listed = {t["id"]: t for t in http.get("/v1/admin/terminals").json()}
    assert listed[ident.terminal_id]["name"] == "Till 3"
    assert load_token(setup_wizard.data_dir)
    assert not is_set_up(engine)
    click(qtbot, wizard, BACK)  # back to the terminal page: it says it is registered
    assert ident.terminal_id in wizard.terminal_page.message.text()
    assert not wizard.terminal_page.register_box.isEnabled()
    click(qtbot, wizard, NEXT)  # no second registration (the code is used)
    fill_manager(qtbot, wizard, "Mandy Wong", "13579")
    click(qtbot, wizard, NEXT)  # no printer
    finish(qtbot, wizard)
    settings = load_settings(engine)
    assert (settings.text("store_id"), settings.text("terminal_id")) == ("S042",
                                                                        ident.terminal_id)
    with engine.connect() as conn:  # backups name the terminal they come from
        assert get_setting(conn, "printer") is None
        assert get_state(conn, "terminal_id") == ident.terminal_id
        assert get_state(conn, "code_block") is not None
        local = conn.execute(select(cashiers.c.id, cashiers.c.pin_hash, cashiers.c.from_central)
                             .where(cashiers.c.name == "Mandy Wong")).one()
    with central.client("admin") as http:  # the manager was made at central, same id
        staff = http.get("/v1/admin/stores/S042/staff").json()
    assert [(s["id"], s["name"], s["role"], s["created_by"]) for s in staff] == [
        (local.id, "Mandy Wong", "manager", ident.terminal_id)]
    assert local.from_central and local.pin_hash.startswith("scrypt$")
    counter_signs_in(qtbot, engine, "Mandy Wong", "13579", till="Till 3")


def test_a_store_whose_staff_head_office_made_takes_one_of_its_managers(
        qtbot: QtBot, setup_wizard: WizardFixture, central: CentralServer) -> None:
    wizard, engine = setup_wizard.wizard, setup_wizard.engine
    chain = central.demo_chain("S043")
    with central.client("admin") as http:
        boss = add_staff(http, "S043", "manager", name="Ada Lam", pin="2468")
        add_staff(http, "S043", "cashier", name="Ben Ho", pin="1357")
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard, "Harbour City")
    type_registration(qtbot, wizard, central.url, chain.enrollment_code)
    click(qtbot, wizard, NEXT)
    to_page(qtbot, wizard, PageId.MANAGER)
    fill_manager(qtbot, wizard, "Somebody New", "9999")
    click(qtbot, wizard, NEXT)
    to_page(qtbot, wizard, PageId.SUMMARY)
    with qtbot.waitSignal(wizard.tasks.finished, timeout=10_000):
        click(qtbot, wizard, FINISH)
    assert "Head office already set up this store's staff" in \
        wizard.summary_page.message.text()
    assert wizard.isVisible() and not is_set_up(engine)
    with central.client("admin") as http:  # no manager was made by the till
        assert len(http.get("/v1/admin/stores/S043/staff").json()) == 2
    click(qtbot, wizard, BACK)
    click(qtbot, wizard, BACK)
    fill_manager(qtbot, wizard, "Ada Lam", "2468")
    click(qtbot, wizard, NEXT)  # no printer
    finish(qtbot, wizard)
    with engine.connect() as conn:
        rows = {r.name: (r.id, r.role, r.active) for r in conn.execute(select(cashiers))}
    assert rows["Ada Lam"] == (boss, "manager", True) and rows["Ben Ho"][1:] == ("cashier",
                                                                                 True)
    counter_signs_in(qtbot, engine, "Ada Lam", "2468")


def test_a_wrong_code_is_refused_and_a_right_one_then_works(
        qtbot: QtBot, setup_wizard: WizardFixture, central: CentralServer) -> None:
    wizard, engine = setup_wizard.wizard, setup_wizard.engine
    chain = central.demo_chain()
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard)
    type_registration(qtbot, wizard, central.url, "WXYZ-WXYZ-WXYZ-WXYZ")
    with qtbot.waitSignal(wizard.tasks.finished, timeout=20_000):
        click(qtbot, wizard, NEXT)
    page = wizard.terminal_page
    assert wizard.currentId() == PageId.TERMINAL
    assert "refused this enrollment code" in page.message.text()
    assert page.message.property("tone") == "error"
    assert not page.progress.isVisible() and wizard.button(NEXT).isEnabled()
    with engine.connect() as conn:
        assert identity(conn) is None and get_state(conn, "code_block") is None
    assert load_token(setup_wizard.data_dir) is None and not is_set_up(engine)
    retype(qtbot, page.code, chain.enrollment_code)  # the way on: the right code
    click(qtbot, wizard, NEXT)
    to_page(qtbot, wizard, PageId.MANAGER)


def test_a_used_code_is_refused(qtbot: QtBot, setup_wizard: WizardFixture,
                                central: CentralServer) -> None:
    wizard = setup_wizard.wizard
    code = central.demo_chain().enrollment_code
    central.register(code)  # another terminal used it
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard)
    type_registration(qtbot, wizard, central.url, code)
    with qtbot.waitSignal(wizard.tasks.finished, timeout=20_000):
        click(qtbot, wizard, NEXT)
    assert "already used or expired" in wizard.terminal_page.message.text()
    assert wizard.currentId() == PageId.TERMINAL


def test_an_unreachable_central_says_so_and_standalone_goes_on(
        qtbot: QtBot, setup_wizard: WizardFixture) -> None:
    wizard, engine = setup_wizard.wizard, setup_wizard.engine
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard)
    type_registration(qtbot, wizard, f"http://127.0.0.1:{free_port()}", "ABCD-EFGH-JKLM-NPQR")
    with qtbot.waitSignal(wizard.tasks.finished, timeout=30_000):
        click(qtbot, wizard, NEXT)
    page = wizard.terminal_page
    assert "cannot be reached" in page.message.text()
    assert wizard.currentId() == PageId.TERMINAL and not is_set_up(engine)
    with engine.connect() as conn:
        assert identity(conn) is None
    choose_standalone(qtbot, wizard)  # the way on
    assert wizard.currentId() == PageId.MANAGER


def test_while_central_hangs_the_wizard_shows_it_is_busy_and_waits(
        qtbot: QtBot, setup_wizard: WizardFixture) -> None:
    wizard = setup_wizard.wizard
    hanging = HangingCentral()
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard)
    type_registration(qtbot, wizard, hanging.url, "ABCD-EFGH-JKLM-NPQR")
    page = wizard.terminal_page
    try:
        click(qtbot, wizard, NEXT)
        assert hanging.connected.wait(10)  # central has the request and says nothing
        assert page.progress.isVisible() and wizard.tasks.busy
        assert not wizard.button(NEXT).isEnabled() and not wizard.button(BACK).isEnabled()
        qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # no half-done registration by Esc
        assert wizard.isVisible()
    finally:
        with qtbot.waitSignal(wizard.tasks.finished, timeout=30_000):
            hanging.release()
    assert "cannot be reached" in page.message.text()
    assert not page.progress.isVisible() and wizard.button(NEXT).isEnabled()


def test_pin_mismatch_and_bad_pins_are_refused(qtbot: QtBot,
                                               setup_wizard: WizardFixture) -> None:
    wizard = setup_wizard.wizard
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard)
    choose_standalone(qtbot, wizard)
    fill_manager(qtbot, wizard, "陳店長", "8642", again="8643")
    page = wizard.manager_page
    assert wizard.currentId() == PageId.MANAGER
    assert "The two PINs differ" in page.message.text()
    assert page.pin.text() == "" and page.pin_again.text() == ""
    assert page.name.text() == "陳店長"
    fill_manager(qtbot, wizard, "陳店長", "12")
    assert "4 to 8 digits" in page.message.text() and wizard.currentId() == PageId.MANAGER
    fill_manager(qtbot, wizard, "  ", "8642")
    assert "manager's name" in page.message.text()
    fill_manager(qtbot, wizard, "陳店長", "86420")
    assert wizard.currentId() == PageId.PRINTER


def test_bad_store_names_are_refused(qtbot: QtBot, setup_wizard: WizardFixture) -> None:
    wizard = setup_wizard.wizard
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard, "   ")
    message = wizard.store_page.message
    assert wizard.currentId() == PageId.STORE and "store's name" in message.text()
    fill_store(qtbot, wizard, "好" * 41)
    assert wizard.currentId() == PageId.STORE and "at most 40" in message.text()
    fill_store(qtbot, wizard, "好日子", till="收" * 21)
    assert wizard.currentId() == PageId.STORE and "at most 20" in message.text()
    assert wizard.store_page.till.hasFocus()
    fill_store(qtbot, wizard, "好日子", till="")
    assert wizard.currentId() == PageId.TERMINAL


def test_going_back_keeps_what_was_typed(qtbot: QtBot, setup_wizard: WizardFixture) -> None:
    wizard = setup_wizard.wizard
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard, "好日子 中山店", "HK")
    type_registration(qtbot, wizard, "central.example.com", "ABCD-EFGH")
    click(qtbot, wizard, BACK)
    click(qtbot, wizard, BACK)
    assert wizard.currentId() == PageId.LANGUAGE
    click(qtbot, wizard, NEXT)
    store = wizard.store_page
    assert store.name.text() == "好日子 中山店" and store.region_code == "HK"
    assert store.tz.currentText() == "Asia/Hong_Kong"
    click(qtbot, wizard, NEXT)
    terminal = wizard.terminal_page
    assert terminal.url.text() == "central.example.com"
    assert terminal.code.text() == "ABCD-EFGH"
    choose_standalone(qtbot, wizard, block=4)
    fill_manager(qtbot, wizard, "陳店長", "8642")
    click(qtbot, wizard, BACK)
    click(qtbot, wizard, BACK)
    assert terminal.standalone_choice.isChecked() and terminal.block.value() == 4
    click(qtbot, wizard, NEXT)
    manager = wizard.manager_page
    assert (manager.name.text(), manager.pin.text(), manager.pin_again.text()) == (
        "陳店長", "8642", "8642")


@pytest.mark.parametrize("wizard_lang", ["zh_TW"])
def test_choosing_english_switches_the_wizard_at_once(qtbot: QtBot,
                                                      setup_wizard: WizardFixture) -> None:
    wizard = setup_wizard.wizard
    page = wizard.language_page
    assert page.chinese.isChecked()
    chinese_title = page.title()
    assert chinese_title != "Welcome to Regulars" and not chinese_title.isascii()
    choose(qtbot, page.english)  # Qt posts LanguageChange: the next turn of the loop
    qtbot.waitUntil(lambda: page.title() == "Welcome to Regulars")
    assert wizard.button(NEXT).text() == "Next >"
    click(qtbot, wizard, NEXT)
    assert wizard.store_page.region.currentText() == "Taiwan"
    click(qtbot, wizard, BACK)
    choose(qtbot, page.chinese)
    qtbot.waitUntil(lambda: page.title() == chinese_title)
    assert wizard.store_page.region.itemText(0) == "台灣"
    fill_store_and_finish_standalone(qtbot, wizard)
    assert load_settings(setup_wizard.engine).text("language") == "zh_TW"


def fill_store_and_finish_standalone(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard)
    choose_standalone(qtbot, wizard)
    fill_manager(qtbot, wizard)
    click(qtbot, wizard, NEXT)
    finish(qtbot, wizard)


def test_cancel_on_the_summary_leaves_nothing_written(qtbot: QtBot,
                                                      setup_wizard: WizardFixture) -> None:
    wizard, engine = setup_wizard.wizard, setup_wizard.engine
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard)
    choose_standalone(qtbot, wizard)
    fill_manager(qtbot, wizard)
    click(qtbot, wizard, NEXT)
    to_page(qtbot, wizard, PageId.SUMMARY)
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not wizard.isVisible() and not is_set_up(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM settings").scalar_one() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM cashiers").scalar_one() == 0
        assert get_state(conn, "code_block") is None


@pytest.mark.parametrize("wizard_lang", ["zh_TW"])
def test_every_set_up_and_upkeep_message_has_its_chinese(qtbot: QtBot,
                                                         setup_wizard: WizardFixture) -> None:
    """A .ts refresh from an older tree once dropped one: each message must come out in
    Chinese, not in the English source."""
    for code in texts.TEMPLATES:
        assert not texts.text(code).isascii(), code
    for fault in texts.PRINTER_TEMPLATES:
        assert not texts.describe(PrinterError(fault)).isascii(), fault
    status = QStatusBar()
    qtbot.addWidget(status)
    scheduler = BackupScheduler(setup_wizard.data_dir / "store.db", setup_wizard.data_dir / "b")
    report_failures(scheduler, status)
    scheduler.backup_failed.emit("disk full")
    assert status.currentMessage().startswith("每日備份失敗")
    scheduler.stop()
