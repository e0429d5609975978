"""Feed pages a central process serves from the changes it keeps rendered
(``central.feed_cache``) are, byte for byte, the pages a process keeping nothing renders
afresh over the same database, at every cursor and page size (but for the balance in a
member record kept before an entry moved it, which no till reads); after an erasure no kept page
carries the erased person's data, and after a merge no kept entry names the old account.
Real centrals over loopback HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest

from sync.protocol import ChangesPage
from tests.helpers.central_ops import TerminalClient, add_staff
from tests.helpers.central_server import CentralServer, running_central
from tests.helpers.programs import issue, put_programs

NAME, PHONE = "鄭秀蘭", "+886912000111"


class Centrals:
    """Three centrals over one database: keeping the default number of changes, keeping at
    most three, keeping none (the reference)."""

    def __init__(self, stack: ExitStack, db_url: str) -> None:
        self.kept = stack.enter_context(running_central(db_url))
        self.few = stack.enter_context(running_central(db_url, feed_cache_changes=3))
        self.none = stack.enter_context(running_central(db_url, feed_cache_changes=0))
        reg = self.kept.new_terminal("S001")
        self.token = reg["token"]
        self.term = TerminalClient(stack.enter_context(self.kept.client(self.token)), reg)
        self.readers = [stack.enter_context(c.client(self.token))
                        for c in (self.kept, self.few, self.none)]

    def pages(self, after: int, limit: int) -> list[bytes]:
        """The raw page from each central, in the order kept, few, none."""
        out = []
        for http in self.readers:
            answer = http.get("/v1/sync/changes", params={"after": after, "limit": limit})
            assert answer.status_code == 200, answer.text
            out.append(answer.content)
        return out

    def head(self) -> int:
        after = 0
        while True:
            page = self.readers[2].get("/v1/sync/changes",
                                       params={"after": after, "limit": 1000}).json()
            after = page["next_cursor"]
            if not page["has_more"]:
                return after

    def assert_all_cursors_agree(self, exact: bool = True) -> int:
        """Every page the same from the three, byte for byte; not ``exact``: but for the
        balance in a member record kept from before an entry moved it."""
        head = self.head()
        for limit in (1, 3, 1000):
            for after in range(head + 1):
                kept, few, fresh = self.pages(after, limit)
                if exact:
                    assert kept == fresh, (after, limit)
                    assert few == fresh, (after, limit)
                else:
                    assert _but_balances(kept) == _but_balances(fresh), (after, limit)
                    assert _but_balances(few) == _but_balances(fresh), (after, limit)
        return head


def _but_balances(page: bytes) -> dict[str, Any]:
    """A page with the balance left out of member records: a till never takes a balance from
    a change (entries move it), and a kept record shows it as it was when kept."""
    body: dict[str, Any] = json.loads(page)
    for change in body["changes"]:
        if change["kind"] == "member.upsert":
            del change["data"]["balance"]
    return body


@pytest.fixture
def centrals(db_url: str) -> Iterator[Centrals]:
    with ExitStack() as stack:
        yield Centrals(stack, db_url)


def _kept(central: CentralServer) -> int:
    assert central._server is not None
    kept: int = central._server.config.app.state.rendered_feed.kept
    return kept


def test_kept_pages_are_the_fresh_pages_at_every_cursor(centrals: Centrals) -> None:
    term = centrals.term
    put_programs(centrals.kept)
    ops = [term.enroll(PHONE, name=NAME), term.enroll("+886912000222", name="Bo")]
    ids = [op["payload"]["member_id"] for op in ops]
    term.push_ok(*ops, term.entry(ids[0], 30), term.entry(ids[1], 40))
    issue(centrals.kept, "welcome", ids[0])
    with centrals.kept.client("admin") as admin:
        add_staff(admin, "S001", "manager", name="Mei")
    first = centrals.assert_all_cursors_agree()  # the kept ones now hold it all
    for raw in centrals.pages(0, 1000) + centrals.pages(2, 3):  # joined bytes: the model's
        assert ChangesPage.model_validate_json(raw).model_dump_json().encode() == raw
    assert _kept(centrals.kept) > 0
    assert _kept(centrals.few) == 3  # never more than it may keep
    more = term.enroll("+886912000333", name="Cy")
    term.push_ok(more, term.entry(more["payload"]["member_id"], 5), term.entry(ids[1], 7))
    assert centrals.assert_all_cursors_agree(exact=False) > first
    assert _kept(centrals.few) == 3


def test_an_erasure_leaves_nothing_of_the_person_in_any_kept_page(
        centrals: Centrals) -> None:
    term = centrals.term
    ops = [term.enroll(PHONE, name=NAME), term.enroll("+886912000222", name="Bo")]
    ids = [op["payload"]["member_id"] for op in ops]
    term.push_ok(*ops, term.entry(ids[0], 30))
    before = centrals.pages(0, 1000)[0]
    assert NAME.encode() in before and PHONE.encode() in before  # kept rendered with them
    with centrals.kept.client("admin") as admin:
        erased = admin.post(f"/v1/admin/members/{ids[0]}/erase")
        assert erased.status_code == 200, erased.text
    for page in centrals.pages(0, 1000) + centrals.pages(0, 2):
        assert NAME.encode() not in page and PHONE.encode() not in page
    centrals.assert_all_cursors_agree()


def test_after_a_merge_kept_entries_name_the_surviving_account(centrals: Centrals) -> None:
    term = centrals.term
    ops = [term.enroll(PHONE, name=NAME), term.enroll("+886912000222", name="Bo")]
    ids = [op["payload"]["member_id"] for op in ops]
    term.push_ok(*ops, term.entry(ids[0], 30), term.entry(ids[1], 40))
    centrals.assert_all_cursors_agree()
    with centrals.kept.client("admin") as admin:
        merged = admin.post("/v1/admin/members/merge",
                            json={"source_id": ids[0], "target_id": ids[1]})
        assert merged.status_code == 200, merged.text
    centrals.assert_all_cursors_agree()
    entries = [c for c in httpx.Response(200, content=centrals.pages(0, 1000)[0]).json()[
        "changes"] if c["kind"] == "ledger.entry"]
    assert {e["data"]["account_id"] for e in entries} == {ids[1]}
