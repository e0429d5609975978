"""The rule set as the wire carries it: a version and :class:`loyalty.rules.Rules`'s document,
checked by the one reader of that document (:meth:`loyalty.rules.Rules.from_document`)."""

from __future__ import annotations

from typing import Any

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from loyalty.records.base import Record
from loyalty.rules import Rules


class RulesDocument(Record):
    """``GET /v1/rules`` and data of ``rules.updated``: the current rules and their version."""

    version: int
    document: dict[str, Any]

    @model_validator(mode="after")
    def _readable(self) -> RulesDocument:
        try:
            self.rules()
        except (KeyError, ValueError, TypeError, ArithmeticError) as exc:
            raise PydanticCustomError("rules_invalid", "not valid rules: {error}",
                                      {"error": repr(exc)[:400]}) from None
        return self

    def rules(self) -> Rules:
        """The rule set this document describes."""
        return Rules.from_document(dict(self.document) | {"version": self.version})
