"""Text as cashiers and customers type it, through every door: the till's store, the wire,
the real central, a second till, the slip's bytes and the report's CSV (the same table
through the counter's enroll form: tests/gui/test_enroll_text.py).

What a till accepts central accepts (a property over generated names and phones), and what a
till refuses central's online sign-up refuses for the same reason.
"""

from __future__ import annotations

import csv
import itertools
import unicodedata
import weakref
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select, text

from loyalty.errors import DuplicateReceipt, InvalidInput, LoyaltyError
from loyalty.money import Currency, Money
from loyalty.report.export import safe_cell, write_report_csv
from loyalty.rules import Rules, default_rules
from loyalty.store.report.report import daily_report
from loyalty.store.rulebook import current_rules
from loyalty.store.schema import outbox
from printing.encoding import Charset
from printing.escpos_render import render_escpos
from printing.fonts import missing_glyphs
from printing.profile import PrinterProfile, TextMode
from printing.samples import MEMBER, award
from printing.slips import build_award
from tests.helpers.central_server import CentralServer
from tests.helpers.escpos_decoder import decode
from tests.helpers.sync_terminal import Terminal
from tests.helpers.text_cases import ACCEPTED, REFUSED

MakeTerminal = Callable[..., Terminal]
PROFILE = PrinterProfile(kind="file", device="/dev/null", text_mode=TextMode.HYBRID,
                         charset=Charset.BIG5)


def twd(amount: int) -> Money:
    return Money(Decimal(amount), Currency.TWD)


def rejected(term: Terminal) -> list[tuple[str, str | None]]:
    with term.db.connect() as conn:
        return [(r.kind, r.reason) for r in conn.execute(
            select(outbox.c.kind, outbox.c.reason).where(outbox.c.state == "rejected"))]


def central_member(db_url: str, member_id: str) -> tuple[str | None, str | None]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(text("SELECT name, phone FROM members WHERE id = :id"),
                               {"id": member_id}).one()
            return row.name, row.phone
    finally:
        engine.dispose()


def test_the_issues_text_cases_through_store_wire_central_second_till_slip_and_csv(
        make_terminal: MakeTerminal, db_url: str, tmp_path: Path) -> None:
    a, b = make_terminal("a"), make_terminal("b")
    enrolled = {}
    for case, phone, typed, stored in ACCEPTED:
        member = a.service.enroll(phone=phone, name=typed)
        a.service.award(member.member_id, twd(500), receipt_no=f"R-{len(enrolled)}")
        assert a.member(member.member_id)["name"] == stored, case
        enrolled[case] = (member, stored)
    a.sync()
    assert rejected(a) == []
    b.sync()
    now = b.fixture.clock()
    for case, (member, stored) in enrolled.items():
        assert central_member(db_url, member.member_id) == (stored, member.phone), case
        assert b.member(member.member_id)["name"] == stored, case
        assert b.member(member.member_id)["balance"] == 50, case
        found = b.service.find(unicodedata.normalize("NFC", stored)).members
        assert member.member_id in [m.id for m in found], case
        slip = decode(render_escpos(build_award(award(replace(
            MEMBER, name=b.member(member.member_id)["name"]))), PROFILE), "big5")
        if not any(stored in line for line in slip.texts):  # Big5 lacks it: rastered
            assert slip.rasters and missing_glyphs(stored) == [], case
        assert not any("?" in line for line in slip.texts), case
    with b.db.connect() as conn:
        day = now.astimezone(b.service.ctx.tz).date()
        report = daily_report(conn, b.store_id, day - timedelta(days=6), day,
                              b.service.ctx.tz_name, current_rules(conn), day)
    write_report_csv(report, tmp_path / "report.csv", "en", current_rules_of(b))
    with (tmp_path / "report.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    top = next(k for k, row in enumerate(rows) if row[:1] == ["member_code"])
    names = {row[1] for row in rows[top + 1:] if row}
    assert names == {safe_cell(stored) for _, stored in enrolled.values()}


def current_rules_of(term: Terminal) -> Rules:
    with term.db.connect() as conn:
        return current_rules(conn)


def test_what_the_till_refuses_is_refused_at_central_for_the_same_reason(
        make_terminal: MakeTerminal, central: CentralServer) -> None:
    a = make_terminal("a")
    with central.client("admin") as admin:
        web_client = admin.post("/v1/admin/online-clients", json={"name": "web"}).json()
    with central.client(web_client["token"]) as web:
        for case, phone, name, code in REFUSED:
            with pytest.raises(LoyaltyError) as err:
                a.service.enroll(phone=phone, name=name)
            assert err.value.code == code, case
            answer = web.post("/v1/members", json={"phone": phone, "name": name})
            assert answer.status_code == 422, case
            assert code in answer.text, case
        for case, phone, name, _ in ACCEPTED:
            answer = web.post("/v1/members", json={"phone": phone, "name": name})
            assert answer.status_code == 201, (case, answer.text)
    with a.db.connect() as conn:
        assert conn.execute(select(outbox.c.seq)).first() is None  # nothing half-written


def test_a_chain_that_accepts_foreign_mobiles_enrolls_them_at_the_counter_and_central(
        make_terminal: MakeTerminal, central: CentralServer, db_url: str) -> None:
    with central.client("admin") as admin:
        document = default_rules("TW").to_document()
        document["member_phone_regions"] = ["TW", "HK", "CN", "US"]
        assert admin.put("/v1/admin/rules", json={"document": document}).status_code == 200
    a = make_terminal("a")
    china = a.service.enroll(phone="+86 138 1234 5678", name="李雷")
    usa = a.service.enroll(phone="+1 415-555-2671", name="Bob")
    a.sync()
    assert rejected(a) == []
    assert central_member(db_url, china.member_id) == ("李雷", "+8613812345678")
    assert central_member(db_url, usa.member_id) == ("Bob", "+14155552671")


# --- the property: till accepts ⇒ central accepts --------------------------------------------

_DASHES = [chr(cp) for cp in range(0x10000) if unicodedata.category(chr(cp)) == "Pd"]
_SPACES = [chr(cp) for cp in range(0x10000) if unicodedata.category(chr(cp)) == "Zs"]
_SEPARATORS = [*_DASHES, *_SPACES, "\u2212", ".", ""]
_serials = itertools.count(1)


@st.composite
def typed_phones(draw: st.DrawFn) -> str:
    """A TW or HK mobile no one has yet, typed in any form a till reads."""
    serial = next(_serials)
    taiwan = draw(st.booleans())
    if taiwan:  # the till's own market: national or international
        national, country, groups = f"0912{serial:06d}", "886", (4, 3, 3)
    else:  # Hong Kong from a Taiwanese till: international only
        national, country, groups = f"91{serial:06d}", "852", (4, 4)
    digits = national
    if not taiwan or draw(st.booleans()):
        digits = "+" + country + national.removeprefix("0")
        groups = (len(digits) - sum(groups[1:]), *groups[1:])
    parts, at = [], 0
    for size in groups:
        parts.append(digits[at:at + size])
        at += size
    typed = parts[0]
    for part in parts[1:]:
        typed += draw(st.sampled_from(_SEPARATORS)) + part
    if draw(st.booleans()):
        typed = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() or c == "+" else c for c in typed)
    return typed


NAME_PIECES = st.one_of(
    st.characters(categories=("L", "N", "P", "S", "Zs")),  # anything visible, any space
    st.characters(categories=("Mn", "Me")),  # marks: NFC composes or keeps them
    st.sampled_from(["\u200d", "\u200c", "\u3000", "\t", "\n", "\u0301", "\ufe0f", "👩",
                     "𠮷", "<", "&", "é", "e\u0301", "\U0001f3f4\U000e0067\U000e007f"]),
)


@st.composite
def till_records(draw: st.DrawFn) -> tuple[str, str, str | None]:
    phone = draw(typed_phones())
    shortest = draw(st.sampled_from([1, 15, 30]))  # long names are the interesting ones
    name = draw(st.lists(NAME_PIECES, min_size=shortest, max_size=42).map("".join))
    receipt = draw(st.one_of(st.none(), st.text(
        st.characters(exclude_categories=("Cs", "Co", "Cn", "Cc", "Cf", "Zl", "Zp")),
        min_size=1, max_size=40)))
    return phone, name, receipt


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@given(records=st.lists(till_records(), min_size=1, max_size=3))
def test_every_record_a_till_accepts_central_accepts_and_a_second_till_shows_the_same(
        make_terminal: MakeTerminal, db_url: str,
        records: list[tuple[str, str, str | None]]) -> None:
    a = _terminal(make_terminal, "a")
    b = _terminal(make_terminal, "b")
    accepted = []
    for phone, name, receipt in records:
        try:
            member = a.service.enroll(phone=phone, name=name)
        except InvalidInput:
            continue  # the till refused it: the property says nothing
        try:
            a.service.award(member.member_id, twd(100), receipt_no=receipt)
        except (InvalidInput, DuplicateReceipt):
            a.service.award(member.member_id, twd(100))
        accepted.append(member)
    assume(accepted)
    a.sync()
    assert rejected(a) == []
    b.sync()
    for member in accepted:
        name = a.member(member.member_id)["name"]
        assert central_member(db_url, member.member_id) == (name, member.phone)
        assert b.member(member.member_id)["name"] == name
        assert b.member(member.member_id)["balance"] == 10


_TERMINALS: weakref.WeakKeyDictionary[MakeTerminal, dict[str, Terminal]] = (
    weakref.WeakKeyDictionary())


def _terminal(make_terminal: MakeTerminal, name: str) -> Terminal:
    """One terminal per test and name, kept across hypothesis's examples (the fixture is
    made once for all of them and closes the terminals after the test)."""
    made = _TERMINALS.setdefault(make_terminal, {})
    if name not in made:
        made[name] = make_terminal(name)
    return made[name]
