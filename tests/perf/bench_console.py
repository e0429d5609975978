"""Benchmark the head-office console's pages over loopback HTTP on PostgreSQL.

    python tests/perf/bench_console.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test \
        [--members 1000000] [--entries-per-member 5]

Works in a private database created beside the one named (dropped afterwards): members as
bench_central.py makes them, ``entries-per-member`` earn entries each, a week apart
over the last five weeks
(SQL ``generate_series``), one store. Signs in once, then times member searches (by the
last four digits, by full phone and by part of a name), member pages and the chain report
for the last 30 days (the days the entries are in). Before central starts, what the nightly
jobs and central's loop do ahead of any reader: the report's complete days kept
(``warm_s``, central.report_cache.warm) and the chain's 7- and 30-day member analyses
(``analysis_keep_s``, central.console.analysis_kept.keep_defaults); ``--cold`` skips both and
forgets what an earlier run kept (a new database, as main was measured). Prints ONE JSON
line: medians (search_last4_p50_ms, search_phone_p50_ms, member_page_p50_ms) and
search_last4_p99_ms, search_phone_p99_ms, search_name_p99_ms, member_page_p99_ms,
report_30d_first_s (the first view), report_30d_s (median of the next 3), analysis_30d_s
(the member analysis page, NAPL/RFM/80-20, once), segment_csv_s and segment_csv_rows (a
marketing account's consented-only export of the chain's new buyers, ``napl_N`` — every
buyer the generator makes — over the 30 days), with the scale used. Members' enrolment
dates are spread over the last ~3 years and 60% agreed to marketing. ``--keep`` leaves the
filled database and prints its URL; ``--reuse URL`` times an already filled one
(neither migrated nor dropped).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from central.clock import now
from central.console.analysis_kept import keep_defaults
from central.db import make_engine, migrate
from central.report_cache import warm
from tests.helpers.central_server import running_central
from tests.helpers.console import ConsoleBrowser, add_account
from tests.perf.bench_central import _drop, _fill_members, _private_db

SEGMENT = "napl_N"  # the generator's buyers are all new (first purchase in the 3-month
# window): the largest list a marketer could export here
ENTRIES = """
INSERT INTO ledger_entries (id, member_id, account_id, kind, points, sale_amount, currency,
    store_id, terminal_id, occurred_at, rules_version, offline, received_at, feed_seq,
    balance_after, overdraft)
SELECT gen_random_uuid()::text, m.id, m.id, 'earn', 10, 100, 'TWD', 'S001', 'bench',
       now() - (g * interval '7 days') - (random() * interval '1 day'), 1, false, now(),
       1000000000 + row_number() OVER (), 10 * g, 0
FROM members m CROSS JOIN generate_series(1, :per) AS g
"""

# A chain's members joined over years, and some agreed to marketing: bench_central fills them
# all as enrolled now without consent (today's new-member count would be the whole chain).
SPREAD = """
UPDATE members SET enrolled_at = now() - (40 + random() * 1000) * interval '1 day',
                   marketing_consent = random() < 0.6
"""


def _p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000


def _p50(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _timed(call: object, times: int) -> list[float]:
    out = []
    for _ in range(times):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        out.append(time.perf_counter() - start)
    return out


def _fill(url: str, members: int, per_member: int) -> None:
    migrate(url)
    _fill_members(url, members)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO stores (id, name, timezone, created_at) VALUES "
                          "('S001', 'Bench', 'Asia/Taipei', now())"))
        conn.execute(text(ENTRIES), {"per": per_member})
        conn.execute(text(SPREAD))
        conn.execute(text("ANALYZE"))
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--entries-per-member", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", default="")
    parser.add_argument("--cold", action="store_true")
    args = parser.parse_args(argv)
    if args.reuse:
        url, handle = args.reuse, None
    else:
        url, handle = _private_db(args.db, "console")
    try:
        if handle is not None:
            _fill(url, args.members, args.entries_per_member)
        engine = make_engine(url)
        with engine.begin() as conn:
            member_id = conn.execute(text("SELECT id FROM members WHERE phone = "
                                          "'+886920005678'")).scalar_one()
            if args.cold:
                conn.execute(text("DELETE FROM report_days"))
                conn.execute(text("DELETE FROM report_analyses"))
        warm_s = keep_s = 0.0
        if not args.cold:
            start = time.perf_counter()
            warm(engine)
            warm_s = time.perf_counter() - start
            start = time.perf_counter()
            keep_defaults(engine, "Asia/Taipei", threading.Event())
            keep_s = time.perf_counter() - start
        engine.dispose()
        with running_central(url) as central:
            name = f"bench{time.time_ns()}"  # a reused database has the earlier runs'
            add_account(central, name, "auditor")
            with ConsoleBrowser(central) as browser:
                browser.http.timeout = httpx.Timeout(900.0)  # main's report took minutes
                browser.signed_in_as(name)
                def search(q: str) -> None:
                    answer = browser.post("/console/members/search", q=q)
                    assert answer.status_code == 200, answer.status_code

                def page() -> None:
                    assert browser.get(f"/console/members/{member_id}").status_code == 200

                last = now().date()
                days = f"first={last - timedelta(days=29)}&last={last}"

                def report() -> None:
                    assert browser.get(f"/console/report?{days}").status_code == 200

                # One untimed round first: the first page a fresh process renders loads its
                # templates and the phone library's metadata (a start-up cost, not a p99).
                search("5678"), search("員1234"), page()
                last4 = _timed(lambda: search("5678"), args.repeat)
                phone = _timed(lambda: search("0920-005-678"), args.repeat)
                name = _timed(lambda: search("員1234"), args.repeat)
                pages = _timed(page, max(5, args.repeat // 2))
                reports = _timed(report, 4)
                analysis = _timed(lambda: browser.get(f"/console/report/members?{days}"), 1)
            marketer = f"mkt{time.time_ns()}"
            add_account(central, marketer, "marketing")
            with ConsoleBrowser(central) as browser:
                browser.http.timeout = httpx.Timeout(900.0)
                browser.signed_in_as(marketer)
                browser.get(f"/console/report/members?{days}")  # the page the button is on
                started = time.perf_counter()
                export = browser.post("/console/report/segment.csv", segment=SEGMENT,
                                      store="", first=str(last - timedelta(days=29)),
                                      last=str(last))
                export_s = time.perf_counter() - started
                assert export.status_code == 200, (export.status_code, export.text[:200])
                export_rows = export.text.count("\n") - 1
    finally:
        if handle is not None and not args.keep:
            _drop(handle)
        elif handle is not None:
            print(url, file=sys.stderr)
    print(json.dumps({"search_last4_p50_ms": round(_p50(last4), 1),
                      "search_phone_p50_ms": round(_p50(phone), 1),
                      "member_page_p50_ms": round(_p50(pages), 1),
                      "search_last4_p99_ms": round(_p99(last4), 1),
                      "search_phone_p99_ms": round(_p99(phone), 1),
                      "search_name_p99_ms": round(_p99(name), 1),
                      "member_page_p99_ms": round(_p99(pages), 1),
                      "report_30d_first_s": round(reports[0], 2),
                      "report_30d_s": round(statistics.median(reports[1:]), 2),
                      "analysis_30d_s": round(analysis[0], 2),
                      "segment_csv_s": round(export_s, 2), "segment_csv_rows": export_rows,
                      "segment": SEGMENT,
                      "warm_s": round(warm_s, 1), "analysis_keep_s": round(keep_s, 1),
                      "load_avg": [round(x, 1) for x in os.getloadavg()],
                      "members": args.members,
                      "entries": args.members * args.entries_per_member}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
