"""What every set-up page shares: retranslation on a language change and a message line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QVBoxLayout, QWizardPage

from desktop.firstrun import texts
from desktop.views.common import MessageLine

if TYPE_CHECKING:
    from desktop.firstrun.wizard import FirstRunWizard


class SetupPage(QWizardPage):
    """A wizard page: subclasses build widgets into ``self.body`` and fill
    :meth:`retranslate_ui`; refused answers go to ``self.message``."""

    def __init__(self) -> None:
        super().__init__()
        self.body = QVBoxLayout(self)
        self.body.setSpacing(10)
        self.message = MessageLine()

    def finish_layout(self) -> None:
        self.body.addStretch(1)
        self.body.addWidget(self.message)
        self.retranslate_ui()

    def setup_wizard(self) -> FirstRunWizard:
        from desktop.firstrun.wizard import FirstRunWizard

        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        return wizard

    def refuse(self, err: BaseException) -> bool:
        """Show why the answers were refused; returns False for ``validatePage``."""
        self.message.show_text(texts.describe(err), "error")
        return False

    def retranslate_ui(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
