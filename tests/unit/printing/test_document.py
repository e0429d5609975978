"""Documents survive the JSON round trip the print queue relies on."""

import pytest

from printing.document import Align, Document, Rule, Text
from printing.layout import COPY_MARK, TextRow, layout
from printing.paper import Paper
from printing.samples import sample_documents


@pytest.mark.parametrize("name", sorted(sample_documents()))
def test_every_slip_round_trips_through_json(name: str) -> None:
    document = sample_documents()[name]
    assert Document.from_json(document.to_json()) == document


def test_json_refuses_unknown_versions() -> None:
    with pytest.raises(ValueError, match="version 1"):
        Document.from_json('{"version": 2}')


def test_copy_is_marked_top_and_bottom() -> None:
    doc = Document("award", "t", (Text("本文", Align.LEFT),))
    rows = layout(doc.as_copy(), Paper.standard(58))
    texts = [r.text.strip() for r in rows if isinstance(r, TextRow)]
    assert texts[0] == COPY_MARK and texts[-1] == COPY_MARK
    assert COPY_MARK not in [r.text.strip() for r in layout(doc, Paper.standard(58))
                             if isinstance(r, TextRow)]


def test_rule_must_be_one_column() -> None:
    with pytest.raises(ValueError):
        Rule("＝")
