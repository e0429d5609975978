"""Central's settings, from the environment (prefix ``REGULARS_CENTRAL_``) or arguments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime settings of one central process.

    ``admin_token`` (``REGULARS_CENTRAL_ADMIN_TOKEN``) is accepted as a head-office credential
    besides tokens made with ``init-admin``. ``feed_retention`` is how many feed changes are
    kept behind the head when the compaction job runs; older cursors are answered 410.
    ``ops_retention_*`` bound the per-operation outcome rows the same job keeps (ledger entries
    keep their terminal sequence forever regardless).

    Limits that keep one client from taking central down (each is also an environment
    variable, e.g. ``REGULARS_CENTRAL_MAX_CONNECTIONS``; README's central section lists them):
    member-code block quotas (``code_block_*``), request bodies (``max_body_bytes`` once
    authenticated, ``max_anonymous_body_bytes`` before, ``body_timeout_s``), the HTTP server's
    ``header_timeout_s``, ``keep_alive_timeout_s``, ``max_header_bytes`` and
    ``max_connections``, PostgreSQL's ``pg_statement_timeout_ms`` and
    ``pg_idle_in_transaction_timeout_ms``, and ``snapshot_builds``.
    """

    model_config = SettingsConfigDict(env_prefix="REGULARS_CENTRAL_", extra="ignore")

    database_url: str = "sqlite:///regulars-central.db"
    admin_token: str | None = None
    market: str = "TW"
    max_body_bytes: int = 8 * 1024 * 1024  # an authenticated request (a push batch: ~0.6 MB)
    max_anonymous_body_bytes: int = 16 * 1024  # before a valid token (registration: < 1 KB)
    body_timeout_s: float = 60.0  # the whole body must arrive within this
    header_timeout_s: float = 10.0  # from connection (or last answer) to a request's headers
    keep_alive_timeout_s: int = 5  # an idle keep-alive connection is closed after this
    max_header_bytes: int = 16 * 1024  # request line and headers
    max_connections: int = 500  # per process; beyond it requests are answered 503
    pg_statement_timeout_ms: int = 60_000  # 0: none
    pg_idle_in_transaction_timeout_ms: int = 30_000  # 0: none
    feed_page_max: int = 5000
    # Feed changes each process keeps rendered for the next readers (central.feed_cache;
    # ~0.5 KB each; 0: render every page afresh)
    feed_cache_changes: int = Field(default=50_000, ge=0, le=10_000_000)
    feed_retention: int = 1_000_000
    enrollment_code_hours: int = 72
    code_block_size: int = 100_000
    code_block_refill_percent: int = 80  # a new block once this much of the current is used
    code_blocks_per_terminal: int = 10  # blocks one terminal may ever hold (first included)
    snapshot_parts: int = 0  # 0: chosen by member count
    snapshot_dir: Path | None = None  # part files; None: a private temporary directory
    snapshot_builds: int = 2  # snapshot builds at once per process (each holds a connection)
    clock_skew_tolerance_s: int = 120  # a terminal clock further off is flagged
    ops_retention_days: int = 90  # terminal_ops older than this may be compacted …
    ops_retention_last: int = 10_000  # … but each terminal's latest ones are always kept
    # The chain report's past days computed ahead of any reader (PostgreSQL; 0: only by the
    # nightly jobs): every so many minutes, the first time this long after start.
    report_warm_minutes: float = 30.0
    report_warm_delay_s: float = 60.0
    # One-time codes proving a phone to the online channel (central.otp): the sender
    # ("webhook:https://gateway/…", "record" for tests, or "package.module:factory"; None:
    # linking is unavailable), and the key of the phone digests (set it when several
    # central processes serve; None: random per process).
    otp_sender: str | None = None
    otp_pepper: str | None = None
    # Members' signed QR codes (central.member_qr_keys): the secret their signing keys are
    # encrypted under (None: no member QR), and how long a served code stays valid.
    # A rotated key signs only after ``member_qr_key_lead_minutes`` (tills fetch its public
    # half with the rules first); until then the previous key goes on signing.
    member_qr_secret: str | None = None
    member_qr_minutes: int = 10
    member_qr_key_lead_minutes: int = 60
    workers: int = 1  # ``serve``'s worker processes unless --workers is given
    pool_size: int = 10  # PostgreSQL connections per worker (as many again in overflow)

    def engine_options(self) -> dict[str, Any]:
        """Keyword arguments for :func:`central.db.make_engine` (the PostgreSQL timeouts)."""
        return {"statement_timeout_ms": self.pg_statement_timeout_ms,
                "idle_in_transaction_timeout_ms": self.pg_idle_in_transaction_timeout_ms}
