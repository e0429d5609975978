"""Every error a cashier can meet has a translated message that keeps its placeholders."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.messages import TEMPLATES, describe
from loyalty.errors import LoyaltyError, RedemptionRefused
from loyalty.offline import FloorDecision
from loyalty.redemption import OfflineApprovalRequired
from loyalty.rules import default_rules

ROOT = Path(__file__).resolve().parents[3]


def loyalty_codes() -> set[str]:
    """Every ``code="..."`` the domain and store raise."""
    codes: set[str] = set()
    for path in (ROOT / "loyalty").rglob("*.py"):
        codes |= set(re.findall(r'code="([a-z_]+)"', path.read_text(encoding="utf-8")))
    return codes


# Raised only where the counter never calls: set-up tools, profile edits, restore.
NOT_AT_THE_COUNTER = {"cashier_role", "field", "backup_other_terminal"}


def test_every_domain_error_code_has_a_message() -> None:
    missing = loyalty_codes() - set(TEMPLATES) - NOT_AT_THE_COUNTER
    assert not missing, f"no cashier message for {sorted(missing)}"


@pytest.mark.parametrize("ts", i18n.ts_files(), ids=lambda p: p.name)
def test_translations_keep_placeholders_and_are_finished(ts: Path) -> None:
    for message in ET.parse(ts).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None and translation.get("type") != "unfinished", source
        text = translation.text or ""
        assert sorted(re.findall(r"%\d", source)) == sorted(re.findall(r"%\d", text)), source
        assert ("&" in source) == ("&" in text), source  # keyboard mnemonics survive


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    if i18n.qm_stale():
        i18n.build()
    translators = i18n.install_translators(qapp, "zh_TW")
    yield
    i18n.remove_translators(qapp, translators)
    i18n.install_translators(qapp, "en")


def test_messages_fill_numbers_from_the_domain_sentence(chinese: None) -> None:
    rules = default_rules("TW")
    with pytest.raises(RedemptionRefused) as caught:
        rules.check_redemption(50, 1000, None)
    assert describe(caught.value) == "點數須以 100 點為單位折抵。"


def test_offline_refusal_names_every_broken_limit(chinese: None) -> None:
    err = OfflineApprovalRequired(FloorDecision(False, ("over_sale_limit", "budget_spent")))
    assert describe(err) == "超過離線時單筆可折抵的點數。 本機離線折抵額度已用完。 可由店長核准。"


@pytest.mark.expect_log_warnings("desktop.messages")  # says the translation is missing
def test_unknown_code_falls_back_to_the_english_sentence(qapp: QApplication) -> None:
    assert describe(LoyaltyError("Something odd.", code="brand_new")) == "Something odd."


@pytest.mark.parametrize(("name", "expected"), [
    ("zh_TW", "zh_TW"), ("zh_HK", "zh_TW"), ("zh-Hant-HK", "zh_TW"), ("en", "en"),
    ("en_GB", "en"), (None, "zh_TW")])
def test_language_fallbacks(name: str | None, expected: str) -> None:
    assert i18n.normalise_language(name) == expected


def test_the_report_screen_is_translated_in_the_running_app(chinese: None) -> None:
    """The report ships its own .qm: installing the app's translators loads it too."""
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("ReportWindow", "Member report") == "會員報表"
