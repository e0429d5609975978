"""A KPI tile: the figure, its name, and the change against the previous period."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class KpiTile(QFrame):
    """One figure. ``value_label`` / ``change_label`` hold exactly what the files show."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"tile_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"QFrame#{self.objectName()} {{ background: #f7f9fc;"
                           " border: 1px solid #d0d7e2; border-radius: 6px; }")
        self.title_label = QLabel(self)
        self.title_label.setStyleSheet("color: #44546a; font-size: 11px;")
        self.value_label = QLabel("–", self)
        self.value_label.setObjectName(f"value_{key}")
        self.value_label.setStyleSheet("font-size: 20px; font-weight: bold; color: #1b2a41;")
        self.change_label = QLabel("", self)
        self.change_label.setObjectName(f"change_{key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        for label in (self.title_label, self.value_label, self.change_label):
            layout.addWidget(label)

    def show_figure(self, title: str, value: str, change: str | None) -> None:
        self.title_label.setText(title)
        self.value_label.setText(value)
        if change is None:
            self.change_label.setText("")
            return
        colour = "#1a7f37" if change.startswith("+") else (
            "#c62828" if change.startswith("-") else "#6b7785")
        self.change_label.setStyleSheet(f"color: {colour}; font-size: 11px;")
        self.change_label.setText(change)
