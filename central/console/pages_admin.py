"""The audit log page, and head-office accounts (admins only): add, unlock."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from central.clock import now
from central.console import accounts, audit, sessions
from central.console.roles import ROLES
from central.console.sessions import Viewer
from central.console.web import FormDep, actor, back, engine_of, need, render
from central.db import read_session, run_transaction

router = APIRouter()
Auditor = Annotated[Viewer, Depends(need("audit.view"))]
Admin = Annotated[Viewer, Depends(need("accounts.manage"))]
PAGE = 100


AccountPath = Annotated[int, Path(ge=1, le=2**31 - 1)]  # console_accounts.id: integer

@router.get("/audit")
def audit_page(request: Request, viewer: Auditor,
               before: Annotated[int | None, Query(ge=1, le=2**62)] = None) -> Response:
    """Everything people did in the console, newest first, a page at a time."""
    with read_session(engine_of(request)) as session:
        rows = audit.recent(session, PAGE, before)
    older = rows[-1].id if len(rows) == PAGE else None
    return render(request, viewer, "audit.html", title="audit_title", rows=rows, older=older)


@router.get("/accounts")
def accounts_page(request: Request, viewer: Admin) -> Response:
    """Every head-office account."""
    return _page(request, viewer)


def _page(request: Request, viewer: Viewer, problem: str | None = None,
          status: int = 200) -> Response:
    with read_session(engine_of(request)) as session:
        rows = accounts.list_accounts(session)
    return render(request, viewer, "accounts.html", status, title="accounts_title", rows=rows,
                  roles=ROLES, problem=problem, now=now())


@router.post("/accounts")
def add_account(request: Request, viewer: Admin, form: FormDep) -> Response:
    """Add an account with a first password (the person changes nothing else here)."""
    def work(session: Session) -> None:
        made = accounts.create_account(session, form.get("username", ""),
                                       form.get("display_name", ""), form.get("role", ""),
                                       form.get("password", ""))
        audit.record(session, actor(viewer, request), "account_added", made.username,
                     role=made.role)

    try:
        run_transaction(engine_of(request), work)
    except accounts.AccountError as exc:
        return _page(request, viewer, exc.code, 422)
    return back("/console/accounts", "account_added")


@router.post("/accounts/{account_id}/unlock")
def unlock(request: Request, account_id: AccountPath, viewer: Admin) -> Response:
    """Lift a lockout before it runs out."""
    def work(session: Session) -> None:
        account = accounts.unlock(session, account_id)
        audit.record(session, actor(viewer, request), "account_unlocked", account.username)

    try:
        run_transaction(engine_of(request), work)
    except accounts.AccountError as exc:
        return _page(request, viewer, exc.code, 404)
    return back("/console/accounts", "unlocked")


@router.post("/accounts/{account_id}/change")
def change_account(request: Request, account_id: AccountPath, viewer: Admin,
                   form: FormDep) -> Response:
    """Give an account another role, or turn it off or on; a turned-off account's sessions
    end at once."""
    role = form.get("role") or None
    disabled = {"off": True, "on": False}.get(form.get("state", ""))

    def work(session: Session) -> None:
        account = accounts.change(session, account_id, viewer.account_id, role=role,
                                  disabled=disabled)
        if disabled:
            sessions.close_others(session, account.id)
        audit.record(session, actor(viewer, request), "account_changed", account.username,
                     role=account.role, disabled=account.disabled_at is not None)

    try:
        run_transaction(engine_of(request), work)
    except accounts.AccountError as exc:
        return _page(request, viewer, exc.code, 422)
    return back("/console/accounts", "account_changed")
