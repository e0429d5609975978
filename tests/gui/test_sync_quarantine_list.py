"""The manager's sync problems list shows what this till set aside from central (a change or
a snapshot row that failed its model), with the reason, bold while new."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.views.sync_problems import SyncProblemsDialog
from sync.problems import mark_seen, problem_counts, sync_problems
from sync.pull_check import Bad, quarantine
from tests.helpers.store import make_store

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.mark.expect_log_warnings("sync.pull_check")  # the quarantined change, logged
def test_changes_set_aside_are_listed_with_their_reason_until_seen(
        qtbot: QtBot, tmp_path: Path) -> None:
    store = make_store(tmp_path / "store.db")
    at = datetime(2026, 12, 8, 2, 30, tzinfo=UTC)
    with store.engine.begin() as conn:
        quarantine(conn, [Bad("change", 42, "ledger.entry", "kind: Input should be 'earn', "
                              "'redeem', 'bonus', 'adjust', 'expire' or 'reverse'",
                              {"seq": 42, "kind": "ledger.entry", "data": {}})], at)
        problems = sync_problems(conn)
        assert problem_counts(conn).quarantined == 1
    dialog = SyncProblemsDialog(problems, ZoneInfo("Asia/Taipei"), "T1")
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.quarantine_table
    assert dialog.quarantine_title.text().endswith(": 1") and table.isVisible()
    row = [table.item(0, c).text() for c in range(table.columnCount())]
    assert row[1:3] == ["Change 42", "ledger.entry"] and row[3].startswith("kind: Input")
    assert table.item(0, 0).font().bold() and dialog.seen.isEnabled()
    QApplication.processEvents()
    if folder := os.environ.get("REGULARS_SHOTS_DIR"):
        dialog.grab().save(str(Path(folder) / "sync_problems_quarantine.png"))
    with store.engine.begin() as conn:
        mark_seen(conn, datetime(2026, 12, 8, 3, 0, tzinfo=UTC))
        dialog.show_problems(sync_problems(conn))
        assert problem_counts(conn).quarantined == 0
    assert not table.item(0, 0).font().bold() and not dialog.seen.isEnabled()
    store.engine.dispose()
