"""Central's settings, from the environment (prefix ``REGULARS_CENTRAL_``) or arguments."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime settings of one central process.

    ``admin_token`` (``REGULARS_CENTRAL_ADMIN_TOKEN``) is accepted as a head-office credential
    besides tokens made with ``init-admin``. ``feed_retention`` is how many feed changes are
    kept behind the head when the compaction job runs; older cursors are answered 410.
    ``ops_retention_*`` bound the per-operation outcome rows the same job keeps (ledger entries
    keep their terminal sequence forever regardless).
    """

    model_config = SettingsConfigDict(env_prefix="REGULARS_CENTRAL_", extra="ignore")

    database_url: str = "sqlite:///regulars-central.db"
    admin_token: str | None = None
    market: str = "TW"
    max_body_bytes: int = 8 * 1024 * 1024
    feed_page_max: int = 5000
    feed_retention: int = 1_000_000
    enrollment_code_hours: int = 72
    code_block_size: int = 100_000
    snapshot_parts: int = 0  # 0: chosen by member count
    clock_skew_tolerance_s: int = 120  # a terminal clock further off is flagged
    ops_retention_days: int = 90  # terminal_ops older than this may be compacted …
    ops_retention_last: int = 10_000  # … but each terminal's latest ones are always kept
