"""Rules edited in the console: a live preview of what a sale earns, validation before
anything is stored, and a published version that the API serves and the feed announces to
tills."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import update

from central.db import make_engine, run_transaction
from central.models import ScheduledRules
from loyalty.store.rulebook import current_rules
from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer
from tests.helpers.console import ConsoleBrowser, add_account
from tests.helpers.sync_terminal import Terminal

TPE = ZoneInfo("Asia/Taipei")


def test_marketing_previews_and_publishes_a_new_earn_rate(central: CentralServer) -> None:
    reg = central.new_terminal()
    add_account(central, "mkt", "marketing")
    with ConsoleBrowser(central).signed_in_as("mkt") as browser:
        page = browser.get("/console/rules").text
        assert 'name="tier.gold.earn_rate" value="0.15"' in page
        assert "<td>Gold</td><td class=\"num\">150</td><td class=\"num\">300</td>" in page
        preview = browser.http.post("/console/rules/preview", headers={
            "HX-Request": "true", "X-CSRF-Token": browser.csrf},
            data={"tier.gold.earn_rate": "0.2", "offline_redemption.enabled": "on"})
        assert "<td>Gold</td><td class=\"num\">200</td><td class=\"num\">400</td>" in preview.text
        assert "tier.gold.earn_rate</span>: 0.15 → <b>0.2</b>" in preview.text

        for bad, message in (({"expiry_months": "twelve"}, "Enter a number"),
                             ({"expiry_months": "1.5"}, "Enter a whole number"),
                             ({"tier.silver.threshold": "-5"}, "Enter a number"),
                             ({"tier.gold.threshold": "5000"}, "must be above the one")):
            refused = browser.post("/console/rules", **bad,
                                   **{"offline_redemption.enabled": "on"})
            assert refused.status_code == 422 and message in refused.text, bad
        done = browser.post("/console/rules", **{"tier.gold.earn_rate": "0.2",
                                                 "offline_redemption.enabled": "on"})
        assert done.headers["location"] == "/console/rules?ok=rules_published"
    with central.client(reg["token"]) as http:
        rules = http.get("/v1/rules").json()
        assert rules["version"] == 2
        gold = next(t for t in rules["document"]["tiers"] if t["code"] == "gold")
        assert gold["earn_rate"] == "0.2"
        assert rules["document"]["offline_redemption"]["enabled"] is True
        changes = TerminalClient(http, reg).changes()["changes"]
        assert [c for c in changes if c["kind"] == "rules.updated"]
    with ConsoleBrowser(central).signed_in_as("mkt") as browser:
        assert "<td>v2</td>" in browser.get("/console/rules").text


def test_a_scheduled_version_reaches_tills_only_when_due(central: CentralServer,
                                                         tmp_path: Path) -> None:
    till = Terminal.create(tmp_path / "a", central)
    add_account(central, "mkt", "marketing")
    try:
        with ConsoleBrowser(central).signed_in_as("mkt") as browser:
            browser.get("/console/rules")
            soon = datetime.now(TPE) + timedelta(hours=2)
            for when, message in (("yesterday", "cannot be read"),
                                  ("2020-01-01T09:00", "at least a minute ahead")):
                refused = browser.post("/console/rules", effective_at=when,
                                       **{"tier.gold.earn_rate": "0.3"})
                assert refused.status_code == 422 and message in refused.text
            done = browser.post("/console/rules", effective_at=soon.strftime("%Y-%m-%dT%H:%M"),
                                **{"tier.gold.earn_rate": "0.3"})
            assert done.headers["location"] == "/console/rules?ok=rules_scheduled"
            withdrawn = browser.post("/console/rules", **{"tier.gold.earn_rate": "0.4"},
                                     effective_at=(soon + timedelta(days=1)).strftime(
                                         "%Y-%m-%dT%H:%M"))
            assert withdrawn.status_code == 303
            page = browser.get("/console/rules").text
            assert page.count("data-scheduled=") == 2 and soon.strftime("%H:%M") in page
            last = page.split("data-scheduled=")[2].split('"')[1]
            assert browser.post(f"/console/rules/scheduled/{last}/cancel").status_code == 303
            assert browser.post(f"/console/rules/scheduled/{last}/cancel").status_code == 404
            till.sync()
            assert _gold_rate(till) == Decimal("0.15")  # not yet: the till still earns 0.15
            with central.client("admin") as http:
                assert http.get("/v1/rules").json()["version"] == 1
            # Two hours pass (the waiting row's time is moved back instead, so central's
            # watch is asked by the console page: a pull looks again within RECHECK).
            _move_due(central.db_url, datetime.now(TPE) - timedelta(minutes=1))
            page = browser.get("/console/rules").text
            assert "data-scheduled=" not in page and "<td>v2</td>" in page
            till.sync()
            assert _gold_rate(till) == Decimal("0.3")
            assert "<td>v3</td>" not in page  # the withdrawn one never came
    finally:
        till.close()


def _gold_rate(till: Terminal) -> Decimal:
    with till.db.connect() as conn:
        rules = current_rules(conn)
    return next(t.earn_rate for t in rules.tiers if t.code == "gold")


def _move_due(db_url: str, to: datetime) -> None:
    engine = make_engine(db_url)
    try:
        run_transaction(engine, lambda s: s.execute(
            update(ScheduledRules).where(ScheduledRules.cancelled_at.is_(None))
            .values(effective_at=to)))
    finally:
        engine.dispose()
