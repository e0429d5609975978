"""Switching the app's language while it runs (the wizard's first page does this live)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication

from desktop.i18n import install_translators, normalise_language, remove_translators

log = logging.getLogger(__name__)


class LanguageSwitch:
    """Owns the installed translators; :meth:`switch` replaces them, and Qt sends every
    widget a ``LanguageChange`` event so views retranslate themselves."""

    def __init__(self, app: QApplication, language: str) -> None:
        self.app = app
        self.language = normalise_language(language)
        self.translators = install_translators(app, self.language)

    def switch(self, language: str) -> None:
        language = normalise_language(language)
        if language == self.language:
            return
        remove_translators(self.app, self.translators)
        self.language = language
        self.translators = install_translators(self.app, language)
        log.info("language switched to %s", language)

    def remove(self) -> None:
        remove_translators(self.app, self.translators)
        self.translators = []
