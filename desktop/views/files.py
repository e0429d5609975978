"""Save dialogs: in the counter's language, starting in the user's documents folder.

Qt's own file dialog is used rather than the platform's: the platform's speaks the
operating system's language, which on a counter is often not the one the cashier chose.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from desktop.messages import QT_TRANSLATE_NOOP


def documents_folder() -> Path:
    """The user's documents folder (their home folder when there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def save_dialog(parent: QWidget | None, title: str, file_name: str,
                name_filter: str) -> QFileDialog:
    """A save dialog offering ``file_name`` in the documents folder (not yet shown)."""
    dialog = QFileDialog(parent, title, str(documents_folder() / file_name), name_filter)
    dialog.setObjectName("saveDialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    suffix = Path(file_name).suffix.lstrip(".")
    if suffix:
        dialog.setDefaultSuffix(suffix)
    dialog.selectFile(file_name)
    # Qt's Traditional Chinese catalogue lacks some of the dialog's labels: ours fill them.
    for which, text in ((QFileDialog.DialogLabel.LookIn,
                         QT_TRANSLATE_NOOP("SaveDialog", "Look in:")),
                        (QFileDialog.DialogLabel.FileName,
                         QT_TRANSLATE_NOOP("SaveDialog", "File name:")),
                        (QFileDialog.DialogLabel.FileType,
                         QT_TRANSLATE_NOOP("SaveDialog", "Files of type:")),
                        (QFileDialog.DialogLabel.Accept, QT_TRANSLATE_NOOP("SaveDialog", "Save")),
                        (QFileDialog.DialogLabel.Reject,
                         QT_TRANSLATE_NOOP("SaveDialog", "Cancel"))):
        dialog.setLabelText(which, tr(text))
    return dialog


def tr(text: str) -> str:
    return QCoreApplication.translate("SaveDialog", text)


def ask_save_path(parent: QWidget | None, title: str, file_name: str,
                  name_filter: str) -> Path | None:
    """Ask where to save (modal); ``None`` when cancelled."""
    dialog = save_dialog(parent, title, file_name, name_filter)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])
