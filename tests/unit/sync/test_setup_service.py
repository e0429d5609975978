"""The set-up service without Qt: what it accepts, what it refuses, and that Finish writes
everything or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from loyalty.errors import InvalidInput
from loyalty.member_code import CodeBlock
from loyalty.money import Currency
from loyalty.store import cashiers
from loyalty.store.codes import assign_block
from loyalty.store.engine import create_store_engine
from loyalty.store.keyvalue import get_setting, get_state
from loyalty.store.migrate import upgrade
from printing.encoding import Charset
from printing.profile import PrinterKind
from sync.setup import (
    ManagerAnswers,
    PrinterAnswers,
    RegistrationFailed,
    SetupAnswers,
    SetupError,
    SetupService,
    StoreAnswers,
    adopt_earlier_store,
    check_central,
    check_printer,
    check_store,
    is_set_up,
    region,
)
from tests.helpers.central_server import CentralServer, running_central
from tests.helpers.store import FakeClock


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = create_store_engine(tmp_path / "store.db")
    upgrade(eng)
    yield eng
    eng.dispose()


def answers(block: int | None = 3, manager: str = "陳店長") -> SetupAnswers:
    return SetupAnswers("zh_TW", StoreAnswers(" 好日子 信義店 ", "TW", "Asia/Taipei"),
                        ManagerAnswers(manager, "2468", "2468"), PrinterAnswers(), block)


def test_regions_take_currency_from_their_rules_and_a_usual_time_zone() -> None:
    assert (region("TW").currency, region("TW").tz) == (Currency.TWD, "Asia/Taipei")
    assert (region("HK").currency, region("HK").tz) == (Currency.HKD, "Asia/Hong_Kong")
    assert region("HK").printer_charset is Charset.BIG5_HKSCS
    with pytest.raises(SetupError):
        region("JP")


@pytest.mark.parametrize(("name", "code"), [
    ("", "store_name_empty"), ("   ", "store_name_empty"), ("好" * 41, "store_name_too_long"),
    ("好日子\t信義店", "store_name_bad_characters"),
])
def test_bad_store_names_are_refused_by_code(name: str, code: str) -> None:
    with pytest.raises(SetupError) as err:
        check_store(StoreAnswers(name))
    assert err.value.code == code


@pytest.mark.parametrize(("till", "code"), [
    ("收" * 21, "terminal_name_too_long"), ("收銀機\n2", "terminal_name_bad_characters"),
])
def test_bad_till_names_are_refused_by_code(till: str, code: str) -> None:
    with pytest.raises(SetupError) as err:
        check_store(StoreAnswers("信義店", terminal_name=till))
    assert err.value.code == code


def test_a_till_name_is_optional_and_trimmed() -> None:
    assert check_store(StoreAnswers("信義店")).terminal_name == ""
    trimmed = check_store(StoreAnswers("信義店", terminal_name=" 收銀機 2 "))
    assert trimmed.terminal_name == "收銀機 2"


def test_a_store_name_is_trimmed_and_a_bad_time_zone_refused() -> None:
    assert check_store(StoreAnswers("  信義店 ")).name == "信義店"
    with pytest.raises(SetupError, match="time zone"):
        check_store(StoreAnswers("信義店", "TW", "Mars/Olympus"))


def test_central_address_and_code_are_cleaned_up() -> None:
    assert check_central(" central.example.com/ ", "abcd efgh-jklm npqr") == (
        "https://central.example.com", "ABCD-EFGH-JKLM-NPQR")
    for url in ("", "ftp://x", "http://", "http://host:port"):
        with pytest.raises(SetupError) as err:
            check_central(url, "ABCD")
        assert err.value.code == "central_url_invalid"
    with pytest.raises(SetupError, match="enrollment code"):
        check_central("https://c.example", " - ")
    for local in ("http://127.0.0.1:8470", "http://localhost:8470", "http://[::1]:8470",
                  "http://127.4.5.6"):
        assert check_central(local, "ABCD")[0] == local  # this computer: a demo, a proxy
    with pytest.raises(SetupError) as err:
        check_central("https://c.example", "ABCD-EFG!")
    assert err.value.code == "code_format"


@pytest.mark.parametrize("url", ["http://central.example.com", "http://192.168.1.20:8470",
                                 "http://10.0.0.5", "http://[::ffff:192.168.1.2]",
                                 "http://127.0.0.1.example.com", "HTTP://central.lan"])
def test_plain_http_to_another_computer_is_refused_with_the_reason(url: str) -> None:
    with pytest.raises(SetupError) as err:
        check_central(url, "ABCD")
    assert err.value.code == "central_url_insecure" and "https://" in str(err.value)


def test_printer_answers_become_a_profile_for_the_region() -> None:
    assert check_printer(PrinterAnswers("none")) is None
    network = check_printer(PrinterAnswers("network", host=" 192.168.1.50 ", port=9100), "HK")
    assert network is not None and network.kind is PrinterKind.NETWORK
    assert (network.host, network.charset) == ("192.168.1.50", Charset.BIG5_HKSCS)
    device = check_printer(PrinterAnswers("file", path="/dev/usb/lp0", paper_mm=58))
    assert device is not None and device.paper_mm == 58 and not device.require_status
    with pytest.raises(SetupError, match="network address"):
        check_printer(PrinterAnswers("network", host="  "))
    with pytest.raises(SetupError, match="port"):
        check_printer(PrinterAnswers("network", host="p", port=70000))


def test_finish_writes_everything_in_one_go(engine: Engine, tmp_path: Path) -> None:
    clock = FakeClock()
    manager = SetupService(engine, tmp_path, clock).finish(answers(block=5))
    assert manager.is_manager and manager.name == "陳店長"
    with engine.connect() as conn:
        assert get_state(conn, "setup_completed_at") == clock.now.isoformat()
        assert get_setting(conn, "store_name") == "好日子 信義店"
        assert get_setting(conn, "terminal_id") == "S001-T05"
        assert get_state(conn, "code_block") == [CodeBlock.numbered(5).start,
                                                 CodeBlock.numbered(5).end]
        staff = cashiers.list_cashiers(conn)
        audit = conn.exec_driver_sql("SELECT action FROM audit_log ORDER BY rowid"
                                     ).scalars().all()
    assert [c.name for c in staff] == ["陳店長"]
    assert audit == ["cashier.create", "setup.completed"]


def test_a_finish_that_fails_half_way_leaves_nothing(engine: Engine, tmp_path: Path) -> None:
    with engine.begin() as conn:  # a store from an earlier attempt: a manager, no code block
        cashiers.create_cashier(conn, "陳店長", "manager", "1357")
    assert not adopt_earlier_store(engine, FakeClock()())
    with pytest.raises(InvalidInput) as err:  # settings and block written, then the clash
        SetupService(engine, tmp_path).finish(answers(manager="陳店長"))
    assert err.value.code == "cashier_exists"
    with engine.connect() as conn:
        assert get_setting(conn, "store_name") is None
        assert get_state(conn, "code_block") is None
    assert not is_set_up(engine)


def test_finish_needs_a_terminal(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(SetupError) as err:
        SetupService(engine, tmp_path).finish(answers(block=None))
    assert err.value.code == "terminal_missing"
    assert not is_set_up(engine)


def test_a_store_from_before_the_wizard_is_adopted(engine: Engine) -> None:
    with engine.begin() as conn:
        assign_block(conn, CodeBlock.numbered(1))
        cashiers.create_cashier(conn, "王店長", "manager", "2468")
    assert adopt_earlier_store(engine, FakeClock()())
    assert is_set_up(engine) and not adopt_earlier_store(engine, FakeClock()())


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    with running_central(f"sqlite:///{tmp_path / 'central.db'}") as server:
        yield server


def test_an_address_that_is_not_central_is_told_apart(engine: Engine, tmp_path: Path,
                                                      central: CentralServer) -> None:
    code = central.demo_chain().enrollment_code
    with pytest.raises(RegistrationFailed) as err:
        SetupService(engine, tmp_path).register(central.url + "/not-central", code)
    assert err.value.code == "register_answer"
    ident = SetupService(engine, tmp_path).register(central.url, code)  # the code is unused
    assert ident.store_id == "S001"
