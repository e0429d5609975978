"""Regulars' central CRM service: terminals, identity, the authoritative ledger, the feed.

FastAPI over SQLAlchemy 2 (SQLite by default, PostgreSQL in production, the same code).
Start it with ``python -m central serve`` or build the app with :func:`central.app.create_app`.
"""
