"""Central's reports, programs section, on SQLite and PostgreSQL: what two stores' tills and
head office did through the real API, as ``/v1/reports/daily``, the console page, its CSV and
its PDF show it to head office."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.helpers.central_server import CentralServer
from tests.helpers.console import ConsoleBrowser, add_account
from tests.integration.console.programs_chain import build_chain

SHOTS = os.environ.get("REGULARS_SHOTS")  # a folder to keep the PDF in (by hand)


def _cells(html: str, program: str, store: str) -> list[str]:
    row = html.split(f'data-program="{program}" data-store="{store}"')[1].split("</tr>")[0]
    return re.findall(r'<td class="num">([^<]*)</td>', row)


@pytest.mark.expect_log_warnings("central.instruments")  # the two conflicts
def test_head_office_reads_instruments_liability_funnels_and_conflicts(
        central: CentralServer, tmp_path: Path) -> None:
    chain = build_chain(central)
    today = datetime.now(UTC).astimezone(ZoneInfo("Asia/Taipei")).date()
    days = [today - timedelta(days=1), today]  # an hour ago may be yesterday in Taipei
    with central.client("admin") as http:
        rows = [r for d in days for r in http.get(
            "/v1/reports/daily", params={"day": d.isoformat()}).json()]
    totals: dict[str, list[int]] = {}
    for r in rows:
        into = totals.setdefault(r["store_id"], [0, 0, 0])
        for i, key in enumerate(("instruments_issued", "instrument_units_redeemed",
                                 "instrument_conflicts")):
            into[i] += r[key]
    # S001: passes A and C sold, the stamp card's reward, two cups of A online, the coupon
    # once; S002: pass B sold,
    # the referrer's reward, a cup of B, nine of A, the coupon again; head office: the coupon.
    assert totals["S001"] == [3, 3, 0]
    assert totals["S002"] == [2, 11, 2]
    assert totals["central"] == [1, 0, 0]

    add_account(central, "audit", "auditor")
    query = f"first={days[0]}&last={today}"
    with ConsoleBrowser(central).signed_in_as("audit") as browser:
        page = browser.get(f"/console/report?{query}")
        assert page.status_code == 200
        html = page.text
        # issued, stamps, redeemed, expired, refunded, outstanding, units outstanding
        assert _cells(html, "latte10", "S001") == ["2", "0", "2", "0", "0", "1", "10"]
        assert _cells(html, "latte10", "S002") == ["1", "0", "10", "0", "0", "1", "9"]
        assert _cells(html, "stamp5", "S001") == ["0", "6", "0", "0", "0", "1", "1"]
        assert _cells(html, "free-cup", "S001") == ["1", "0", "1", "0", "0", "1", "1"]
        assert _cells(html, "free-cup", "S002") == ["1", "0", "1", "0", "0", "1", "1"]
        assert 'id="liability-total">NT$2,280<' in html
        assert "19 cups not yet collected" in html
        assert 'id="open-conflicts">2<' in html
        conflicts = html.split('id="report-conflicts"')[1]
        assert "Used twice offline" in conflicts and "Over-redeemed" in conflicts
        assert chain.pass_a[-12:] in conflicts and chain.coupon[-12:] in conflicts
        funnels = html.split('id="report-funnels"')[1].split("</section>")[0]
        assert re.findall(r'<td class="num">([^<]*)</td>', funnels) == [
            "1", "6", "1", "0",  # stamp card: cards, stamps, rewards issued, used
            "1", "1", "0"]  # referral: referred, rewarded, used
        assert "<rect" in html.split('id="programs"')[1]

        one_store = browser.get(f"/console/report?{query}&store=S002").text
        assert 'id="liability-total">NT$1,080<' in one_store
        assert 'data-store="S001"' not in one_store.split('id="programs"')[1]

        download = browser.get(f"/console/report-programs.csv?{query}")
        assert download.headers["content-disposition"].startswith("attachment;")
        table = list(csv.reader(io.StringIO(download.text.lstrip("\ufeff"))))
        liability = table[table.index(["Prepaid liability"]) + 1:]
        assert liability[1][:4] == ["S001", "latte10", "Latte pass x10", "10"]
        assert liability[1][4:] == ["120", "1200"]
        assert liability[3][2:] == ["Chain total", "19", "", "2280"]

        pdf = browser.get(f"/console/report.pdf?{query}")
        assert pdf.headers["content-type"] == "application/pdf"
        path = Path(SHOTS or tmp_path) / f"console_report_{central.db_url.split(':')[0]}.pdf"
        path.write_bytes(pdf.content)
        info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                              text=True).stdout
        assert re.search(r"Pages:\s+[1-9]", info)
        audit = browser.get("/console/audit").text
        assert audit.count("downloaded a report") >= 2


def test_nobody_signed_out_downloads_the_report(central: CentralServer) -> None:
    with ConsoleBrowser(central) as anonymous:
        for path in ("/console/report-programs.csv", "/console/report.pdf"):
            answer = anonymous.get(path)
            assert answer.status_code in (401, 303), path
            assert not answer.content.startswith(b"%PDF")
            assert "program_id" not in answer.text
