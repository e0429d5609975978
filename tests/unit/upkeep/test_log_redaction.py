"""Logs never hold PINs, tokens, names or phone numbers — not in messages, exception text or
tracebacks — and log files are readable by their owner only."""

from __future__ import annotations

import io
import logging
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import Column, MetaData, String, Table, create_engine, insert
from sqlalchemy.exc import IntegrityError

from central.logs import log_config
from desktop.logs import redact, setup_logging
from loyalty.logfiles import PrivateRotatingFileHandler
from loyalty.redact import RedactingFilter, RedactingFormatter

# Each as written by a cashier, a web shop, a foreign customer or a script.
TW = ("0912-345-678", "+886 912 345 678", "+886912345678", "０９１２－３４５－６７８",
      "(02) 2345-6789")
HK = ("9123 4567", "+852 6123-4567", "(852) 5123 4567", "+85291234567", "85261234567")
FOREIGN = ("+1 (415) 555-2671", "+44 20 7946 0958", "+81 90-1234-5678", "0049 30 12345678",
           "+61 412 345 678", "+65 8123 4567")
NAMES = ("王小明", "陳大文", "佐藤花子")
TOKEN = "rt_Q2hhbiBUYWkgTWFuIGlzIGEgbWVtYmVyIG9mIHRoZSBjbHVi"
CODE = "KM7P-Q2XZ-8HRT-W3NB"
BEARER = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI5MTIzNDU2NyJ9.c2lnbmF0dXJl"
PIN = "2468"


def national_digits(phone: str) -> str:
    """The phone's digits without country code or trunk prefix (what must never show)."""
    digits = re.sub(r"\D", "", phone.translate({0xFF10 + k: ord("0") + k for k in range(10)}))
    for prefix in ("0049", "886", "852", "81", "44", "61", "65", "1", "0"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 7:
            return digits[len(prefix):]
    return digits


def assert_nothing_leaks(text: str) -> None:
    flat = re.sub(r"[\s\-().+－]", "", text)
    for phone in TW + HK + FOREIGN:
        assert phone not in text, phone
        assert national_digits(phone)[:-3] not in flat, phone  # the last three may stay
    for secret in (*NAMES, TOKEN, CODE, BEARER, f"pin={PIN}"):
        assert secret not in text, secret


def test_phones_and_secrets_are_masked() -> None:
    line = redact("enroll 0912-345-678 (+886912345678) pin=1234 token: abcdef Authorization: "
                  "Bearer xyz hk 9123 4567")
    for secret in ("345", "1234", "abcdef", "xyz", "9123"):
        assert secret not in line, line
    assert "678" in line  # the last digits stay, so support can still match a complaint


@pytest.mark.parametrize("phone", TW + HK + FOREIGN)
def test_a_phone_in_any_format_and_region_is_masked_to_its_last_three_digits(phone: str) -> None:
    line = redact(f"lookup {phone} failed")
    assert line.startswith("lookup ***-") and line.endswith(" failed"), line
    assert national_digits(phone)[:-3] not in re.sub(r"\D", "", line)


@pytest.mark.parametrize("kept", [
    "2026-11-30 12:34:56,789", "at 2026-11-30T04:00:00+00:00", "from 127.0.0.1:54321",
    "member 01932150-7123-7456-9123-4567890abcde", "took 0.123456789 s", "cursor 1234567",
    "pushed 1000 operations", "30/11/2026", "HTTP/1.1\" 200"])
def test_dates_times_addresses_ids_and_counts_stay_readable(kept: str) -> None:
    assert redact(kept) == kept


def _enroll(phone: str, name: str, token: str) -> None:
    try:
        raise KeyError(phone)
    except KeyError as exc:
        raise ValueError(f"member {name} with {phone} refused, token={token}") from exc


def _sql_failure() -> IntegrityError:
    engine = create_engine("sqlite://")
    members = Table("members", MetaData(), Column("phone", String, primary_key=True),
                    Column("name", String))
    members.create(engine)
    try:
        with engine.begin() as conn:
            for _ in range(2):
                conn.execute(insert(members).values(phone=HK[3], name=NAMES[1]))
    except IntegrityError as exc:
        return exc
    finally:
        engine.dispose()
    raise AssertionError("the duplicate was accepted")


class _SignUp(BaseModel):
    name: str = Field(max_length=2)


def _log_failures(log: logging.Logger) -> None:
    """Every way personal data reaches a log: messages, arguments, exception text, chained
    exceptions, tracebacks quoting source lines, SQL parameters, validation errors, stacks."""
    for phones in (TW, HK, FOREIGN):
        for phone in phones:
            log.info("lookup %s by %s", phone, NAMES[0])
    log.warning("register with code %s, Authorization: Bearer %s, pin=%s", CODE, BEARER, PIN)
    try:
        _enroll(phone="+852 6123-4567", name="陳大文", token=TOKEN)  # a source line quoted
    except ValueError:
        log.exception("enroll failed for +1 (415) 555-2671")
    try:
        raise _sql_failure()
    except IntegrityError:
        log.exception("store write failed")
    try:
        _SignUp(name=NAMES[2])
    except ValidationError:
        log.exception("sign-up refused")
    log.error("lookup of %s", "0049 30 12345678", stack_info=True)


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    log = logging.getLogger("regulars.redaction-test")
    log.propagate, log.level = False, logging.INFO
    yield log
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()


def test_tracebacks_with_tw_hk_and_foreign_phones_names_and_tokens_leak_nothing(
        tmp_path: Path, logger: logging.Logger) -> None:
    handler = PrivateRotatingFileHandler(tmp_path / "counter.log", encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    _log_failures(logger)
    handler.flush()
    text = (tmp_path / "counter.log").read_text("utf-8")
    # what was logged is all there — only the personal parts are masked
    for shown in ("Traceback (most recent call last)", "ValueError: member *** with ***-567",
                  "The above exception was the direct cause", "IntegrityError",
                  "[parameters: ***]", "validation error for _SignUp", "Stack (most recent",
                  "lookup ***-671 by ***", "***-678"):
        assert shown in text, shown
    assert_nothing_leaks(text)


def test_a_handler_with_its_own_formatter_is_redacted_by_the_filter(
        logger: logging.Logger) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))  # a plain one, not ours
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    _log_failures(logger)
    text = stream.getvalue()
    assert "Traceback (most recent call last)" in text and "***-678" in text
    assert_nothing_leaks(text)


def test_centrals_log_configuration_redacts_uvicorns_access_and_error_logs(
        logger: logging.Logger) -> None:
    formatter = log_config()["formatters"]["redacted"]
    assert formatter["()"] == "loyalty.redact.RedactingFormatter"
    config = log_config()
    assert config["loggers"]["uvicorn.access"]["handlers"] == ["stderr"]
    assert config["loggers"]["uvicorn"]["handlers"] == ["stderr"]
    assert config["handlers"]["stderr"]["formatter"] == "redacted"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter(formatter["fmt"]))
    logger.addHandler(handler)
    # uvicorn's access record: the request line with its query string in the arguments
    logger.info('%s - "%s %s HTTP/%s" %d', "10.0.0.7:5123", "GET",
                "/v1/members?phone=%2B852%209123%204567&name=%E9%99%B3%E5%A4%A7%E6%96%87",
                "1.1", 405)
    text = stream.getvalue()
    assert '"GET /v1/members?phone=*** ' in text and " 405" in text
    assert "9123" not in text and "%E9%99%B3" not in text and "陳大文" not in text


@pytest.mark.expect_log_warnings("regulars.test")  # warnings with personal data, redacted
def test_the_log_file_is_redacted(tmp_path: Path) -> None:
    path = setup_logging(tmp_path)
    logging.getLogger("regulars.test").warning("member %s signed up", "0912345678")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "0912345678" not in text and "signed up" in text
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "baseFilename", "") == str(path):
            root.removeHandler(handler)
            handler.close()


def test_log_files_are_readable_by_their_owner_only_also_after_rotating(
        tmp_path: Path, logger: logging.Logger) -> None:
    old = tmp_path / "counter.log"
    old.write_text("from an earlier version\n", "utf-8")
    old.chmod(0o644)
    handler = PrivateRotatingFileHandler(old, maxBytes=200, backupCount=2, encoding="utf-8")
    logger.addHandler(handler)
    for k in range(20):
        logger.info("line %d of a long day at the counter", k)
    handler.flush()
    files = sorted(tmp_path.glob("counter.log*"))
    assert [f.name for f in files] == ["counter.log", "counter.log.1", "counter.log.2"]
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
    fresh = tmp_path / "sync.log"
    PrivateRotatingFileHandler(fresh, encoding="utf-8").close()
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


@pytest.mark.expect_log_warnings("desktop.test")  # a warning and an error, redacted
def test_the_counter_apps_log_file_is_redacted_and_private(tmp_path: Path) -> None:
    from desktop.app import _logging

    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    _logging(tmp_path, verbose=False)
    try:
        logging.getLogger("desktop.test").warning("enrolled 0912-345-678, pin=2468")
        try:
            _enroll(phone="+852 6123-4567", name="陳大文", token=TOKEN)
        except ValueError:
            logging.getLogger("desktop.test").exception("enroll failed")
        for handler in root.handlers:
            handler.flush()
        path = tmp_path / "logs" / "counter.log"
        text = path.read_text(encoding="utf-8")
        assert "enrolled" in text and "345" not in text and "2468" not in text, text
        assert "Traceback" in text and "6123" not in text and TOKEN not in text
        assert "陳大文" not in text
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)
