"""Programs on the console's rules page: listed for every role, edited by an admin only,
validated by the program's one definition (``loyalty.programs``) before anything is
published, CSRF-checked, and published as the next rules version the API then serves."""

from __future__ import annotations

from tests.helpers.central_server import CentralServer
from tests.helpers.console import ConsoleBrowser, add_account
from tests.helpers.programs import COUPON, REWARD, put_programs


def _program(central: CentralServer, program_id: str) -> dict[str, object]:
    with central.client("admin") as http:
        return next(p for p in http.get("/v1/admin/programs").json()
                    if p["program_id"] == program_id)


FORM = {"name_zh": "迎新券", "name_en": "Welcome coupon", "valid_from": "2027-01-01",
        "valid_until": "2027-03-31", "per_member_limit": "1", "global_limit": "500",
        "valid_days": "", "offline_mode": "per_terminal", "offline_max": "1", "stores": "",
        "segments": "", "active": "on"}


def test_an_admin_edits_a_program_and_the_api_serves_it(central: CentralServer) -> None:
    version = put_programs(central, REWARD, COUPON)
    add_account(central, "boss", "admin")
    with ConsoleBrowser(central).signed_in_as("boss") as admin:
        page = admin.get("/console/rules").text
        assert 'data-program="welcome"' in page and "up to 1 per till" in page
        form_page = admin.get("/console/rules/programs/welcome").text
        assert 'name="offline_max" value="1"' in form_page
        for bad, message in (
                ({"valid_until": "31/03/2027"}, "Enter a date such as 2027-01-31."),
                ({"valid_until": "2026-12-01"}, "The end date is before the start date."),
                ({"global_limit": "-5"}, "Enter a whole number."),
                ({"valid_days": "0"}, "Days each one lasts must be 1 or more"),
                ({"name_en": " "}, "Both names are needed"),
                ({"offline_max": "many"}, "Enter a whole number.")):
            refused = admin.post("/console/rules/programs/welcome", **(FORM | bad))
            assert refused.status_code == 422 and message in refused.text, bad
            assert f'value="{next(iter(bad.values()))}"' in refused.text  # kept as typed
        forged = admin.post("/console/rules/programs/welcome", csrf="forged", **FORM)
        assert forged.status_code == 403
        assert _program(central, "welcome")["valid_until"] is None  # nothing published yet
        done = admin.post("/console/rules/programs/welcome", **FORM,
                          **{"tier.gold": "on", "version": str(version)})
        assert done.headers["location"] == "/console/rules?ok=program_published"
        stale = admin.post("/console/rules/programs/welcome", **(FORM | {
            "global_limit": "9", "version": str(version)}))
        assert stale.status_code == 409 and "newer version" in stale.text
        assert "<td>v" + str(version + 1) + "</td>" in admin.get("/console/rules").text
        assert admin.get("/console/rules/programs/nope").status_code == 404
    welcome = _program(central, "welcome")
    assert (welcome["valid_from"], welcome["valid_until"]) == ("2027-01-01", "2027-03-31")
    assert (welcome["per_member_limit"], welcome["global_limit"]) == (1, 500)
    assert welcome["tiers"] == ["gold"] and welcome["reward_value"] == "50"  # kept
    with central.client("admin") as http:
        assert http.get("/v1/rules").json()["version"] == version + 1
        backwards = http.put("/v1/admin/programs/welcome", json=welcome | {
            "valid_until": "2026-12-31"})  # the API refuses what the form refused
        assert backwards.status_code == 422 and "before valid_from" in backwards.text


def test_marketing_reads_programs_but_cannot_change_them(central: CentralServer) -> None:
    put_programs(central, REWARD, COUPON)
    add_account(central, "mkt", "marketing")
    with ConsoleBrowser(central, "zh-TW").signed_in_as("mkt") as browser:
        page = browser.get("/console/rules").text
        assert 'data-program="welcome"' in page and "迎新券" in page
        assert "/console/rules/programs/welcome" not in page
        assert "只有系統管理員可以修改優惠方案。" in page
        assert browser.get("/console/rules/programs/welcome").status_code == 403
        assert browser.post("/console/rules/programs/welcome", **FORM).status_code == 403
    assert _program(central, "welcome")["valid_until"] is None
