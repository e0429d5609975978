"""A till whose profile change lost at central (answered ``superseded``) takes it as no error,
keeps the operation with its reason, and converges on central's record through the feed."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import select

from loyalty.store.members import update_profile
from loyalty.store.schema import outbox
from sync.problems import problem_counts
from tests.helpers.store import FakeClock, LiveClock
from tests.helpers.sync_terminal import Terminal

MakeTerminal = Callable[..., Terminal]


def _edit_consent(term: Terminal, member_id: str, value: bool) -> int:
    with term.db.begin() as conn:
        return update_profile(conn, term.service.ctx, term.service.hlc, member_id,
                              {"marketing_consent": value}, term.fixture.clock())


def test_an_older_opt_in_from_a_till_is_superseded_and_the_till_shows_the_opt_out(
        make_terminal: MakeTerminal) -> None:
    late = make_terminal("late", clock=FakeClock())  # its clock says 2026-11-23: behind
    counter = make_terminal("counter", clock=LiveClock())
    member_id = counter.service.enroll(phone="0912345678", name="王小明").member_id
    counter.sync()
    late.sync()
    _edit_consent(counter, member_id, False)
    counter.sync()
    late.sync()  # the opt-out is here too before the late till's own edit

    seq = _edit_consent(late, member_id, True)  # the customer's older choice, sent late
    assert late.member(member_id)["marketing_consent"] is True
    report = late.sync()

    assert (report.push.acked, report.push.superseded, report.push.rejected) == (1, 1, 0)
    with late.db.connect() as conn:
        row = conn.execute(select(outbox).where(outbox.c.seq == seq)).one()
        counts = problem_counts(conn)
    assert (row.state, row.reason) == (
        "acked", "superseded: A newer change to marketing_consent already stands; this one "
                 "changed nothing.")
    assert json.loads(row.payload)["fields"]["marketing_consent"] is True  # kept as sent
    assert counts.rejected == 0  # not a problem for the manager
    assert late.member(member_id)["marketing_consent"] is False  # central's record came back
    assert counter.member(member_id)["marketing_consent"] is False
