"""FastAPI dependencies: the engine, settings, and who is calling.

Those that never block are ``async``: FastAPI runs a plain ``def`` dependency in its thread
pool, a round trip between threads per dependency and request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from central.api.body_limit import CALLER_KEY
from central.auth import Caller, identify
from central.db import read_session
from central.errors import ApiError, unauthorised
from central.settings import Settings

_bearer = HTTPBearer(auto_error=False, description="A terminal, online-client or admin token.")


async def get_engine(request: Request) -> Engine:
    """The app's database engine."""
    engine: Engine = request.app.state.engine
    return engine


async def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_caller(request: Request, engine: EngineDep, settings: SettingsDep,
               credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
               ) -> Caller:
    """The authenticated caller, or 401."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise unauthorised()
    token = credentials.credentials
    if len(token) > 256 or "\x00" in token:
        raise unauthorised()
    looked_up = request.scope.get(CALLER_KEY)  # by the body limit, for a request with a body
    caller: Caller | None
    if looked_up is not None and looked_up[0] == token:
        caller = looked_up[1]
    else:
        caller = identify_token(engine, token, settings.admin_token)
    if caller is None:
        raise unauthorised("This token is unknown or was revoked.", "token_rejected")
    return caller


def identify_token(engine: Engine, token: str, admin_token: str | None) -> Caller | None:
    """The caller ``token`` belongs to, or None (one short read)."""
    with read_session(engine) as session:
        return identify(session, token, admin_token)


CallerDep = Annotated[Caller, Depends(get_caller)]


async def require_terminal(caller: CallerDep) -> Caller:
    """A registered store terminal (403 for anyone else)."""
    if caller.kind != "terminal":
        raise ApiError(403, "terminal_only", "Only a registered terminal may do this.")
    return caller


async def require_admin(caller: CallerDep) -> Caller:
    """Head office (403 for anyone else)."""
    if caller.kind != "admin":
        raise ApiError(403, "admin_only", "Only head office may do this.")
    return caller


TerminalDep = Annotated[Caller, Depends(require_terminal)]
AdminDep = Annotated[Caller, Depends(require_admin)]
