"""#17: a printed slip (a member's name, phone ending, balance) leaves the print queue's file
within a day, so an erased member is gone from it too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from printing import samples
from printing.jobs import KEEP_PRINTED_FOR, JobStatus, JobStore
from printing.slip_data import MemberRef
from printing.slips import build_award

NAME = "鄭雅文"


def slip(name: str) -> object:
    return build_award(samples.award(MemberRef(name=name, phone_e164="+886934567812",
                                               code=samples.SAMPLE_CODE, tier_name="金卡會員")))


def test_printed_slips_older_than_a_day_are_forgotten_and_their_bytes_with_them(
        tmp_path: Path) -> None:
    path = tmp_path / "print-jobs.sqlite3"
    jobs = JobStore(path)
    old = jobs.add(slip(NAME))  # type: ignore[arg-type]
    jobs.set_status(old, JobStatus.PRINTED)
    recent = jobs.add(slip("王小明"))  # type: ignore[arg-type]
    jobs.set_status(recent, JobStatus.PRINTED)
    waiting = jobs.add(slip("李四"))  # type: ignore[arg-type]
    stale = (datetime.now(UTC) - KEEP_PRINTED_FOR - timedelta(minutes=1)).isoformat(
        timespec="milliseconds")
    jobs._db.execute("UPDATE print_job SET updated_at = ? WHERE id = ?", (stale, old))
    jobs.close()
    assert NAME.encode() in path.read_bytes()  # the search below can fail
    jobs = JobStore(path)  # at the next start
    assert {j.id for j in jobs.recent(50)} == {recent, waiting}
    jobs.close()
    assert NAME.encode() not in path.read_bytes()
