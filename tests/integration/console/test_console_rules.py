"""Rules edited in the console: a live preview of what a sale earns, validation before
anything is stored, and a published version that the API serves and the feed announces to
tills."""

from __future__ import annotations

from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer
from tests.helpers.console import ConsoleBrowser, add_account


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
