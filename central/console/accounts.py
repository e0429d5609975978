"""Head-office accounts: creation, sign-in with lockout and an optional TOTP code.

Lockout: after :data:`MAX_FAILURES` failed sign-ins in a row an account refuses every
sign-in, right or wrong, for :data:`LOCKOUT`; each failure, lock and success is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.clock import now
from central.console import audit
from central.console.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    totp_step,
    verify_password,
)
from central.console.roles import ROLES
from central.models import ConsoleAccount

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)


class AccountError(ValueError):
    """An account cannot be made or changed as asked; ``code`` is a message id."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class SignIn:
    """The outcome of a sign-in: the account, or why not (a message id)."""

    account: ConsoleAccount | None
    problem: str | None = None
    locked_until: datetime | None = None


def create_account(session: Session, username: str, display_name: str, role: str,
                   password: str) -> ConsoleAccount:
    """Add an account (:class:`AccountError` for a taken name, bad role or weak password)."""
    username = username.strip().lower()
    if not username or len(username) > 64 or not username.replace(".", "").replace(
            "_", "").replace("-", "").replace("@", "").isalnum():
        raise AccountError("username_invalid")
    if role not in ROLES:
        raise AccountError("role_invalid")
    if problem := password_problem(password):
        raise AccountError(problem)
    if session.scalar(select(ConsoleAccount.id).where(ConsoleAccount.username == username)):
        raise AccountError("username_taken")
    account = ConsoleAccount(username=username, display_name=display_name.strip()[:200]
                             or username, role=role, password_hash=hash_password(password),
                             failed_attempts=0, created_at=now())
    session.add(account)
    session.flush()
    return account


def count_accounts(session: Session) -> int:
    """How many accounts exist (the first-admin command refuses when any does)."""
    return session.scalar(select(func.count()).select_from(ConsoleAccount)) or 0


def sign_in(session: Session, username: str, password: str, code: str,
            address: str | None) -> SignIn:
    """Check a sign-in; count a failure, lock after too many, audit either way."""
    name = username.strip().lower()[:64]
    account = session.scalars(select(ConsoleAccount).where(
        ConsoleAccount.username == name).with_for_update()).first()
    actor = audit.Actor(account.id if account else None, name or "?", address)
    at = now()
    if account is not None and account.locked_until is not None and account.locked_until > at:
        verify_password(None, password)  # the same time as any other answer
        audit.record(session, actor, "sign_in_refused", name, reason="locked")
        return SignIn(None, "account_locked", account.locked_until)
    good = verify_password(account.password_hash if account else None, password)
    if account is None or not good or account.disabled_at is not None:
        return _failed(session, account, actor, "wrong_password")
    if account.totp_secret:
        step = totp_step(account.totp_secret, code, at)
        if step is None:
            return _failed(session, account, actor, "wrong_code")
        if account.totp_last_step is not None and step <= account.totp_last_step:
            # Password and code right, but the code was seen: someone may have watched it.
            return _failed(session, account, actor, "code_reused", "code_used")
        account.totp_last_step = step
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    account.failed_attempts, account.locked_until, account.last_sign_in_at = 0, None, at
    audit.record(session, actor, "sign_in", name, totp=bool(account.totp_secret))
    return SignIn(account)


def _failed(session: Session, account: ConsoleAccount | None, actor: audit.Actor,
            reason: str, problem: str = "wrong_password") -> SignIn:
    if account is None:
        audit.record(session, actor, "sign_in_failed", actor.username, reason="unknown_user")
        return SignIn(None, "wrong_password")
    account.failed_attempts += 1
    audit.record(session, actor, "sign_in_failed", account.username, reason=reason,
                 attempts=account.failed_attempts)
    if account.failed_attempts >= MAX_FAILURES:
        account.locked_until = now() + LOCKOUT
        account.failed_attempts = 0
        audit.record(session, actor, "account_locked", account.username,
                     until=account.locked_until.isoformat())
        return SignIn(None, "account_locked", account.locked_until)
    return SignIn(None, problem)  # which part was wrong is never said, but for a used code


def set_totp(session: Session, account_id: int, secret: str | None,
             step: int | None = None) -> ConsoleAccount:
    """Turn the account's second factor on (with ``secret`` and the time step of the code
    that proved it, spent from then on) or off (None)."""
    account = session.get_one(ConsoleAccount, account_id, with_for_update=True)
    account.totp_secret, account.totp_last_step = secret, step
    return account


def change_own_password(session: Session, account_id: int, actor: audit.Actor, current: str,
                        new: str, again: str) -> str | None:
    """Replace the actor's own password; None when done, else why not (a message id:
    ``pw_wrong_current``, ``pw_mismatch``, ``pw_same`` or the policy's, as for a new
    account). A wrong current password counts as a failed sign-in (audited, toward the
    lockout), so a borrowed session cannot guess at leisure."""
    account = session.get_one(ConsoleAccount, account_id, with_for_update=True)
    if not verify_password(account.password_hash, current):
        outcome = _failed(session, account, actor, "wrong_current_password")
        return outcome.problem if outcome.problem == "account_locked" else "pw_wrong_current"
    problem = password_problem(new) or ("pw_mismatch" if new != again else None) or (
        "pw_same" if new == current else None)
    if problem:
        audit.record(session, actor, "password_change_refused", account.username,
                     reason=problem)
        return problem
    account.password_hash = hash_password(new)
    audit.record(session, actor, "password_changed", account.username)
    return None


def unlock(session: Session, account_id: int) -> ConsoleAccount:
    """An admin lifts a lockout (:class:`AccountError` for an unknown account)."""
    account = session.get(ConsoleAccount, account_id, with_for_update=True)
    if account is None:
        raise AccountError("no_account")
    account.locked_until, account.failed_attempts = None, 0
    return account


def change(session: Session, account_id: int, by_id: int, *, role: str | None = None,
           disabled: bool | None = None) -> ConsoleAccount:
    """An admin changes an account's role or turns it off (or on again). Nobody demotes or
    disables themselves, so the console always keeps the admin who is acting."""
    if account_id == by_id:
        raise AccountError("not_yourself")
    if role is not None and role not in ROLES:
        raise AccountError("role_invalid")
    account = session.get(ConsoleAccount, account_id, with_for_update=True)
    if account is None:
        raise AccountError("no_account")
    if role is not None:
        account.role = role
    if disabled is not None:
        account.disabled_at = now() if disabled else None
    return account


def list_accounts(session: Session) -> list[ConsoleAccount]:
    """Every account, by user name."""
    return list(session.scalars(select(ConsoleAccount).order_by(ConsoleAccount.username)))
