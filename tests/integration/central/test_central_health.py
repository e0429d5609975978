"""``GET /v1/health`` tells a proxy or monitor whether central can serve: anonymous, cheap,
and 503 while its PostgreSQL refuses connections (then ok again without a restart)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, make_url, text

from central.db import migrate
from tests.helpers.central_db import PG_URL, temp_postgres_database
from tests.helpers.central_server import CentralServer, running_central


def test_health_is_anonymous_and_says_only_ok(central: CentralServer) -> None:
    with central.client() as http:
        answer = http.get("/v1/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}


@pytest.mark.postgres
def test_health_is_503_while_the_database_refuses_connections_and_ok_after() -> None:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with temp_postgres_database() as url:
        migrate(url)
        name = make_url(url).database
        with running_central(url) as central, central.client() as http:
            assert http.get("/v1/health").status_code == 200
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
                    conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                      "WHERE datname = :name"), {"name": name})
                down = http.get("/v1/health")
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            assert down.status_code == 503
            assert down.json() == {"status": "database_unavailable"}
            assert http.get("/v1/health").json() == {"status": "ok"}
    admin.dispose()
