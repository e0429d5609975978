"""Render each page of the first-run wizard to PNG, offscreen, in both languages.

    python -m desktop.firstrun.screenshots --out docs/screenshots

Writes ``wizard_<page>_<language>.png`` for every page filled in as an IT person would,
plus two refusals (an unreachable central, two PINs that differ).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.firstrun.language import LanguageSwitch
from desktop.firstrun.wizard import FirstRunWizard, PageId
from desktop.screenshots import cli, styled_app
from loyalty.store.engine import create_store_engine
from loyalty.store.migrate import upgrade
from sync.setup import RegistrationFailed, RegistrationFailure, SetupService


def render(out: Path, language: str) -> list[Path]:
    app = styled_app()
    languages = LanguageSwitch(app, language)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_store_engine(Path(tmp) / "store.db")
        upgrade(engine)
        wizard = FirstRunWizard(SetupService(engine, Path(tmp)), languages)
        wizard.resize(wizard.sizeHint())
        wizard.show()

        def shot(name: str, prepare: Callable[[], object] = lambda: None) -> None:
            prepare()
            app.processEvents()
            path = out / f"wizard_{name}_{language}.png"
            wizard.grab().save(str(path))
            saved.append(path)

        shot("1_language")
        wizard.next()
        store = wizard.store_page
        store.name.setText("好日子生活百貨 信義店")
        store.till.setText("收銀機 2")
        shot("2_store")
        wizard.next()
        terminal = wizard.terminal_page
        terminal.url.setText("https://central.goodday.example")
        terminal.code.setText("K7QH-M2XD-9RTB-W4NP")
        shot("3_terminal")
        shot("3_terminal_unreachable", lambda: terminal.refuse(
            RegistrationFailed(RegistrationFailure("unreachable"))))
        terminal.standalone_choice.setChecked(True)
        terminal.message.show_text("")
        shot("3_terminal_standalone")
        wizard.next()
        manager = wizard.manager_page
        manager.name.setText("王店長" if language != "en" else "Mandy Wong")
        manager.pin.setText("2468")
        manager.pin_again.setText("2469")
        shot("4_manager_mismatch", manager.validatePage)  # refused: the PINs are cleared
        manager.pin.setText("2468")
        manager.pin_again.setText("2468")
        manager.message.show_text("")
        shot("4_manager")
        wizard.next()
        printer = wizard.printer_page
        printer.network_choice.setChecked(True)
        printer.host.setText("192.168.1.50")
        shot("5_printer")
        wizard.next()
        assert wizard.currentId() == PageId.SUMMARY
        shot("6_summary")
        wizard.tasks.shut_down()
        wizard.close()
        engine.dispose()
    languages.remove()
    return saved


def main(argv: Sequence[str] | None = None) -> int:
    return cli("python -m desktop.firstrun.screenshots", render, argv)


if __name__ == "__main__":
    raise SystemExit(main())
