"""Printing through python-escpos's real Network, Serial and File printers."""

import os
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pyzbar.pyzbar import decode as zbar

from printing import PrinterError, PrinterFault, PrinterKind, PrinterProfile, TextMode, test_print
from printing.escpos_render import render_escpos
from printing.samples import MEMBER, SAMPLE_CODE, award
from printing.slips import build_award
from printing.transport import send
from tests.helpers.escpos_decoder import decode, paper_columns
from tests.helpers.printer_server import PrinterServer, printer_server, strip_status_queries


@pytest.fixture
def server() -> Iterator[PrinterServer]:
    with printer_server() as srv:
        yield srv


def _profile(server: PrinterServer, **kw: object) -> PrinterProfile:
    return PrinterProfile(host="127.0.0.1", port=server.port, timeout_s=2.0,
                          status_timeout_s=0.3, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("paper", "columns"), [(58, 32), (80, 48)])
def test_award_reaches_the_printer_in_big5_with_aligned_columns(server: PrinterServer,
                                                                paper: int,
                                                                columns: int) -> None:
    profile = _profile(server, paper_mm=paper)
    doc = build_award(award(replace(MEMBER, name="林小明")))
    send(profile, render_escpos(doc, profile))
    [job] = server.wait_for_jobs(1)
    assert strip_status_queries(job) == render_escpos(doc, profile)
    slip = decode(job, "big5")
    assert slip.status_queries == [1, 1]  # before and after the slip
    lines = [t for t in slip.texts if t.strip()]
    pairs = [t for t in lines if t.startswith(("會員", "手機", "點數餘額", "消費金額"))]
    assert len(pairs) == 5  # 會員, 會員編號, 手機, 消費金額, 點數餘額
    assert all(paper_columns(t) == columns for t in pairs)
    assert any(t.startswith("手機") and t.endswith("0912-***-678") for t in lines)
    assert len(slip.cuts) == 1


def test_raster_slip_over_the_network_scans(server: PrinterServer) -> None:
    from printing.samples import sample_documents

    profile = _profile(server, paper_mm=58, text_mode=TextMode.RASTER)
    send(profile, render_escpos(sample_documents()["welcome"], profile))
    [job] = server.wait_for_jobs(1)
    image = decode(job).stacked_raster()
    assert {s.data.decode() for s in zbar(image.convert("L"))} == {SAMPLE_CODE}


def test_test_print_sends_rare_characters_without_question_marks(server: PrinterServer) -> None:
    sent = test_print(_profile(server, paper_mm=80))
    [job] = server.wait_for_jobs(1)
    slip = decode(job, "big5")
    assert sent == len(strip_status_queries(job))
    assert "測試列印 TEST PRINT" in [t.strip() for t in slip.texts]
    assert not any("?" in t for t in slip.texts)
    assert slip.rasters  # the line with 堃 喆 峯 𠮷 嘅 咗 went as an image


@pytest.mark.parametrize(("mode", "fault", "words"), [
    ("paper_out", PrinterFault.PAPER_OUT, "out of paper"),
    ("cover_open", PrinterFault.COVER_OPEN, "cover is open"),
    ("silent", PrinterFault.NO_ANSWER, "does not answer"),
    ("close_after", PrinterFault.DISCONNECTED, "stopped in the middle"),
])
def test_printer_faults_give_the_cashier_a_plain_reason(mode: str, fault: PrinterFault,
                                                        words: str) -> None:
    with printer_server(mode, close_after_bytes=100) as srv:
        profile = _profile(srv)
        with pytest.raises(PrinterError) as err:
            send(profile, render_escpos(build_award(award()), profile))
    assert err.value.fault is fault
    assert words in str(err.value) and "Reprint" in str(err.value)


def test_paper_out_is_detected_before_anything_prints() -> None:
    with printer_server("paper_out") as srv:
        with pytest.raises(PrinterError):
            send(_profile(srv), b"\x1b@hello\n")
        [job] = srv.wait_for_jobs(1)
    assert b"hello" not in job


def test_refused_connection_is_unreachable() -> None:
    with printer_server() as srv:
        srv.set_mode("refuse")
        with pytest.raises(PrinterError) as err:
            send(_profile(srv), b"x")
    assert err.value.fault is PrinterFault.UNREACHABLE


def test_unconfigured_printer_says_so() -> None:
    with pytest.raises(PrinterError) as err:
        send(PrinterProfile(), b"x")
    assert err.value.fault is PrinterFault.NOT_CONFIGURED


def test_file_printer_writes_the_slip(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    profile = PrinterProfile(kind=PrinterKind.FILE, device=str(target), paper_mm=58)
    data = render_escpos(build_award(award(replace(MEMBER, name="林小明"))), profile)
    send(profile, data)
    assert target.read_bytes() == data


def test_serial_printer_answers_status_and_gets_the_slip() -> None:
    master, slave = os.openpty()
    received = bytearray()
    done = threading.Event()

    def printer() -> None:  # the far end of the serial line: answers DLE EOT, records
        while not done.is_set():
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            received.extend(chunk)
            if received[-3:-1] == b"\x10\x04":
                os.write(master, b"\x12")
            if received.count(b"\x10\x04") >= 2 and received[-3:-1] == b"\x10\x04":
                done.set()

    thread = threading.Thread(target=printer, daemon=True)
    thread.start()
    profile = PrinterProfile(kind=PrinterKind.SERIAL, device=os.ttyname(slave), paper_mm=58,
                             baudrate=115200, status_timeout_s=1.0, timeout_s=2.0)
    data = render_escpos(build_award(award(replace(MEMBER, name="林小明"))), profile)
    try:
        send(profile, data)
        assert done.wait(5)
    finally:
        done.set()
        os.close(slave)
        os.close(master)
        thread.join(2)
    assert strip_status_queries(bytes(received)) == data
