"""The rules page's programs: each program as a line head office can read, and the form
that edits one.

The form changes a copy of the program's document (fields it does not show — a pass's
price, a card's reward — stay as they are); :class:`loyalty.programs.Program` — the one
definition central's API, tills and the console use — decides whether the result is a
program. The form adds only what a form must: a date where a date goes, a whole number
where one goes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from loyalty.programs import Program, ProgramError
from loyalty.report.instrument_export import kind_label

TEXTS = ("name_zh", "name_en")
DATES = ("valid_from", "valid_until")
COUNTS = ("per_member_limit", "global_limit", "valid_days")  # empty: none
LISTS = ("stores", "segments")  # comma-separated in the form
MAX_LIST = 200


@dataclass(frozen=True, slots=True)
class ProgramLine:
    """One program as the rules page lists it (texts in the page's language)."""

    program: Program
    name: str
    kind: str
    tiers: str  # "" = every tier


@dataclass(frozen=True, slots=True)
class ProgramDraft:
    """A posted form read against the program as it is."""

    document: dict[str, Any]
    problems: list[tuple[str, str]]  # (field, message id)
    changes: list[tuple[str, Any, Any]]  # (field, before, after)
    detail: str = ""  # what Program said, when no message id names it


def lines(documents: list[dict[str, Any]], tiers: list[dict[str, Any]], lang: str
          ) -> list[ProgramLine]:
    """The programs of a rules document, for the page."""
    zh = lang.startswith("zh")
    names = {t["code"]: t["name_zh"] if zh else t["name_en"] for t in tiers}
    out = []
    for doc in documents:
        program = Program.from_document(doc)
        out.append(ProgramLine(program, program.name(lang), kind_label(program.kind, lang),
                               ", ".join(names.get(c, c) for c in program.tiers)))
    return out


def find(documents: list[dict[str, Any]], program_id: str) -> dict[str, Any] | None:
    """The document of ``program_id`` among the rules' programs."""
    return next((d for d in documents if d.get("program_id") == program_id), None)


def read_form(current: dict[str, Any], form: dict[str, str], tier_codes: list[str]
              ) -> ProgramDraft:
    """Apply the form to a copy of the program ``current``."""
    doc = copy.deepcopy(current)
    problems: list[tuple[str, str]] = []
    for name in TEXTS:
        if name in form:
            doc[name] = form[name].strip()
    for name in DATES:
        text = form.get(name, "").strip()
        try:
            doc[name] = date.fromisoformat(text).isoformat() if text else None
        except ValueError:
            problems.append((name, "prog_not_a_date"))
    for name in COUNTS:
        number = _count(form.get(name, ""))
        if number is False:
            problems.append((name, "rules_whole_number"))
        else:
            doc[name] = number
    doc["tiers"] = [c for c in tier_codes if form.get(f"tier.{c}") == "on"]
    for name in LISTS:
        items = [x.strip() for x in form.get(name, "").replace("，", ",").split(",")]
        doc[name] = list(dict.fromkeys(x for x in items if x))[:MAX_LIST]
    mode = form.get("offline_mode", "never")
    most = _count(form.get("offline_max", "")) if mode == "per_terminal" else 0
    if most is False or most is None:
        problems.append(("offline_max", "rules_whole_number"))
        most = 0
    doc["offline"] = {"mode": mode, "max_per_terminal": most}
    doc["active"] = form.get("active") == "on"
    detail = ""
    if not problems:
        try:
            doc = Program.from_document(doc).to_document()
        except ProgramError as err:  # its message id says it in the reader's language
            problems.append((err.reason, f"prog_bad_{err.reason}"))
        except (KeyError, ValueError, TypeError, ArithmeticError) as err:
            problems.append(("document", "prog_invalid"))
            detail = str(err)
    before = Program.from_document(current).to_document()
    changes = [(k, before.get(k), doc.get(k)) for k in doc if doc.get(k) != before.get(k)]
    return ProgramDraft(doc, problems, changes, detail[:300])


def _count(text: str) -> int | bool | None:
    """A whole number of zero or more, None for empty, False for anything else."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        return False
    return int(text)


def form_values(doc: dict[str, Any]) -> dict[str, str]:
    """The form's fields for a program document."""
    offline = doc.get("offline") or {}
    values = {name: str(doc.get(name) or "") for name in (*TEXTS, *DATES)}
    values |= {name: "" if doc.get(name) is None else str(doc[name]) for name in COUNTS}
    values |= {name: ", ".join(doc.get(name) or ()) for name in LISTS}
    values["offline_mode"] = str(offline.get("mode", "never"))
    values["offline_max"] = str(offline.get("max_per_terminal", 0))
    return values
