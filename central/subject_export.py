"""A data-subject export: everything central holds about one member, as JSON and as PDF.

What a person asking for their data receives (Taiwan PDPA art. 3 and 10, Hong Kong PDPO
DPP6): the profile, every record merged into it, the consent history, profile edits,
the points ledger, held entries and review cases about them, the instruments they hold
(coupons, gifts, stamp cards, rewards, prepaid passes) with every entry of each, and where
copies are kept. The PDF's headings and instrument labels are in both languages.

Where copies are: every registered till of the chain holds the whole member base (so that
any member can be served offline; ``docs/personal-data.md``), so the export lists every
store with an active till, and which stores the member enrolled or shopped at.
"""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from central.consent import consent_history
from central.identity import resolve
from central.models import (
    HeldEntry,
    Instrument,
    InstrumentEntryRow,
    LedgerEntryRow,
    Member,
    MemberHistory,
    ReviewCase,
    Store,
    Terminal,
    TierChange,
)
from central.pdf_pages import render_lines
from central.records import member_record
from central.review import case_out
from central.rules_store import current_rules
from loyalty.report.labels import label

FORMAT = 1


def build(session: Session, member_id: str, at: datetime) -> dict[str, Any] | None:
    """The export of the member ``member_id`` resolves to, or None when unknown."""
    member = resolve(session, member_id)
    if member is None:
        return None
    records = [member, *session.scalars(select(Member).where(Member.canonical_id == member.id)
                                        .order_by(Member.created_at))]
    ids = [m.id for m in records]
    entries = list(session.scalars(select(LedgerEntryRow).where(
        LedgerEntryRow.account_id == member.id).order_by(LedgerEntryRow.feed_seq)))
    return {
        "format": FORMAT, "exported_at": _j(at), "member_id": member.id,
        "profile": member_record(member).model_dump(mode="json"),
        "merged_records": [{"id": m.id, "member_code": m.member_code, "origin": m.origin,
                            "enrolled_at": _j(m.enrolled_at)} for m in records[1:]],
        "consent_history": [
            {"value": e.value, "source": e.source, "store_id": e.store_id,
             "stated_at": _j(e.stated_at), "received_at": _j(e.received_at),
             "applied": e.applied} for e in consent_history(session, member)],
        "profile_edits": [
            {"field": h.field, "value": h.value, "source": h.source, "applied": h.applied,
             "received_at": _j(h.received_at)}
            for h in session.scalars(select(MemberHistory).where(
                MemberHistory.member_id.in_(ids)).order_by(MemberHistory.id))],
        "ledger": [
            {"entry_id": e.id, "kind": e.kind, "points": e.points,
             "sale_amount": _j(e.sale_amount), "currency": e.currency, "store_id": e.store_id,
             "receipt_no": e.receipt_no, "occurred_at": _j(e.occurred_at),
             "expires_on": _j(e.expires_on), "balance_after": e.balance_after}
            for e in entries],
        "held_entries": [
            {"entry_id": h.entry_id, "kind": h.kind, "points": h.points, "status": h.status,
             "held_at": _j(h.held_at)}
            for h in session.scalars(select(HeldEntry).where(HeldEntry.member_id.in_(ids)))],
        "review_cases": [
            case_out(c).model_dump(mode="json") for c in session.scalars(
                select(ReviewCase).where(or_(ReviewCase.member_id.in_(ids),
                                             ReviewCase.other_member_id.in_(ids))))],
        "tier_changes": [
            {"old_tier": t.old_tier, "new_tier": t.new_tier, "on_date": _j(t.on_date)}
            for t in session.scalars(select(TierChange).where(TierChange.member_id.in_(ids))
                                     .order_by(TierChange.id))],
        "instruments": _instruments(session, ids),
        "copies": _copies(session, records, entries),
    }


def _instruments(session: Session, ids: list[str]) -> list[dict[str, Any]]:
    """The instruments of the member and of every record merged into them, each with its
    program's names and its whole ledger (oldest first)."""
    held = list(session.scalars(select(Instrument).where(or_(
        Instrument.account_id.in_(ids), Instrument.member_id.in_(ids)))
        .order_by(Instrument.issued_at, Instrument.id)))
    if not held:
        return []
    programs = {p.program_id: p for p in current_rules(session).programs}
    ledgers: dict[str, list[InstrumentEntryRow]] = {}
    for e in session.scalars(select(InstrumentEntryRow).where(
            InstrumentEntryRow.instrument_id.in_([i.id for i in held]))
            .order_by(InstrumentEntryRow.feed_seq)):
        ledgers.setdefault(e.instrument_id, []).append(e)
    out = []
    for i in held:
        program = programs.get(i.program_id)
        out.append({
            "instrument_id": i.id, "program_id": i.program_id,
            "program_name_zh": program.name_zh if program else i.program_id,
            "program_name_en": program.name_en if program else i.program_id,
            "kind": i.kind, "units_issued": i.units_issued, "remaining": i.remaining,
            "serial": i.serial, "issued_at": _j(i.issued_at), "expires_on": _j(i.expires_on),
            "store_id": i.store_id, "status": i.status,
            "entries": [
                {"entry_id": e.id, "kind": e.kind, "units": e.units, "amount": _j(e.amount),
                 "currency": e.currency, "store_id": e.store_id, "receipt_no": e.receipt_no,
                 "occurred_at": _j(e.occurred_at), "balance_after": e.balance_after,
                 "conflict": e.conflict} for e in ledgers.get(i.id, [])]})
    return out


def _copies(session: Session, records: list[Member], entries: list[LedgerEntryRow]
            ) -> dict[str, Any]:
    names: dict[str, str] = {s: n for s, n in session.execute(select(Store.id, Store.name))}
    tills = session.execute(select(Terminal.store_id).where(
        Terminal.kind == "terminal", Terminal.revoked_at.is_(None))).scalars().all()
    holding = sorted({s for s in tills if s is not None})
    return {
        "central": "the member record, ledger, consent history and edits above",
        "stores_with_tills": [{"store_id": s, "name": names.get(s, s)} for s in holding],
        "enrolled_at_stores": sorted({m.origin for m in records if m.origin}),
        "shopped_at_stores": sorted({e.store_id for e in entries}),
        "note": "Every active till of the chain keeps the whole member base (encrypted) to "
                "serve members offline, and its backups for at most 14 days.",
    }


def _j(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date | Decimal):
        return str(value)
    return value


# --- PDF ------------------------------------------------------------------------------------
_WRAP = 78
SECTIONS = {  # heading: English, Chinese
    "profile": ("Profile", "基本資料"), "merged_records": ("Merged records", "合併的資料"),
    "consent_history": ("Consent history", "同意紀錄"),
    "profile_edits": ("Profile edits", "資料修改紀錄"), "ledger": ("Points ledger", "點數紀錄"),
    "held_entries": ("Held entries", "待審核紀錄"), "review_cases": ("Review cases", "審核案件"),
    "tier_changes": ("Tier changes", "等級變動"),
    "instruments": ("Coupons, gifts, stamp cards and passes", "優惠券、禮物、集點卡與寄杯"),
    "copies": ("Where copies are kept", "資料存放處"),
}
ENTRY_KINDS = {"issue": ("issued", "發放"), "stamp": ("stamp", "集點"),
               "redeem": ("used", "使用"), "reverse": ("reversed", "沖銷"),
               "expire": ("expired", "到期"), "refund": ("refunded", "退費")}


def _instrument_lines(instruments: list[dict[str, Any]]) -> list[tuple[bool, str]]:
    """Each instrument in both languages, then its entries, one a line."""
    if not instruments:
        return [(False, "  (none 無)"), (False, "")]
    lines: list[tuple[bool, str]] = []
    for i in instruments:
        kind = f"{label('kind_' + i['kind'], 'en')} {label('kind_' + i['kind'], 'zh')}"
        head = (f"{i['program_name_zh']} / {i['program_name_en']} · {kind} · "
                f"left 剩餘 {i['remaining']} of 共 {i['units_issued']} · "
                f"expires 到期 {_show(i['expires_on'])} · serial 序號 {_show(i['serial'])} · "
                f"issued at 發放門市 {i['store_id']} · {i['instrument_id']}")
        lines.extend((False, "  " + row) for row in textwrap.wrap(head, _WRAP))
        for e in i["entries"]:
            lines.extend((False, "      " + row)
                         for row in textwrap.wrap(_entry_text(e), _WRAP - 4))
    lines.append((False, ""))
    return lines


def render_pdf(export: dict[str, Any]) -> bytes:
    """The export as a readable PDF (A4 pages)."""
    return render_lines(_pdf_lines(export), f"Personal data of member {export['member_id']}")


def _pdf_lines(export: dict[str, Any]) -> list[tuple[bool, str]]:
    lines: list[tuple[bool, str]] = [
        (True, "Personal data held by the chain 個人資料"),
        (False, f"Member {export['member_id']} · exported {export['exported_at']}"), (False, "")]
    for section, value in export.items():
        if section in ("format", "exported_at", "member_id"):
            continue
        en, zh = SECTIONS.get(section, (section.replace("_", " ").capitalize(), ""))
        lines.append((True, f"{en} {zh}".strip()))
        if section == "instruments":
            lines.extend(_instrument_lines(value))
            continue
        body = value if isinstance(value, list) else [value]
        if not body:
            lines.append((False, "  (none)"))
        for item in body:
            text = (", ".join(f"{k}: {_show(v)}" for k, v in item.items())
                    if isinstance(item, dict) else _show(item))
            for row in textwrap.wrap(text, _WRAP) or [""]:
                lines.append((False, "  " + row))
        lines.append((False, ""))
    return lines


def _entry_text(e: dict[str, Any]) -> str:
    en, zh = ENTRY_KINDS.get(e["kind"], (e["kind"], ""))
    parts = [f"{e['occurred_at']} {en} {zh} {e['units']:+d}", e["store_id"]]
    if e["receipt_no"]:
        parts.append(e["receipt_no"])
    if e["amount"]:
        parts.append(f"{e['amount']} {e['currency'] or ''}".strip())
    parts.append(f"balance 餘額 {e['balance_after']}")
    if e["conflict"]:
        reason = "conflict_" + e["conflict"]
        parts.append(f"{label(reason, 'en')} {label(reason, 'zh')}")
    return " · ".join(parts)


def _show(value: Any) -> str:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return "—" if value is None else str(value)
