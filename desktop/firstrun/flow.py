"""Start-up's first step: set the store up with the wizard unless it already is."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from desktop.firstrun.language import LanguageSwitch
from desktop.firstrun.wizard import FirstRunWizard
from loyalty.dates import utc_now
from loyalty.store.engine import StoreEngine
from sync.setup import SetupService, adopt_earlier_store, is_set_up

log = logging.getLogger(__name__)


def ensure_set_up(app: QApplication, engine: StoreEngine, data_dir: Path,
                  languages: LanguageSwitch, *, standalone_block: int | None = None,
                  ready_stamp: bool = False) -> bool:
    """True when the store is set up, after running the wizard if it was not; False when
    the wizard was closed without finishing (nothing was saved: the next start asks again).

    With ``ready_stamp`` prints ``WIZARD <epoch>`` once the wizard shows; with
    ``REGULARS_EXIT_WHEN_READY`` set it then closes the wizard at once.
    """
    adopt_earlier_store(engine, utc_now())
    if is_set_up(engine):
        return True
    wizard = FirstRunWizard(SetupService(engine, data_dir), languages,
                            standalone_block=standalone_block or 1)
    wizard.resize(wizard.sizeHint())
    if ready_stamp:
        QTimer.singleShot(0, wizard, lambda: _stamp(wizard))
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # the counter window opens after the wizard closes
    try:
        log.info("store not set up: showing the first-run wizard")
        finished = wizard.exec() == QDialog.DialogCode.Accepted
    finally:
        wizard.tasks.shut_down(wait=True)
        wizard.deleteLater()
        app.setQuitOnLastWindowClosed(quit_on_close)
    return finished and is_set_up(engine)


def _stamp(wizard: FirstRunWizard, tries: int = 400) -> None:
    if not wizard.isVisible() and tries:
        QTimer.singleShot(5, wizard, lambda: _stamp(wizard, tries - 1))
        return
    sys.stdout.write(f"WIZARD {time.time():.6f}\n")
    sys.stdout.flush()
    if os.environ.get("REGULARS_EXIT_WHEN_READY"):
        wizard.reject()
