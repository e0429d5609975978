"""Enroll a new member: phone, name, optional birthday, an explicit marketing choice and an
optional referral code.

Nothing typed is cut: the fields have no length limit of their own (Qt's counts UTF-16 units,
so 𠮷 would count twice), the service refuses too long a value with a message, and the name
shows its length as the service counts it (:func:`loyalty.text.name_length`)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.session import EnrollForm
from loyalty.text import NAME_MAX, name_length

from .common import FormView, digits_field, field_label, plain, set_tone


class EnrollView(FormView):
    """The enrollment form. Neither consent choice is preselected: the cashier must ask.

    Signals:
        enroll_requested(object): an :class:`EnrollForm` as typed.
    """

    enroll_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phone = digits_field(200)  # "+886 (0)912 – 345 – 678" is longer than its digits
        self.phone.setObjectName("enrollPhone")
        self.name = QLineEdit()
        self.name.setObjectName("enrollName")
        self.name_count = plain(QLabel())
        self.name_count.setObjectName("enrollNameCount")
        self.name_count.setProperty("tone", "muted")
        self.name.textChanged.connect(self._count_name)
        name_box = QWidget()
        name_column = QVBoxLayout(name_box)
        name_column.setContentsMargins(0, 0, 0, 0)
        name_column.setSpacing(2)
        name_column.addWidget(self.name)
        name_column.addWidget(self.name_count)
        self.birthday = digits_field(40)
        self.birthday.setObjectName("enrollBirthday")
        self.referral = QLineEdit()
        self.referral.setObjectName("enrollReferral")
        self.consent_yes = QRadioButton()
        self.consent_yes.setObjectName("consentYes")
        self.consent_no = QRadioButton()
        self.consent_no.setObjectName("consentNo")
        self.consent = QButtonGroup(self)
        self.consent.addButton(self.consent_yes)
        self.consent.addButton(self.consent_no)
        choices = QHBoxLayout()
        choices.addWidget(self.consent_yes)
        choices.addWidget(self.consent_no)
        choices.addStretch(1)
        self.consent_box = QWidget()
        self.consent_box.setLayout(choices)
        self.consent_hint = QLabel()
        self.consent_hint.setWordWrap(True)
        self.consent_hint.setProperty("tone", "muted")
        self.labels = [field_label(w) for w in (self.phone, self.name, self.birthday,
                                                  self.consent_yes, self.referral)]
        for label, widget in zip(self.labels, (self.phone, name_box, self.birthday,
                                               self.consent_box, self.referral), strict=True):
            self.form.addRow(label, widget)
        self.form.addRow(self.consent_hint)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("New member"))
        texts = (self.tr("Mobile phone"), self.tr("Name"),
                 self.tr("Birthday (MM/DD, optional)"), self.tr("Marketing messages"),
                 self.tr("Referred by: phone or member code (optional)"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.consent_yes.setText(self.tr("&Yes, agrees"))
        self.consent_no.setText(self.tr("&No"))
        self.consent_hint.setText(self.tr("Ask the customer; the choice and its time are "
                                          "recorded."))
        self.confirm_button.set_label(self.tr("Enroll"))
        self._count_name()

    def _count_name(self) -> None:
        """``12 / 40 characters`` under the name, counted as the service counts (code points
        after normalising), warning when over; the name is never cut."""
        count = name_length(self.name.text())
        self.name_count.setText(self.tr("%1 / %2 characters").replace("%1", str(count))
                                .replace("%2", str(NAME_MAX)))
        set_tone(self.name_count, "error" if count > NAME_MAX else "muted")

    def start(self, phone: str = "") -> None:
        for field in (self.phone, self.name, self.birthday, self.referral):
            field.clear()
        self.consent.setExclusive(False)
        self.consent_yes.setChecked(False)
        self.consent_no.setChecked(False)
        self.consent.setExclusive(True)
        self.message.clear_text()
        self.phone.setText(phone)
        (self.name if phone else self.phone).setFocus()

    def form_data(self) -> EnrollForm:
        consent = (True if self.consent_yes.isChecked() else
                   False if self.consent_no.isChecked() else None)
        return EnrollForm(phone=self.phone.text(), name=self.name.text(),
                          birthday=self.birthday.text(), marketing_consent=consent,
                          referral_code=self.referral.text())

    def confirm(self) -> None:
        self.enroll_requested.emit(self.form_data())
