"""What can go wrong talking to central, in the few kinds the engine acts on.

* :class:`Offline` — network error, timeout or 5xx: retry later (backoff with jitter).
  Two kinds of it say that retrying will not help until a person acts, and what to do:
  :class:`CertificateProblem` (central's certificate is not trusted or not the pinned one)
  and :class:`InsecureAddress` (a plain ``http://`` address that is not this computer).
  Both stop the request before anything is sent; everything else treats them as offline
  (the counter keeps selling within its offline limits).
* :class:`Unauthorised` — the token was refused: a person must re-register the terminal.
* :class:`Rejected` — central answered a 4xx with a reason: retrying the same request will
  not help (``reason`` says why: ``terminal_cloned``, ``cursor_expired``, …).

Messages are sentences fit for the status bar; none carries a token or a phone number.
"""

from __future__ import annotations


class SyncError(Exception):
    """Base of the sync engine's errors; ``str(err)`` reads well in the status bar."""

    kind = "error"


class Offline(SyncError):
    """Central could not be reached (or answered 5xx): keep selling, retry later.

    ``maybe_sent``: some attempt got past connecting, so central may have acted on it.
    """

    kind = "offline"

    def __init__(self, message: str, *, maybe_sent: bool = False) -> None:
        super().__init__(message)
        self.maybe_sent = maybe_sent


class CertificateProblem(Offline):
    """Central's TLS certificate was refused: not trusted, expired, for another name, or
    not the pinned one (``pinned``). Not retried; nothing was sent."""

    kind = "certificate"

    def __init__(self, message: str, *, pinned: bool = False) -> None:
        super().__init__(message)
        self.pinned = pinned


class InsecureAddress(Offline):
    """Central's address is plain ``http://`` to another computer: refused, nothing sent."""

    kind = "insecure_address"


class Unauthorised(SyncError):
    """Central refused this terminal's credential."""

    kind = "unauthorised"


class Rejected(SyncError):
    """Central refused the request for a stated reason."""

    kind = "rejected"

    def __init__(self, message: str, reason: str, status: int = 400,
                 expected_seq: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.status = status
        self.expected_seq = expected_seq


class QueueNotEmpty(SyncError):
    """A reset or re-registration was refused because operations still wait to be sent."""

    kind = "queue_not_empty"


class NotRegistered(SyncError):
    """This terminal has not been registered with central yet."""

    kind = "not_registered"


class SnapshotCorrupt(SyncError):
    """A snapshot part did not match its checksum (it is fetched again)."""

    kind = "snapshot_corrupt"
