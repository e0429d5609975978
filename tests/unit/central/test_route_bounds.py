"""Every whole number a client may put in a URL is bounded to what the database can hold.

A hostile or broken client's ``?after=10**19`` must be refused at the door (422) rather than
reach PostgreSQL, whose ``bigint`` overflow is an error log and a 500: the failure CI's fuzzer
found on ``GET /v1/instruments/entries``. ``test_central_api`` sends such a cursor over HTTP.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import annotated_types
from fastapi.routing import APIRoute

from central.app import create_app
from central.db import make_engine
from central.settings import Settings
from tests.helpers.templates import central_sqlite

BIGINT_MAX = 2**63 - 1


def _upper_bound(field: Any) -> int | None:
    for meta in field.field_info.metadata:
        if isinstance(meta, annotated_types.Le) and isinstance(meta.le, int):
            return meta.le
        if isinstance(meta, annotated_types.Lt) and isinstance(meta.lt, int):
            return meta.lt - 1
    return None


def _integer_params(tmp_path: Path) -> list[tuple[str, str, int | None]]:
    url = central_sqlite(tmp_path / "central.db")
    app = create_app(Settings(database_url=url), make_engine(url))
    found = []
    for route in _api_routes(app.routes):
        stack = [route.dependant]
        while stack:
            dependant = stack.pop()
            stack.extend(dependant.dependencies)
            for field in (*dependant.query_params, *dependant.path_params):
                if int in _plain_types(field.field_info.annotation):
                    found.append((route.path, field.name, _upper_bound(field)))
    return found


def _api_routes(routes: list[Any]) -> list[APIRoute]:
    """Every API route, also those inside included routers and mounts."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        inner = getattr(getattr(route, "original_router", route), "routes", None)
        if inner is not None and inner is not routes:
            found.extend(_api_routes(list(inner)))
    return found


def _plain_types(annotation: Any) -> set[Any]:
    args = getattr(annotation, "__args__", None)
    return set(args) if args else {annotation}


def test_every_integer_in_a_url_has_an_upper_bound_the_database_can_hold(
        tmp_path: Path) -> None:
    params = _integer_params(tmp_path)
    names = {(path.rsplit("/", 1)[-1], name) for path, name, _ in params}
    assert {("entries", "after"), ("audit", "before")} <= names  # the walk sees API and console
    unbounded = [(path, name, top) for path, name, top in params
                 if top is None or top > BIGINT_MAX]
    assert unbounded == []

