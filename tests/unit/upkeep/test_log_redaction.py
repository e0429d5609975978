"""Logs never hold PINs, tokens or full phone numbers."""

import logging
from pathlib import Path

from desktop.logs import redact, setup_logging


def test_phones_and_secrets_are_masked() -> None:
    line = redact("enroll 0912-345-678 (+886912345678) pin=1234 token: abcdef Authorization: "
                  "Bearer xyz hk 9123 4567")
    for secret in ("345", "1234", "abcdef", "xyz", "9123"):
        assert secret not in line, line
    assert "678" in line  # the last digits stay, so support can still match a complaint


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


def test_the_counter_apps_log_file_is_redacted(tmp_path: Path) -> None:
    from desktop.app import _logging

    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    _logging(tmp_path, verbose=False)
    try:
        logging.getLogger("desktop.test").warning("enrolled 0912-345-678, pin=2468")
        for handler in root.handlers:
            handler.flush()
        text = (tmp_path / "logs" / "counter.log").read_text(encoding="utf-8")
        assert "enrolled" in text and "345" not in text and "2468" not in text, text
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)
