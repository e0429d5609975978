"""The chain report page and its CSV say what ``/v1/reports/daily`` says, for any range."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.helpers.central_ops import TerminalClient
from tests.helpers.central_server import CentralServer
from tests.helpers.console import ConsoleBrowser, add_account


def test_the_report_and_its_csv_agree_with_the_api(central: CentralServer) -> None:
    reg = central.new_terminal()
    with central.client(reg["token"]) as http:
        term = TerminalClient(http, reg)
        mei = term.enroll("+886912345678", name="陳美玲")
        member_id = mei["payload"]["member_id"]
        term.push_ok(mei, term.entry(member_id, 120), term.entry(member_id, 30))
    today = datetime.now(UTC).astimezone(ZoneInfo("Asia/Taipei")).date()
    with central.client("admin") as http:
        [api] = [r for r in http.get("/v1/reports/daily", params={"day": today.isoformat()})
                 .json() if r["store_id"] == "S001"]
    assert api["points_issued"] == 150
    add_account(central, "audit", "auditor")
    with ConsoleBrowser(central).signed_in_as("audit") as browser:
        page = browser.get(f"/console/report?first={today - timedelta(days=6)}&last={today}")
        assert page.status_code == 200
        row = page.text.split('data-store="S001"')[1].split("</tr>")[0]
        assert "<td class=\"num\">1,500</td>" in row and "<td class=\"num\">150</td>" in row
        assert "1 active members" in page.text and "<rect" in page.text
        download = browser.get(f"/console/report.csv?first={today}&last={today}&store=S001")
        assert download.headers["content-disposition"].startswith("attachment;")
        rows = list(csv.DictReader(io.StringIO(download.text.lstrip("\ufeff"))))
        assert [(r["store_id"], int(r["points_issued"])) for r in rows] == [("S001", 150)]
        reversed_range = browser.get(f"/console/report?first={today}&last={today - timedelta(1)}")
        assert reversed_range.status_code == 422
        assert "The end date is before the start date." in reversed_range.text
        assert browser.get("/console/report?first=2020-01-01&last=2021-01-01").status_code == 422
