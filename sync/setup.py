"""First-run set-up without Qt: checking what was typed, registering, and the final write.

The wizard (:mod:`desktop.firstrun`) only collects answers; this module decides whether they
are acceptable and writes them. Nothing is stored until :meth:`SetupService.finish`, which
writes the settings, the first manager, a standalone terminal's code block and
``setup_completed_at`` in one transaction. The one exception is registration with central:
it is its own step (a network call, run off the UI thread by the caller) and on failure it
writes nothing, so the store stays not set up.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, Engine

from loyalty import pins
from loyalty.dates import utc_now
from loyalty.errors import InvalidInput, LoyaltyError
from loyalty.member_code import CodeBlock
from loyalty.money import Currency
from loyalty.rules import default_rules
from loyalty.store import cashiers
from loyalty.store.codes import assign_block
from loyalty.store.context import TillContext
from loyalty.store.journal import audit
from loyalty.store.keyvalue import get_state, put_setting, put_state
from printing.encoding import Charset
from printing.profile import FontRegion, PrinterKind, PrinterProfile
from sync.bootstrap import register_terminal
from sync.client import ClientFactory
from sync.client import client_factory as make_client_factory
from sync.credentials import load_token
from sync.errors import (
    CertificateProblem,
    InsecureAddress,
    Offline,
    QueueNotEmpty,
    Rejected,
    SyncError,
    Unauthorised,
)
from sync.protocol import StaffList
from sync.staff import create_first_manager, manager_row, store_staff
from sync.state import TerminalIdentity, identity
from sync.tls import check_address, load_tls

log = logging.getLogger(__name__)

SETUP_KEY = "setup_completed_at"
STORE_NAME_MAX = 40
TERMINAL_NAME_MAX = 20
STANDALONE_STORE = "S001"
MAX_STANDALONE_BLOCK = 999


class SetupError(LoyaltyError):
    """A set-up answer was refused; ``code`` picks the translated message."""

    code = "setup_error"


@dataclass(frozen=True, slots=True)
class Region:
    """A market: its currency comes from its shipped rules, its usual time zone."""

    code: str
    currency: Currency
    tz: str
    printer_charset: Charset
    font_region: FontRegion


def region(code: str) -> Region:
    """The market ``TW`` or ``HK`` with the defaults its rules and printers imply."""
    if code not in ("TW", "HK"):
        raise SetupError(f"Unknown region {code!r}.", code="region_unknown")
    rules = default_rules(code)
    if code == "HK":
        return Region("HK", rules.currency, "Asia/Hong_Kong", Charset.BIG5_HKSCS, FontRegion.HK)
    return Region("TW", rules.currency, "Asia/Taipei", Charset.BIG5, FontRegion.TC)


TIME_ZONES = ("Asia/Taipei", "Asia/Hong_Kong", "Asia/Macau", "Asia/Shanghai",
              "Asia/Singapore", "Asia/Kuala_Lumpur", "Asia/Tokyo")


@dataclass(frozen=True, slots=True)
class StoreAnswers:
    name: str
    region: str = "TW"
    tz: str = "Asia/Taipei"
    terminal_name: str = ""  # what the header calls this till; "" → "Till 1" or the like


@dataclass(frozen=True, slots=True)
class ManagerAnswers:
    name: str
    pin: str
    pin_again: str


@dataclass(frozen=True, slots=True)
class PrinterAnswers:
    """``kind`` is ``none``, ``network`` (``host``, ``port``) or ``file`` (``path``)."""

    kind: str = "none"
    host: str = ""
    port: int = 9100
    path: str = ""
    paper_mm: int = 80


@dataclass(frozen=True, slots=True)
class SetupAnswers:
    """Everything the wizard collected; ``standalone_block`` is None when registered."""

    language: str
    store: StoreAnswers
    manager: ManagerAnswers
    printer: PrinterAnswers
    standalone_block: int | None


def _clean_label(text: str, limit: int, what: str, code: str, *, required: bool) -> str:
    """A name typed at set-up: NFC, trimmed, at most ``limit`` characters, no control
    characters; :class:`SetupError` coded ``<code>_empty``/``_too_long``/``_bad_characters``."""
    text = unicodedata.normalize("NFC", text).strip()
    if required and not text:
        raise SetupError(f"Enter the {what}.", code=f"{code}_empty")
    if len(text) > limit:
        raise SetupError(f"A {what} has at most {limit} characters.", code=f"{code}_too_long")
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise SetupError(f"A {what} cannot hold control characters.",
                         code=f"{code}_bad_characters")
    return text


def check_store(answers: StoreAnswers) -> StoreAnswers:
    """The store answers cleaned up, or :class:`SetupError`."""
    name = _clean_label(answers.name, STORE_NAME_MAX, "store name", "store_name",
                        required=True)
    region(answers.region)
    try:
        ZoneInfo(answers.tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise SetupError(f"Unknown time zone {answers.tz}.", code="tz_unknown") from None
    till = _clean_label(answers.terminal_name, TERMINAL_NAME_MAX, "till name", "terminal_name",
                        required=False)
    return StoreAnswers(name, answers.region, answers.tz, till)


def check_manager(answers: ManagerAnswers) -> ManagerAnswers:
    """The manager answers cleaned up, or an :class:`InvalidInput` naming the problem."""
    name = unicodedata.normalize("NFC", answers.name).strip()
    if not name:
        raise InvalidInput("Enter the manager's name.", code="manager_name_empty")
    if len(name) > STORE_NAME_MAX:
        raise InvalidInput("A name has at most 40 characters.", code="manager_name_too_long")
    pins.validate_pin(answers.pin)
    if answers.pin != answers.pin_again:
        raise InvalidInput("The two PINs differ.", code="pin_mismatch")
    return ManagerAnswers(name, answers.pin, answers.pin_again)


def check_central(url: str, code: str) -> tuple[str, str]:
    """Central's base URL and the enrollment code, cleaned up, or :class:`SetupError`.

    An address without a scheme is read as ``https://``; plain ``http://`` is refused with
    the reason unless it is this computer (see :func:`sync.tls.check_address`).
    """
    url = url.strip()
    if url and "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SetupError("Type central's address, like https://central.example.com.",
                         code="central_url_invalid")
    try:
        parts.port  # noqa: B018  # raises on a port that is not a number
    except ValueError:
        raise SetupError("Type central's address, like https://central.example.com.",
                         code="central_url_invalid") from None
    try:
        check_address(url)
    except InsecureAddress as err:
        raise SetupError(str(err), code="central_url_insecure") from None
    url = url.rstrip("/")
    cleaned = code.replace(" ", "").replace("-", "").upper()
    if not cleaned:
        raise SetupError("Type the enrollment code from head office.", code="code_empty")
    if not cleaned.isascii() or not cleaned.isalnum():
        raise SetupError("An enrollment code has only letters and digits.", code="code_format")
    return url, "-".join(cleaned[k:k + 4] for k in range(0, len(cleaned), 4))


def check_printer(answers: PrinterAnswers, store_region: str = "TW") -> PrinterProfile | None:
    """The printer profile the answers describe (None: no printer), or :class:`SetupError`."""
    if answers.kind == "none":
        return None
    where = region(store_region)
    base = PrinterProfile(paper_mm=answers.paper_mm, charset=where.printer_charset,
                          font_region=where.font_region)
    if answers.kind == "network":
        host = answers.host.strip()
        if not host or any(ch.isspace() for ch in host):
            raise SetupError("Type the printer's network address.", code="printer_host_empty")
        if not 0 < answers.port < 65536:
            raise SetupError("A port is a number from 1 to 65535.", code="printer_port")
        return replace(base, kind=PrinterKind.NETWORK, host=host, port=answers.port)
    if answers.kind == "file":
        path = answers.path.strip()
        if not path:
            raise SetupError("Type the printer's device or file path.", code="printer_path_empty")
        # A file or device cannot answer status queries.
        return replace(base, kind=PrinterKind.FILE, device=path, require_status=False)
    raise SetupError(f"Unknown printer kind {answers.kind!r}.", code="printer_kind")


def check_block(index: int) -> CodeBlock:
    if not 1 <= index <= MAX_STANDALONE_BLOCK:
        raise SetupError(f"A member-code block is a number from 1 to {MAX_STANDALONE_BLOCK}.",
                         code="block_range")
    return CodeBlock.numbered(index)


def is_set_up(engine: Engine) -> bool:
    """True once set-up finished on this store (the contract every start relies on)."""
    with engine.connect() as conn:
        return get_state(conn, SETUP_KEY) is not None


def adopt_earlier_store(engine: Engine, now: datetime) -> bool:
    """Mark a store made before the wizard existed (it has a manager and a code block) as
    set up, so an upgraded counter goes straight to work. Returns True when it did."""
    with engine.begin() as conn:
        if get_state(conn, SETUP_KEY) is not None:
            return False
        if get_state(conn, "code_block") is None or not cashiers.has_manager(conn):
            return False
        put_state(conn, SETUP_KEY, now.isoformat())
    log.info("store from before the set-up wizard adopted as set up")
    return True


@dataclass(frozen=True, slots=True)
class RegistrationFailure:
    """Why registration did not happen, by kind: ``code`` (central refused the code),
    ``unreachable``, ``certificate`` (central's certificate not trusted), ``pinned`` (not
    the pinned certificate), ``queue`` (unsent operations), ``answer`` (not central's kind
    of answer)."""

    kind: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class CentralManager:
    """A registered till's first manager as central knows them (``staff``: the store's
    whole list when head office had already made it)."""

    id: str
    name: str
    pin_hash: str
    staff: StaffList | None


class RegistrationFailed(SetupError):
    def __init__(self, failure: RegistrationFailure) -> None:
        super().__init__(failure.detail or failure.kind, code=f"register_{failure.kind}")
        self.failure = failure


class SetupService:
    """Set-up of one store file. Thread-safe to call :meth:`register` from a worker thread
    (it opens its own connections); everything else is quick and local."""

    def __init__(self, engine: Engine, data_dir: Path,
                 clock: Callable[[], datetime] = utc_now,
                 client_factory: ClientFactory | None = None) -> None:
        self.engine = engine
        self.data_dir = data_dir
        self.clock = clock
        self.client_factory = client_factory

    def registration(self) -> TerminalIdentity | None:
        """The identity of an earlier successful registration (kept if set-up was quit)."""
        with self.engine.connect() as conn:
            return identity(conn)

    def register(self, url: str, code: str, name: str | None = None) -> TerminalIdentity:
        """Register with central (blocking; call it off the UI thread), as till ``name``.

        Raises:
            SetupError: a bad address or code format (nothing was sent).
            RegistrationFailed: central refused or could not be reached (nothing written).
        """
        url, code = check_central(url, code)
        try:
            ident = register_terminal(self.engine, self.data_dir, url, code, self.clock(),
                                      name=name or None, client_factory=self.client_factory)
        except (Unauthorised, Rejected) as err:
            status = getattr(err, "status", 401)
            if isinstance(err, Unauthorised) or getattr(err, "reason", "") in (
                    "enrollment_code_invalid", "validation_error") or status == 422:
                raise RegistrationFailed(RegistrationFailure("code", str(err))) from err
            raise RegistrationFailed(RegistrationFailure("answer", f"HTTP {status}")) from err
        except CertificateProblem as err:
            kind = "pinned" if err.pinned else "certificate"
            raise RegistrationFailed(RegistrationFailure(kind, str(err))) from err
        except Offline as err:
            raise RegistrationFailed(RegistrationFailure("unreachable", str(err))) from err
        except QueueNotEmpty as err:
            raise RegistrationFailed(RegistrationFailure("queue", str(err))) from err
        except (ValueError, KeyError) as err:  # not JSON, or not central's JSON
            log.warning("registration answer not understood: %s", type(err).__name__)
            raise RegistrationFailed(RegistrationFailure("answer", type(err).__name__)) from err
        with self.engine.begin() as conn:  # backups name the terminal they came from
            put_state(conn, "terminal_id", ident.terminal_id)
        return ident

    def central_manager(self, answers: ManagerAnswers) -> CentralManager | None:
        """On a registered till, the first manager made at central (blocking; call it off
        the UI thread); None on a standalone one. Nothing is written here.

        When head office already gave the store its staff, the typed name and PIN must be
        those of one of its active managers (they are then the one who signs in).

        Raises:
            SetupError: ``manager_not_staff`` (the store's staff come from head office and
                these are not one of its managers) or ``manager_central`` (central could not
                be reached or refused).
        """
        ident = self.registration()
        if ident is None:
            return None
        manager = check_manager(answers)
        with self.engine.connect() as conn:
            factory = self.client_factory or make_client_factory(load_tls(conn))
        try:
            with factory(ident.central_url, load_token(self.data_dir)) as client:
                try:
                    staff_id, pin_hash = create_first_manager(client, manager.name, manager.pin)
                    return CentralManager(staff_id, manager.name, pin_hash, None)
                except Rejected as err:
                    if getattr(err, "reason", "") != "store_has_staff":
                        raise
                    listed = client.staff()
        except SyncError as err:
            raise SetupError(str(err), code="manager_central") from err
        for s in listed.staff:
            if s.name == manager.name and s.role == "manager" and s.active_to is None \
                    and pins.check_pin(manager.pin, s.pin_hash):
                return CentralManager(s.id, s.name, s.pin_hash, listed)
        raise SetupError("Head office already set up this store's staff: type the name and "
                         "PIN of one of its managers.", code="manager_not_staff")

    def finish(self, answers: SetupAnswers,
               central: CentralManager | None = None) -> cashiers.Cashier:
        """Write everything in one transaction and mark the store set up. A registered
        till's manager is the one :meth:`central_manager` made (or found) at central.

        Raises:
            SetupError / InvalidInput: an answer is not acceptable (nothing written).
        """
        store = check_store(answers.store)
        manager = check_manager(answers.manager)
        profile = check_printer(answers.printer, store.region)
        where = region(store.region)
        now = self.clock()
        with self.engine.begin() as conn:
            ident = identity(conn)
            if ident is None and answers.standalone_block is None:
                raise SetupError("Register with central or choose standalone.",
                                 code="terminal_missing")
            if ident is not None:
                store_id, terminal_id = ident.store_id, ident.terminal_id
            else:
                block = check_block(answers.standalone_block or 0)
                store_id = STANDALONE_STORE
                terminal_id = f"{STANDALONE_STORE}-T{answers.standalone_block:02d}"
                assign_block(conn, block)
                put_state(conn, "terminal_id", terminal_id)
            self._write_settings(conn, answers.language, store, where, store_id, terminal_id,
                                 profile)
            if central is not None and ident is not None:
                if central.staff is not None:  # head office's staff, the manager among them
                    store_staff(conn, central.staff, now)
                    created = cashiers.Cashier(central.id, central.name, "manager")
                else:
                    created = manager_row(conn, central.id, central.name, central.pin_hash,
                                          now)
            else:
                created = cashiers.create_cashier(conn, manager.name, "manager", manager.pin,
                                                  now)
            ctx = TillContext(store_id, terminal_id, created.id, "manager", store.region, store.tz,
                          where.currency)
            audit(conn, ctx, "cashier.create", created.id, now, role="manager", first=True)
            audit(conn, ctx, "setup.completed", None, now, region=store.region,
                  registered=ident is not None)
            put_state(conn, SETUP_KEY, now.isoformat())
        log.info("set-up finished: terminal %s, %s", terminal_id,
                 "registered" if ident else "standalone")
        return created

    @staticmethod
    def _write_settings(conn: Connection, language: str, store: StoreAnswers, where: Region,
                        store_id: str, terminal_id: str, profile: PrinterProfile | None) -> None:
        values: dict[str, object] = {
            "language": language, "store_name": store.name, "region": store.region,
            "market": store.region, "tz": store.tz, "currency": where.currency.value,
            "store_id": store_id, "terminal_id": terminal_id,
            "terminal_name": store.terminal_name,
            "printer": profile.to_dict() if profile else None,
        }
        for key, value in values.items():
            put_setting(conn, key, value)
