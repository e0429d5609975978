"""The console's texts exist in both languages with the same placeholders, every id a page
or an action uses is in the catalogue, and the roles table gives an auditor nothing to do."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from central.console.i18n import negotiate, translator
from central.console.messages import MESSAGES
from central.console.roles import PERMISSIONS, ROLES, allowed

PACKAGE = Path(__file__).resolve().parents[4] / "central" / "console"
TEMPLATES = sorted((PACKAGE / "templates").glob("*.html"))
SOURCES = sorted(PACKAGE.glob("*.py"))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("message_id", sorted(MESSAGES))
def test_both_languages_carry_the_same_placeholders(message_id: str) -> None:
    english, chinese = MESSAGES[message_id]
    assert english.strip() and chinese.strip()
    assert _fields(english) == _fields(chinese)


def test_every_id_a_template_names_is_in_the_catalogue() -> None:
    used = {m for path in TEMPLATES for m in re.findall(r"""\bt\(["']([a-z0-9_]+)["']\s*[,)]""",
                                                          path.read_text())}
    assert len(used) > 50
    assert sorted(used - set(MESSAGES)) == []


def test_every_action_notice_and_refusal_has_its_text() -> None:
    code = "\n".join(p.read_text() for p in SOURCES)
    # The first string argument, past any call in the arguments before it (``Actor(…)``).
    actions = set(re.findall(r'(?:audit\.record|_act)\((?:[^"()]|\([^)]*\))*"([a-z_]+)"', code))
    actions |= {"held_approved", "held_rejected"}  # chosen by the verdict
    assert {"sign_in", "sign_in_failed", "till_revoked", "account_added"} <= actions
    assert sorted(a for a in actions if f"act_{a}" not in MESSAGES) == []
    notices = set(re.findall(r'back\("[^"]+", "([a-z_]+)"\)', code))
    notices |= {"case_merge", "case_keep_apart", "held_approved", "held_rejected"}
    assert sorted(n for n in notices if f"ok_{n}" not in MESSAGES) == []
    refusals = set(re.findall(r'(?:AccountError|Denied|RangeError)\("([a-z_]+)"', code))
    refusals |= set(re.findall(r'_page\(request, viewer, "([a-z_]+)"', code))
    refusals |= set(re.findall(r'\((?:name|"[a-z_]+"), "(rules_[a-z_]+)"\)', code))
    assert {"rules_not_a_number", "rules_stale", "report_too_long"} <= refusals
    refusals |= set(re.findall(r'return "([a-z_]+)"', (PACKAGE / "passwords.py").read_text()))
    ways = set(re.findall(r'return "([a-z_]+)", ', (PACKAGE / "members.py").read_text()))
    assert sorted(w for w in ways - {"empty"} if f"read_as_{w}" not in MESSAGES) == []
    assert sorted(r for r in refusals if r not in MESSAGES
                  and f"denied_{r}" not in MESSAGES) == []
    assert all(f"role_{role}" in MESSAGES for role in ROLES)


def test_a_translator_fills_placeholders_in_its_language() -> None:
    assert translator("zh_TW")("points_n", n=120) == "120 點"
    assert translator("en")("points_n", n=120) == "120 points"
    assert translator("fr")("sign_in") == "Sign in"  # unknown languages read English


@pytest.mark.parametrize(("header", "expected"), [
    ("zh-TW,zh;q=0.9,en;q=0.8", "zh_TW"), ("zh-HK", "zh_TW"), ("en-GB,en;q=0.9", "en"),
    ("en;q=0.5,zh-TW;q=0.9", "zh_TW"), ("fr-FR", "en"), ("", "zh_TW"), (None, "zh_TW"),
    ("zh;q=bad,en", "en")])
def test_the_browser_language_picks_the_page_language(header: str | None,
                                                      expected: str) -> None:
    assert negotiate(header) == expected


def test_an_auditor_only_reads_and_only_an_admin_manages_accounts() -> None:
    assert {p for p in PERMISSIONS if allowed("auditor", p)} == {
        p for p in PERMISSIONS if p.endswith(".view")}
    assert [r for r in ROLES if allowed(r, "accounts.manage")] == ["admin"]
    assert not allowed("marketing", "stores.manage")
    assert not allowed("admin", "no.such.permission")


def test_every_reason_a_program_is_refused_for_has_a_message() -> None:
    source = (PACKAGE.parents[1] / "loyalty" / "programs.py").read_text("utf-8")
    reasons = set(re.findall(r'ProgramError\(\s*"(\w+)"', source))
    assert len(reasons) >= 10
    assert {r for r in reasons if f"prog_bad_{r}" not in MESSAGES} == set()
