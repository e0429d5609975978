"""The manager's sync problems list as a service: the counts behind the status bar, the list,
marking it seen (audited) and exporting what central has not accepted. Qt-free; the counter's
:class:`desktop.sync_panel.SyncPanel` only shows what it returns."""

from __future__ import annotations

from pathlib import Path

from loyalty.store.journal import audit
from loyalty.store.service import CounterService
from sync.problems import ProblemCounts, SyncProblems, mark_seen, problem_counts, sync_problems
from sync.queue import export_queue


class ProblemsDesk:
    """Each method is one transaction on the counter's store."""

    def __init__(self, service: CounterService) -> None:
        self.service = service

    def counts(self) -> ProblemCounts:
        """The manager's counts (cheap: read on the GUI thread after every sync round)."""
        with self.service.read_engine.connect() as conn:
            return problem_counts(conn)

    def problems(self) -> SyncProblems:
        with self.service.read_engine.connect() as conn:
            return sync_problems(conn)

    def mark_seen(self) -> SyncProblems:
        """Mark every problem seen, audited; returns the list as it now stands."""
        now = self.service.now()
        with self.service.engine.begin() as conn:
            mark_seen(conn, now)
            audit(conn, self.service.ctx, "sync.problems_seen", None, now)
        return self.problems()

    def export(self, path: Path) -> int:
        """Save every operation central has not accepted to ``path``; how many (raises
        OSError when the file cannot be written; the outbox is untouched either way)."""
        return export_queue(self.service.engine, path)
