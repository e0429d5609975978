"""Roles of head-office accounts and what each may do, checked on every console route."""

from __future__ import annotations

from typing import Final

ROLES: Final = ("admin", "marketing", "store_ops", "auditor")
_ALL: Final = frozenset(ROLES)

PERMISSIONS: Final[dict[str, frozenset[str]]] = {
    "stores.view": _ALL,
    "stores.manage": frozenset({"admin", "store_ops"}),  # add, rename, codes, revoke
    "review.view": _ALL,
    "review.held": frozenset({"admin", "store_ops"}),  # approve/reject held entries
    "review.identity": frozenset({"admin", "marketing"}),  # recycled-number cases
    "members.view": _ALL,
    "members.change": frozenset({"admin"}),  # merge, erase
    "members.export": frozenset({"admin"}),  # a data-subject export (everything held)
    "rules.view": _ALL,
    "rules.edit": frozenset({"admin", "marketing"}),
    "programs.edit": frozenset({"admin"}),  # as the API's admin token: validity, limits…
    "reports.view": _ALL,
    "programs.resolve": frozenset({"admin"}),  # settle an instrument conflict
    "segments.export": frozenset({"admin", "marketing"}),  # consented members' phones
    "audit.view": frozenset({"admin", "auditor"}),
    "accounts.manage": frozenset({"admin"}),
}
"""Permission → roles holding it. An auditor holds only ``*.view`` ones: it reads, never acts."""


def allowed(role: str, permission: str) -> bool:
    """May an account with ``role`` do ``permission``? Unknown permissions are refused."""
    return role in PERMISSIONS.get(permission, frozenset())
