"""The base of every record model: frozen, and strict about names it does not know."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    """A record as the till's store, the wire and central all hold it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
