"""The counter window: sign-in screen or counter page, function-key actions, status bar.

Layout only; :mod:`desktop.controller` and :mod:`desktop.flows` decide what happens.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from loyalty.money import Currency

from .views.award import AwardView, QuickSaleView
from .views.carrier import CarrierView
from .views.chrome import ACTIONS, CounterStatusBar, FunctionKeyBar, HeaderBar
from .views.common import set_tone
from .views.enroll import EnrollView
from .views.instruments import INSTRUMENTS_KEY, InstrumentsView, PassSaleView
from .views.member_panel import MemberPanelView
from .views.redeem import RedeemView
from .views.search import ResultList, SearchBox
from .views.signin import SignInView
from .views.void import VoidView

# Fits a 1024×768 screen with a taskbar (the smallest counter PC we plan for).
MIN_WIDTH, MIN_HEIGHT = 1000, 660


class CounterPage(QWidget):
    """Search on top; the member (or a result list) on the left; the open action form on
    the right; function keys at the bottom."""

    def __init__(self, store_name: str, terminal_id: str, tz: ZoneInfo, currency: Currency,
                 parent: QWidget | None = None, *, terminal_name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("counterPage")
        self.header = HeaderBar(store_name, terminal_id, terminal_name)
        self.search = SearchBox()
        self.flash = QLabel()
        self.flash.setObjectName("flash")
        self.flash.setWordWrap(True)
        self.flash.hide()
        self.waiting = QLabel()  # a sale (POS link, e-invoice) waiting for its member
        self.waiting.setTextFormat(Qt.TextFormat.PlainText)  # may carry a name
        self.waiting.setObjectName("waitingSale")
        self.waiting.setWordWrap(True)
        self.waiting.hide()
        self.results = ResultList(tz)
        self.panel = MemberPanelView(tz, currency)
        self.left = QStackedWidget()
        self.left.addWidget(self.panel)
        self.left.addWidget(self.results)
        self.award = AwardView()
        self.redeem = RedeemView()
        self.enroll = EnrollView()
        self.void = VoidView(tz)
        self.sale = QuickSaleView()
        self.carrier = CarrierView()
        self.instruments = InstrumentsView()
        self.pass_sale = PassSaleView()
        self.right = QStackedWidget()
        self.right.setMinimumWidth(440)
        self.right.setMaximumWidth(520)
        for form in (self.award, self.redeem, self.enroll, self.void, self.sale,
                     self.carrier, self.instruments, self.pass_sale):
            self.right.addWidget(form)
        self.right.hide()
        self.fkeys = FunctionKeyBar()
        body = QHBoxLayout()
        body.setSpacing(14)
        body.addWidget(self.left, 3)
        body.addWidget(self.right, 2)
        content = QVBoxLayout()
        content.setContentsMargins(18, 14, 18, 14)
        content.setSpacing(12)
        content.addWidget(self.search)
        content.addWidget(self.flash)
        content.addWidget(self.waiting)
        content.addLayout(body, 1)
        content.addWidget(self.fkeys)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.header)
        outer.addLayout(content, 1)

    def show_flash(self, text: str, tone: str = "ok", *, rich: bool = False) -> None:
        """One line over the counter. Plain text (it quotes names) unless ``rich``, whose
        caller escapes what it quotes."""
        self.flash.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.flash.setText(text)
        set_tone(self.flash, tone)
        self.flash.setVisible(bool(text))

    def open_form(self, form: QWidget | None) -> None:
        """Show one action form on the right, or none."""
        if form is None:
            self.right.hide()
            return
        self.right.setCurrentWidget(form)
        self.right.show()

    def open_form_widget(self) -> QWidget | None:
        return self.right.currentWidget() if self.right.isVisible() else None


class MainWindow(QMainWindow):
    """The counter's only window.

    Signals:
        action_requested(str): a function key or its button (``award``, ``redeem``,
            ``enroll``, ``sale``, ``void``, ``report``, ``lock``, ``instruments``).
        back_requested(): Esc.
    """

    action_requested = Signal(str)
    back_requested = Signal()

    def __init__(self, store_name: str, terminal_id: str, tz: ZoneInfo, currency: Currency,
                 parent: QWidget | None = None, *, terminal_name: str = "") -> None:
        super().__init__(parent)
        self.sign_in = SignInView()
        self.counter = CounterPage(store_name, terminal_id, tz, currency,
                                   terminal_name=terminal_name)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.sign_in)
        self.pages.addWidget(self.counter)
        self.setCentralWidget(self.pages)
        self.status = CounterStatusBar(tz)
        self.setStatusBar(self.status)
        self.actions_by_name: dict[str, QAction] = {}
        # F11 is on the member panel, beside the member's vouchers, not on the key bar
        for name, key in (*ACTIONS, ("instruments", INSTRUMENTS_KEY)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, n=name: self.action_requested.emit(n))
            self.addAction(action)
            self.actions_by_name[name] = action
        self.back = QAction(self)
        self.back.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.back.triggered.connect(self.back_requested)
        self.addAction(self.back)
        self.counter.fkeys.action_requested.connect(self.action_requested)
        self.counter.panel.instruments_requested.connect(
            lambda: self.action_requested.emit("instruments"))
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Regulars — member counter"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def show_maximized(self) -> None:
        """Maximise. Without a window manager (bare X, some kiosks) a maximise request is
        never answered, so the window first takes the screen's available area itself."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.resize(max(area.width(), MIN_WIDTH), max(area.height(), MIN_HEIGHT))
            self.move(area.topLeft())
        self.showMaximized()

    def takes_scans(self) -> bool:
        """The page shown takes scans (the lock screen and the counter; not the report)."""
        return self.pages.currentWidget() in (self.sign_in, self.counter)

    def show_sign_in(self) -> None:
        self.pages.setCurrentWidget(self.sign_in)
        self.set_actions_enabled({name: False for name in self.actions_by_name})
        self.back.setEnabled(False)

    def show_counter(self) -> None:
        self.pages.setCurrentWidget(self.counter)
        self.back.setEnabled(True)

    def show_page(self, page: QWidget) -> None:
        """Show a full-window page (the report) in place of the counter; Esc stays on."""
        if self.pages.indexOf(page) < 0:
            self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        self.back.setEnabled(True)

    def remove_page(self, page: QWidget) -> None:
        """Take a page shown with :meth:`show_page` away (the counter shows again)."""
        if self.pages.currentWidget() is page:
            self.pages.setCurrentWidget(self.counter)
        self.pages.removeWidget(page)

    def set_actions_enabled(self, enabled: dict[str, bool]) -> None:
        for name, on in enabled.items():
            self.actions_by_name[name].setEnabled(on)
        self.counter.fkeys.set_enabled(enabled)
        if "instruments" in enabled:
            self.counter.panel.instruments_button.setEnabled(enabled["instruments"])
