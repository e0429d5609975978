"""The simple set-up pages: language, store, first manager and the summary."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
)

from desktop.firstrun.base import SetupPage
from desktop.views.common import digits_field
from loyalty.errors import InvalidInput
from sync.setup import (
    STORE_NAME_MAX,
    TERMINAL_NAME_MAX,
    TIME_ZONES,
    ManagerAnswers,
    SetupError,
    StoreAnswers,
    check_manager,
    check_store,
    region,
)


class LanguagePage(SetupPage):
    """Traditional Chinese or English; the wizard switches as soon as one is picked.

    Signals:
        language_chosen(str): ``zh_TW`` or ``en``.
    """

    language_chosen = Signal(str)

    def __init__(self, language: str) -> None:
        super().__init__()
        self.chinese = QRadioButton("中文（台灣）")  # each language names itself
        self.english = QRadioButton("English")
        self.group = QButtonGroup(self)
        for button in (self.chinese, self.english):
            button.setObjectName("languageChoice")
            self.group.addButton(button)
            self.body.addWidget(button)
        (self.english if language == "en" else self.chinese).setChecked(True)
        self.chinese.toggled.connect(self._toggled)
        self.finish_layout()

    @property
    def language(self) -> str:
        return "en" if self.english.isChecked() else "zh_TW"

    def _toggled(self) -> None:
        self.language_chosen.emit(self.language)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Welcome to Regulars"))
        self.setSubTitle(self.tr("This counter is not set up yet. Choose the language for "
                                 "set-up and for the counter (it can be changed later)."))


class StorePage(SetupPage):
    """The store's name and region; currency and time zone follow the region."""

    def __init__(self) -> None:
        super().__init__()
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("storeName")
        self.name.setMaxLength(STORE_NAME_MAX + 10)  # longer is refused with a message
        self.region = QComboBox()
        self.region.setObjectName("region")
        self.region.addItem("", "TW")
        self.region.addItem("", "HK")
        self.tz = QComboBox()
        self.tz.setObjectName("timeZone")
        self.tz.addItems(TIME_ZONES)
        self.currency = QLabel()
        self.currency.setObjectName("currency")
        self.till = QLineEdit()
        self.till.setObjectName("terminalName")
        self.till.setMaxLength(TERMINAL_NAME_MAX + 10)  # longer is refused with a message
        self.name_label, self.region_label = QLabel(), QLabel()
        self.tz_label, self.currency_label = QLabel(), QLabel()
        self.till_label = QLabel()
        form.addRow(self.name_label, self.name)
        form.addRow(self.till_label, self.till)
        form.addRow(self.region_label, self.region)
        form.addRow(self.currency_label, self.currency)
        form.addRow(self.tz_label, self.tz)
        self.body.addLayout(form)
        self.region.currentIndexChanged.connect(self._region_changed)
        self._region_changed()
        self.finish_layout()

    def _region_changed(self) -> None:
        where = region(self.region_code)
        self.tz.setCurrentText(where.tz)
        self.currency.setText(where.currency.value)

    @property
    def region_code(self) -> str:
        return str(self.region.currentData())

    def answers(self) -> StoreAnswers:
        return StoreAnswers(self.name.text(), self.region_code, self.tz.currentText(),
                            self.till.text())

    def validatePage(self) -> bool:
        try:
            check_store(self.answers())
        except SetupError as err:
            (self.till if err.code.startswith("terminal_name") else self.name).setFocus()
            return self.refuse(err)
        self.message.show_text("")
        return True

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Store"))
        self.setSubTitle(self.tr("The store's name appears on screen and on receipts. The "
                                 "region sets the currency, the loyalty rules and the time "
                                 "zone."))
        self.name.setPlaceholderText(self.tr("e.g. 好日子生活百貨 信義店"))
        self.name_label.setText(self.tr("Store name"))
        self.till_label.setText(self.tr("Till name"))
        self.till.setPlaceholderText(self.tr("optional, e.g. 收銀機 2 (shown on screen)"))
        self.region_label.setText(self.tr("Region"))
        self.currency_label.setText(self.tr("Currency"))
        self.tz_label.setText(self.tr("Time zone"))
        self.region.setItemText(0, self.tr("Taiwan"))
        self.region.setItemText(1, self.tr("Hong Kong"))


class ManagerPage(SetupPage):
    """The first manager: a name and a PIN typed twice."""

    def __init__(self) -> None:
        super().__init__()
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("managerName")
        self.pin = digits_field(8, secret=True)
        self.pin.setObjectName("managerPin")
        self.pin_again = digits_field(8, secret=True)
        self.pin_again.setObjectName("managerPinAgain")
        self.name_label, self.pin_label, self.again_label = QLabel(), QLabel(), QLabel()
        form.addRow(self.name_label, self.name)
        form.addRow(self.pin_label, self.pin)
        form.addRow(self.again_label, self.pin_again)
        self.body.addLayout(form)
        self.finish_layout()

    def answers(self) -> ManagerAnswers:
        return ManagerAnswers(self.name.text(), self.pin.text(), self.pin_again.text())

    def validatePage(self) -> bool:
        try:
            check_manager(self.answers())
        except InvalidInput as err:
            if err.code in ("pin_mismatch", "pin_format"):
                self.pin.clear()
                self.pin_again.clear()
                self.pin.setFocus()
            else:
                self.name.setFocus()
            return self.refuse(err)
        self.message.show_text("")
        return True

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Store manager"))
        self.setSubTitle(self.tr("The manager signs in with this PIN, approves large "
                                 "redemptions and voids, and adds the cashiers."))
        self.name_label.setText(self.tr("Manager's name"))
        self.pin_label.setText(self.tr("PIN (4–8 digits)"))
        self.again_label.setText(self.tr("PIN again"))


class SummaryPage(SetupPage):
    """What will be saved; Finish writes it all at once."""

    def __init__(self) -> None:
        super().__init__()
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.body.addWidget(self.summary)
        self.finish_layout()

    def initializePage(self) -> None:
        self.show_summary()

    def show_summary(self) -> None:
        self.summary.setText(self.setup_wizard().summary_html())

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Ready"))
        self.setSubTitle(self.tr("Check the settings. Finish saves them and opens the "
                                 "counter; Back changes them."))
        if self.wizard() is not None and self.summary.text():
            self.show_summary()
