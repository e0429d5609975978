"""Getting bytes to a printer, and telling the cashier plainly when that fails.

The connection is python-escpos's own printer class for the profile's kind (``Network``,
``Usb``, ``Serial``, ``File``); rendered bytes go through its raw write.

What can be detected, and how:

* unreachable / off / refusing: the connection fails (network: refused or connect timeout;
  USB/serial: device not found).
* closing mid-job: a write fails, or the status query after the job finds the connection
  closed.
* never answering: with ``require_status`` the status query before the job times out (and a
  write that cannot drain within ``timeout_s`` fails). Without it, a printer that accepts
  bytes and then does nothing is indistinguishable from one that prints.
* out of paper, cover open, other errors: real-time status (``DLE EOT 1``, then
  ``DLE EOT 2`` for the offline cause and ``DLE EOT 4`` for the paper sensor) on printers
  that answer — most network and serial ESC/POS printers, USB ones with an IN endpoint.
  File printers cannot answer; their faults surface only as write errors.

Known limit: like every ESC/POS driver, a ``10 04 n`` byte run inside raster data can be
taken for a status query by older printers, which then answer an extra byte; the answer we
read after the job is the last byte received, so such a stray byte is harmless here.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

from escpos import printer as escpos_printer
from escpos.exceptions import DeviceNotFoundError

from printing.profile import PrinterKind, PrinterProfile

log = logging.getLogger(__name__)

DLE_EOT = b"\x10\x04"
CHUNK = 4096  # write in chunks so a stalled printer is noticed within one timeout


class PrinterFault(StrEnum):
    """Why a slip did not print; each has a message the cashier can act on."""

    NOT_CONFIGURED = "not_configured"
    UNREACHABLE = "unreachable"
    NO_ANSWER = "no_answer"
    DISCONNECTED = "disconnected"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    PRINTER_ERROR = "printer_error"
    OFFLINE = "offline"


MESSAGES = {
    PrinterFault.NOT_CONFIGURED: "No receipt printer is set up. Choose one in Settings → Printer.",
    PrinterFault.UNREACHABLE: "The receipt printer cannot be reached. Check that it is "
                              "switched on and its cable is plugged in, then press Reprint.",
    PrinterFault.NO_ANSWER: "The receipt printer does not answer. Switch it off and on, "
                            "then press Reprint.",
    PrinterFault.DISCONNECTED: "The receipt printer stopped in the middle of the slip. "
                               "Check it, tear off any partial slip, then press Reprint.",
    PrinterFault.PAPER_OUT: "The receipt printer is out of paper. Load a new roll, "
                            "then press Reprint.",
    PrinterFault.COVER_OPEN: "The receipt printer's cover is open. Close it, then press Reprint.",
    PrinterFault.PRINTER_ERROR: "The receipt printer reports an error (paper jam or cutter). "
                                "Clear it, switch it off and on, then press Reprint.",
    PrinterFault.OFFLINE: "The receipt printer is offline. Check it, then press Reprint.",
}


_FAULT_BY_MESSAGE = {message: fault for fault, message in MESSAGES.items()}


class PrinterError(Exception):
    """A slip could not be printed. ``str()`` is the cashier's message; ``fault`` the kind."""

    def __init__(self, fault: PrinterFault, detail: str = "") -> None:
        super().__init__(MESSAGES[fault])
        self.fault = fault
        self.detail = detail


def send(profile: PrinterProfile, data: bytes) -> None:
    """Deliver ``data`` to the printer; check its status before and after.

    Raises:
        PrinterError: with a plain message; the caller keeps the job for a reprint.
    """
    with _connection(profile) as printer:
        if _can_query(profile):
            check_status(printer, profile, profile.status_timeout_s)
        try:
            for start in range(0, len(data), CHUNK):
                printer._raw(data[start:start + CHUNK])
        except Exception as exc:
            raise _write_error(exc) from exc
        if _can_query(profile):
            # The printer reads its input in order: an answer now means it took the whole
            # job. It may still be busy printing a large raster, so wait longer this time.
            check_status(printer, profile, profile.timeout_s)


def probe(profile: PrinterProfile) -> None:
    """Check that the printer is there and ready, printing nothing (connect, ``DLE EOT``).

    A printer that cannot answer status queries (file printers, ``require_status`` off)
    counts as ready once its connection opens.

    Raises:
        PrinterError: why it is not ready (unreachable, paper out, cover open, ...).
    """
    with _connection(profile) as printer:
        if _can_query(profile):
            check_status(printer, profile, profile.status_timeout_s)


def fault_of(message: str) -> PrinterFault | None:
    """The fault whose cashier message is ``message`` (a stored job's), or None."""
    return _FAULT_BY_MESSAGE.get(message)


def _write_error(exc: Exception) -> Exception:
    if isinstance(exc, TimeoutError) or "timeout" in type(exc).__name__.lower():
        return PrinterError(PrinterFault.NO_ANSWER, str(exc))
    if isinstance(exc, OSError):
        return PrinterError(PrinterFault.DISCONNECTED, str(exc))
    return exc


def check_status(printer: Any, profile: PrinterProfile, timeout_s: float) -> None:
    """Raise a :class:`PrinterError` for offline, paper out, cover open or a printer error.

    A printer that does not answer within ``timeout_s`` is a fault only with
    ``profile.require_status``.
    """
    status = query(printer, 1, profile, timeout_s)
    if status is None:
        if profile.require_status:
            raise PrinterError(PrinterFault.NO_ANSWER, "no answer to DLE EOT 1")
        return
    if not status & 0x08:
        return
    cause = query(printer, 2, profile, timeout_s) or 0
    paper = query(printer, 4, profile, timeout_s) or 0
    if cause & 0x20 or paper & 0x60:
        raise PrinterError(PrinterFault.PAPER_OUT, f"status {status:#x}/{cause:#x}/{paper:#x}")
    if cause & 0x04:
        raise PrinterError(PrinterFault.COVER_OPEN, f"status {status:#x}/{cause:#x}")
    if cause & 0x40:
        raise PrinterError(PrinterFault.PRINTER_ERROR, f"status {status:#x}/{cause:#x}")
    raise PrinterError(PrinterFault.OFFLINE, f"status {status:#x}/{cause:#x}")


def query(printer: Any, n: int, profile: PrinterProfile, timeout_s: float) -> int | None:
    """Send ``DLE EOT n`` and return the status byte, or None when no answer came in time.

    Raises:
        PrinterError: DISCONNECTED when the connection turns out closed.
    """
    try:
        with _read_timeout(printer, profile, timeout_s):
            printer._raw(DLE_EOT + bytes([n]))
            answer = printer._read()
    except Exception as exc:
        error = _write_error(exc)
        if isinstance(error, PrinterError) and error.fault is PrinterFault.NO_ANSWER:
            return None
        raise error from exc
    if not answer:
        if profile.kind is PrinterKind.NETWORK:
            raise PrinterError(PrinterFault.DISCONNECTED, "connection closed by the printer")
        return None  # serial and USB reads return empty on timeout
    byte = answer[-1]
    # Every real-time status byte has bit 4 set and bits 0 and 7 clear (Epson ESC/POS).
    return byte if byte & 0x93 == 0x12 else None


def _can_query(profile: PrinterProfile) -> bool:
    return profile.kind is not PrinterKind.FILE


@contextmanager
def _read_timeout(printer: Any, profile: PrinterProfile, timeout_s: float) -> Iterator[None]:
    device = printer.device
    if profile.kind is PrinterKind.NETWORK:
        device.settimeout(timeout_s)
        try:
            yield
        finally:
            device.settimeout(profile.timeout_s)
    elif profile.kind is PrinterKind.SERIAL:
        device.timeout = timeout_s
        yield
    else:
        yield


class _Network(escpos_printer.Network):  # type: ignore[misc]
    """python-escpos's Network printer, whose ``open`` leaks the socket when the connect
    fails (a ResourceWarning per attempt while a printer is off): same open, closed."""

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
            self.close()
        try:
            self.device = socket.create_connection((self.host, self.port), self.timeout)
        except OSError as exc:
            raise DeviceNotFoundError(f"Could not open socket for {self.host}:\n{exc}") from exc


_OPENERS: dict[PrinterKind, Callable[[PrinterProfile], Any]] = {
    PrinterKind.NETWORK: lambda p: _Network(
        p.host, port=p.port, timeout=p.timeout_s, profile=p.model),
    PrinterKind.SERIAL: lambda p: escpos_printer.Serial(
        p.device, baudrate=p.baudrate, timeout=p.status_timeout_s, profile=p.model,
        dsrdtr=False),
    PrinterKind.USB: lambda p: escpos_printer.Usb(
        p.usb_vendor_id, p.usb_product_id, timeout=int(p.status_timeout_s * 1000),
        profile=p.model),
    PrinterKind.FILE: lambda p: escpos_printer.File(p.device, profile=p.model),
}


@contextmanager
def _connection(profile: PrinterProfile) -> Iterator[Any]:
    if not _configured(profile):
        raise PrinterError(PrinterFault.NOT_CONFIGURED)
    printer = _OPENERS[profile.kind](profile)
    try:
        printer.open()
    except (DeviceNotFoundError, OSError, ValueError) as exc:  # ValueError: no libusb
        raise PrinterError(PrinterFault.UNREACHABLE, str(exc)) from exc
    if profile.kind is PrinterKind.SERIAL:
        printer.device.write_timeout = profile.timeout_s
    try:
        yield printer
    finally:
        try:
            printer.close()
        except OSError:
            log.debug("closing %s failed", profile.describe(), exc_info=True)


def _configured(profile: PrinterProfile) -> bool:
    if profile.kind is PrinterKind.NETWORK:
        return bool(profile.host)
    if profile.kind is PrinterKind.USB:
        return bool(profile.usb_vendor_id and profile.usb_product_id)
    return bool(profile.device)
