"""Render the counter's vouchers, gifts, stamp cards and passes, offscreen, in both languages:

    python -m desktop.screenshots_instruments --out docs/screenshots

At 1024×768: ``instruments_panel`` (the member panel listing them, birthday badge and stamps
now), ``instruments_use`` (F11, a pass chosen, two cups), ``instruments_confirm`` (the
confirmation over it), ``pass_sale`` (selling a pass), ``pass_refund`` (the rest refunded,
a manager approving), ``enroll_referrer`` (the referrer field); and the slips the counter
printed: ``slip_prepaid_pass_{58,80}mm.png`` (the 禮券), ``slip_stamps_80mm.png`` (a sale's
stamps, reward and cups left), ``slip_pass_use_58mm.png``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.app import CounterApp, build_counter
from desktop.screenshots import _Clock, _fill, _store, _until, cli, styled_app
from desktop.services.printer import QUEUE_FILE, PrinterService
from desktop.views.instruments import InstrumentsView
from loyalty.store.demo_rules import use_demo_rules
from printing import JobStatus, PrinterKind, PrinterProfile, render_preview_png

SIZE = (1024, 768)


def _over(window: QPixmap, dialog: QPixmap) -> QPixmap:
    """The dialog drawn centred over the window, as the cashier sees it."""
    painter = QPainter(window)
    painter.fillRect(window.rect(), QColor(0, 0, 0, 64))
    painter.drawPixmap((window.width() - dialog.width()) // 2,
                       (window.height() - dialog.height()) // 2, dialog)
    painter.end()
    return window


def _stamps_and_pass(counter: CounterApp, member_id: str) -> None:
    """Six more sales (ten stamps: the reward), a pass sold and three cups used, through
    the flows (their slips print)."""
    session = counter.session
    session.show_member(member_id)
    flows = counter.controller.flows
    flows.instruments.sell("latte-10", "AB-13400")
    for n in range(5):
        session.award("180", f"AB-133{n}")
    flows.award("260", "AB-13399")
    flows.instruments.open()
    _choose_pass(counter.window.counter.instruments)
    flows.instruments.use(_chosen(counter), "3", "AB-13401")
    dialog = flows.instruments.dialog
    assert dialog is not None
    dialog.accept()


def _choose_pass(form: InstrumentsView) -> None:
    for row in range(form.items.count()):
        form.items.setCurrentRow(row)
        chosen = form.current()
        if chosen is not None and chosen.kind == "prepaid_pass":
            return


def _chosen(counter: CounterApp) -> str:
    chosen = counter.window.counter.instruments.current()
    assert chosen is not None
    return chosen.instrument_id


def render(out: Path, language: str) -> list[Path]:
    app = styled_app()
    translators = i18n.install_translators(app, language)
    saved: list[Path] = []
    clock = _Clock()
    with tempfile.TemporaryDirectory() as tmp:
        engine, cashier_id, _ = _store(Path(tmp) / "store.db")
        use_demo_rules(engine, clock.now)
        paper = PrinterProfile(PrinterKind.FILE, device=str(Path(tmp) / "slips.bin"),
                               paper_mm=80)
        printer = PrinterService(Path(tmp) / QUEUE_FILE, paper)
        counter = build_counter(engine, clock=clock, printer=printer)
        window = counter.window
        window.resize(*SIZE)
        window.show()
        counter.session.sign_in(cashier_id, "1357")
        ids = _fill(counter, clock)
        _stamps_and_pass(counter, ids["陳美玲"])
        ctl = counter.controller
        page = window.counter
        flows = ctl.flows.instruments

        def shot(name: str, pixmap: QPixmap | None = None) -> None:
            app.processEvents()
            path = out / f"{name}_{SIZE[0]}x{SIZE[1]}_{language}.png"
            (pixmap or window.grab()).save(str(path))
            saved.append(path)

        ctl.choose_member(ids["陳美玲"])
        shot("instruments_panel")
        ctl.action("instruments")
        form = page.instruments
        _choose_pass(form)
        form.units.setText("2")
        form.receipt.setText("AB-13420")
        shot("instruments_use")
        flows.use(_chosen(counter), "2", "AB-13420")
        dialog = flows.dialog
        assert dialog is not None
        app.processEvents()
        shot("instruments_confirm", _over(window.grab(), dialog.grab()))
        flows.close_dialog()
        form.sell_button.click()
        page.pass_sale.receipt.setText("AB-13421")
        shot("pass_sale")
        ctl.back()
        ctl.action("instruments")
        _choose_pass(form)
        form.refund_button.click()
        form.confirm()
        shot("pass_refund")
        ctl.back()
        ctl.back()
        ctl.action("enroll")
        page.enroll.phone.setText("0955 123 456")
        page.enroll.name.setText("張家豪")
        page.enroll.consent_yes.setChecked(True)
        page.enroll.referral.setText("0912 345 678")
        shot("enroll_referrer")
        ctl.back()
        if language == i18n.LANGUAGES[0]:
            saved += _slips(app, printer, out)
        counter.close()
        engine.dispose()
    i18n.remove_translators(app, translators)
    return saved


def _slips(app: QApplication, printer: PrinterService, out: Path) -> list[Path]:
    """The slips this counter printed, as the preview draws them (the same documents)."""
    _until(app, lambda: all(j.status is JobStatus.PRINTED for j in printer.queue.jobs(20)))
    jobs = {j.kind: j for j in reversed(printer.queue.jobs(20))}
    wanted = (("prepaid_pass", 80, "slip_prepaid_pass_80mm"),
              ("prepaid_pass", 58, "slip_prepaid_pass_58mm"),
              ("award", 80, "slip_stamps_80mm"), ("instrument", 58, "slip_pass_use_58mm"))
    saved = []
    for kind, width, name in wanted:
        if kind in jobs:
            path = out / f"{name}.png"
            path.write_bytes(render_preview_png(jobs[kind].document, width))
            saved.append(path)
    return saved


def main(argv: Sequence[str] | None = None) -> int:
    return cli("python -m desktop.screenshots_instruments", render, argv)


if __name__ == "__main__":
    raise SystemExit(main())
