"""Enroll a new member: phone, name, optional birthday, an explicit marketing choice and an
optional referral code."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QRadioButton, QWidget

from desktop.services.session import EnrollForm

from .common import FormView, digits_field, field_label


class EnrollView(FormView):
    """The enrollment form. Neither consent choice is preselected: the cashier must ask.

    Signals:
        enroll_requested(object): an :class:`EnrollForm` as typed.
    """

    enroll_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phone = digits_field(20)
        self.phone.setObjectName("enrollPhone")
        self.name = QLineEdit()
        self.name.setObjectName("enrollName")
        self.name.setMaxLength(40)
        self.birthday = digits_field(10)
        self.birthday.setObjectName("enrollBirthday")
        self.referral = QLineEdit()
        self.referral.setObjectName("enrollReferral")
        self.referral.setMaxLength(20)
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
        for label, widget in zip(self.labels, (self.phone, self.name, self.birthday,
                                               self.consent_box, self.referral), strict=True):
            self.form.addRow(label, widget)
        self.form.addRow(self.consent_hint)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr("New member"))
        texts = (self.tr("Mobile phone"), self.tr("Name"),
                 self.tr("Birthday (MM/DD, optional)"), self.tr("Marketing messages"),
                 self.tr("Referral code (optional)"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.consent_yes.setText(self.tr("&Yes, agrees"))
        self.consent_no.setText(self.tr("&No"))
        self.consent_hint.setText(self.tr("Ask the customer; the choice and its time are "
                                          "recorded."))
        self.confirm_button.set_label(self.tr("Enroll"))

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
