"""The fixture that fails tests on log warnings (tests/helpers/logfail.py) sees what it must."""

from __future__ import annotations

import logging
import threading

import pytest

from tests.helpers.logfail import LogFailHandler

log = logging.getLogger("regulars.test.logfail")
pytestmark = pytest.mark.expect_log_warnings("regulars", "qt")  # these tests log on purpose


@pytest.fixture
def handler() -> LogFailHandler:
    handler = LogFailHandler()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)
    handler.unexpected.clear()  # this test's own warnings were the point


def test_a_warning_from_any_thread_is_caught_and_info_is_not(handler: LogFailHandler) -> None:
    log.info("fine")
    worker = threading.Thread(target=lambda: log.warning("printer %s gone", "P1"))
    worker.start()
    worker.join()
    assert handler.judged(()) == ["WARNING regulars.test.logfail: printer P1 gone"]


def test_a_warning_asked_for_with_caplog_at_level_is_expected(
        handler: LogFailHandler, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="regulars.test.logfail"):
        log.warning("expected")
    log.error("not asked for")
    assert handler.judged(()) == ["ERROR regulars.test.logfail: not asked for"]


def test_the_marker_allows_its_loggers_and_their_children_only(handler: LogFailHandler) -> None:
    logging.getLogger("regulars.test.logfail.child").warning("allowed")
    logging.getLogger("regulars.other").warning("not allowed")
    assert handler.judged(("regulars.test.logfail",)) == ["WARNING regulars.other: not allowed"]
    assert handler.judged(None) == []


def test_qt_messages_routed_to_logging_follow_the_tests_qt_log_ignore(
        handler: LogFailHandler) -> None:
    logging.getLogger("qt").warning("This plugin does not support propagateSizeHints()")
    logging.getLogger("qt.qpa").warning("something else")
    assert handler.judged((), ["does not support propagateSizeHints"]) == [
        "WARNING qt.qpa: something else"]
