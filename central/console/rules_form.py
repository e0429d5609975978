"""The rules form: which fields of the rules document head office edits here, reading them
from a posted form, and the preview of what a change means at the counter.

The form edits a copy of the version in force; each field keeps the JSON type it has there
(whole numbers stay ints, amounts and rates stay decimal strings, switches stay booleans),
and :meth:`loyalty.rules.Rules.from_document` — the one definition tills and central use —
decides whether the result is a valid document. The form adds only what a form must: a
number where a number goes, nothing negative, tiers in rising order.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from loyalty.money import Currency, Money
from loyalty.rules import Rules

FIELDS: tuple[tuple[str, ...], ...] = (
    ("birthday_multiplier",), ("expiry_months",), ("tier_term_months",),
    ("redemption", "points_unit"), ("redemption", "unit_value"),
    ("redemption", "min_points"), ("redemption", "max_points_per_sale"),
    ("redemption", "max_share_of_sale"), ("manager_approval", "redeem_points_over"),
    ("offline_redemption", "enabled"), ("offline_redemption", "max_points_per_sale"),
    ("offline_redemption", "max_redemptions_per_member"),
    ("offline_redemption", "max_hours_since_sync"),
    ("offline_redemption", "terminal_budget_points"),
)
"""Editable paths besides each tier's ``threshold`` and ``earn_rate``."""
TIER_FIELDS = ("threshold", "earn_rate")
SAMPLE_SALE = Decimal(1000)


def field_name(path: tuple[str, ...]) -> str:
    """The form field (and message id suffix) of a document path."""
    return ".".join(path)


@dataclass(frozen=True, slots=True)
class Earning:
    """What the sample sale earns a member of one tier."""

    tier_zh: str
    tier_en: str
    points: int
    birthday_points: int


@dataclass(frozen=True, slots=True)
class Draft:
    """A posted form read against the version in force."""

    document: dict[str, Any]
    problems: list[tuple[str, str]]  # (field, message id)
    changes: list[tuple[str, Any, Any]]  # (field, before, after)
    earnings: list[Earning]


def read_form(current: dict[str, Any], form: dict[str, str]) -> Draft:
    """Apply the form to a copy of ``current``; what is wrong, what changed, what it earns."""
    doc = copy.deepcopy(current)
    problems: list[tuple[str, str]] = []
    changes: list[tuple[str, Any, Any]] = []
    for path in FIELDS:
        _apply(doc, path, form, problems, changes)
    for index, tier in enumerate(doc["tiers"]):
        for name in TIER_FIELDS:
            _apply(doc, ("tiers", str(index), name), form, problems, changes,
                   label=field_name(("tier", tier["code"], name)))
    thresholds = [_number(t["threshold"]) for t in doc["tiers"]]
    if not problems and any(b <= a for a, b in itertools.pairwise(thresholds)):
        problems.append(("tiers", "rules_tiers_order"))
    earnings: list[Earning] = []
    if not problems:
        try:
            rules = Rules.from_document(doc)
        except (KeyError, ValueError, TypeError, ArithmeticError):
            problems.append(("document", "rules_invalid"))
        else:
            earnings = _earnings(rules)
    return Draft(doc, problems, changes, earnings)


def earnings_of(document: dict[str, Any]) -> list[Earning]:
    """What the sample sale earns in each tier under ``document``."""
    return _earnings(Rules.from_document(document))


def _earnings(rules: Rules) -> list[Earning]:
    sale = Money(SAMPLE_SALE, Currency(rules.currency))
    return [Earning(t.name_zh, t.name_en, rules.earn_points(sale, t.code),
                    rules.earn_points(sale, t.code, birthday_month=True)) for t in rules.tiers]


def value_at(doc: dict[str, Any], path: tuple[str, ...]) -> Any:
    """The value at ``path`` (list indexes as digit strings)."""
    node: Any = doc
    for key in path:
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def _apply(doc: dict[str, Any], path: tuple[str, ...], form: dict[str, str],
           problems: list[tuple[str, str]], changes: list[tuple[str, Any, Any]],
           label: str | None = None) -> None:
    name = label or field_name(path)
    before = value_at(doc, path)
    if isinstance(before, bool):
        after: Any = form.get(name) == "on"
    elif name not in form:
        return
    else:
        text = form[name].strip().replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            problems.append((name, "rules_not_a_number"))
            return
        if not number.is_finite() or number < 0:
            problems.append((name, "rules_not_a_number"))
            return
        if isinstance(before, int):
            if number != number.to_integral_value():
                problems.append((name, "rules_whole_number"))
                return
            after = int(number)
        else:
            after = format(number.normalize(), "f")
    if _number(after) != _number(before):
        changes.append((name, before, after))
        parent = value_at(doc, path[:-1]) if len(path) > 1 else doc
        parent[path[-1]] = after


def _number(value: Any) -> Decimal:
    return Decimal(str(int(value) if isinstance(value, bool) else value))
