"""The first-run wizard and TLS: plain http:// to another computer is refused with the reason
(nothing sent), an https:// central with the chain's own CA registers, and a certificate the
terminal cannot trust is said to be a certificate problem — against the real central served
over HTTPS on loopback with a CA made in the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.firstrun import PageId
from sync.credentials import load_token
from sync.setup import is_set_up
from sync.state import identity
from sync.tls import TlsSettings, save_tls
from tests.gui.firstrun_helpers import NEXT, WizardFixture, click, fill_store, type_registration
from tests.gui.test_firstrun import setup_wizard, wizard_lang
from tests.helpers.central_server import CentralServer, running_central
from tests.helpers.tls_ca import ServerTls, make_server_tls

__all__ = ["setup_wizard", "wizard_lang"]  # fixtures
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.fixture
def pki(tmp_path: Path) -> ServerTls:
    return make_server_tls(tmp_path / "pki")


@pytest.fixture
def https_central(tmp_path: Path, pki: ServerTls) -> Iterator[CentralServer]:
    with running_central(f"sqlite:///{tmp_path / 'central.db'}", tls=pki) as server:
        yield server


def test_plain_http_to_another_computer_is_refused_with_the_reason(
        qtbot: QtBot, setup_wizard: WizardFixture) -> None:
    wizard = setup_wizard.wizard
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard)
    page = wizard.terminal_page
    assert page.url.placeholderText().startswith("https://")
    type_registration(qtbot, wizard, "http://192.168.1.20:8470", "ABCD-EFGH-JKLM-NPQR")
    click(qtbot, wizard, NEXT)
    assert wizard.currentId() == PageId.TERMINAL
    text = page.message.text()
    assert "must start with https://" in text and "unencrypted" in text, text
    assert page.message.property("tone") == "error"
    assert not page.progress.isVisible()  # refused at once: nothing was sent anywhere
    with setup_wizard.engine.connect() as conn:
        assert identity(conn) is None


def test_an_https_central_with_the_chains_own_ca_registers(
        qtbot: QtBot, setup_wizard: WizardFixture, https_central: CentralServer,
        pki: ServerTls) -> None:
    wizard, engine = setup_wizard.wizard, setup_wizard.engine
    with engine.begin() as conn:  # what `regulars sync trust --ca-file` leaves in the store
        save_tls(conn, TlsSettings(ca_file=str(pki.ca_file), pins=(pki.key_pin(),)))
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard)
    address = https_central.url.removeprefix("https://")  # typed without a scheme: https
    type_registration(qtbot, wizard, address, https_central.demo_chain().enrollment_code)
    with qtbot.waitSignal(wizard.tasks.finished, timeout=30_000):
        click(qtbot, wizard, NEXT)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.MANAGER, timeout=10_000)
    with engine.connect() as conn:
        ident = identity(conn)
    assert ident is not None and ident.central_url == https_central.url
    assert load_token(setup_wizard.data_dir)


@pytest.mark.expect_log_warnings("sync.client")  # refused certificates are logged
def test_a_certificate_the_terminal_cannot_trust_is_said_to_be_one(
        qtbot: QtBot, setup_wizard: WizardFixture, https_central: CentralServer,
        pki: ServerTls, tmp_path: Path) -> None:
    wizard, engine = setup_wizard.wizard, setup_wizard.engine
    code = https_central.demo_chain().enrollment_code
    click(qtbot, wizard, NEXT)
    fill_store(qtbot, wizard)
    type_registration(qtbot, wizard, https_central.url, code)
    with qtbot.waitSignal(wizard.tasks.finished, timeout=30_000):
        click(qtbot, wizard, NEXT)
    page = wizard.terminal_page
    assert wizard.currentId() == PageId.TERMINAL
    assert "certificate is not trusted" in page.message.text()
    assert "cannot be reached" not in page.message.text()  # not "offline"
    other = make_server_tls(tmp_path / "other")
    with engine.begin() as conn:  # another chain's CA
        save_tls(conn, TlsSettings(ca_file=str(other.ca_file)))
    with qtbot.waitSignal(wizard.tasks.finished, timeout=30_000):
        click(qtbot, wizard, NEXT)
    assert "certificate is not trusted" in page.message.text()
    with engine.begin() as conn:  # the right CA, but pinned to another key
        save_tls(conn, TlsSettings(ca_file=str(pki.ca_file), pins=(other.key_pin(),)))
    with qtbot.waitSignal(wizard.tasks.finished, timeout=30_000):
        click(qtbot, wizard, NEXT)
    assert "not the one pinned" in page.message.text() and "intercepted" in page.message.text()
    assert wizard.currentId() == PageId.TERMINAL and not is_set_up(engine)
    with engine.connect() as conn:
        assert identity(conn) is None
    assert load_token(setup_wizard.data_dir) is None
