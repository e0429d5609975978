"""Voidability (``loyalty.voids``): the counter's Void action and the void form's list
follow one rule, so Void is never enabled over an empty list."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.app import CounterApp
from loyalty.ids import new_id
from loyalty.store.replica import apply_entry
from tests.gui.conftest import enroll_member
from tests.helpers.records import as_feed_entry
from tests.helpers.store import StoreFixture


def test_void_is_disabled_for_a_member_whose_only_standing_rows_are_expiries(
        qtbot: QtBot, manager_counter: CounterApp, store_fixture: StoreFixture) -> None:
    c = manager_counter
    void_key = c.window.counter.fkeys.buttons["void"]
    member_id = enroll_member(c, "0933555123", "王大同")
    c.session.show_member(member_id)
    earn = c.session.award("1000", "").entry_id
    assert void_key.isEnabled()
    c.service.void(earn, manager_id=store_fixture.manager.id, reason="wrong member")
    with store_fixture.engine.begin() as conn:  # central's expiry job, by the feed
        apply_entry(conn, as_feed_entry(conn, {
            "entry_id": new_id(), "member_id": member_id, "kind": "expire", "points": -40,
            "store_id": "central", "terminal_id": "central", "rules_version": 1,
            "occurred_at": store_fixture.clock.now.isoformat(), "ref_entry_id": earn}),
            store_fixture.clock.now)
    c.session.show_member(member_id)
    kinds = [(row.kind, row.voided) for row in c.session.member.history]  # type: ignore[union-attr]
    assert sorted(kinds) == [("earn", True), ("expire", False), ("reverse", False)]
    assert not void_key.isEnabled()
    c.window.counter.void.start(c.session.member.history, [], needs_manager=False)  # type: ignore[union-attr]
    assert c.window.counter.void.entries.count() == 0


def test_void_lists_exactly_the_entries_that_enable_it(
        qtbot: QtBot, manager_counter: CounterApp) -> None:
    c = manager_counter
    member_id = enroll_member(c, "0933555124", "陳小美")
    c.session.show_member(member_id)
    c.session.award("1000", "")
    c.session.award("2000", "")
    assert c.window.counter.fkeys.buttons["void"].isEnabled()
    c.window.counter.void.start(c.session.member.history, [], needs_manager=False)  # type: ignore[union-attr]
    assert c.window.counter.void.entries.count() == 2
