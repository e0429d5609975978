"""Sending one-time codes to phones: a pluggable sender.

Central does not speak to an SMS operator itself. The setting ``otp_sender`` picks how a
message leaves:

* ``webhook:<https URL>``: a JSON POST ``{"to": "+886…", "text": "…"}`` to the chain's SMS
  gateway (bearer ``REGULARS_CENTRAL_OTP_WEBHOOK_TOKEN`` if set); any non-2xx is a failure;
* ``record``: kept in memory (:class:`RecordingSender`), for tests and demos;
* ``package.module:factory``: anything else, a callable returning an :class:`OtpSender`.

Without a sender, linking a member from the web is unavailable (503), never silently skipped.
"""

from __future__ import annotations

import importlib
import os
import threading
from dataclasses import dataclass, field
from typing import Protocol

import httpx


class OtpUnavailable(Exception):
    """No sender is configured, or it failed to send."""


class OtpSender(Protocol):
    """Sends one text message to one phone (E.164)."""

    def send(self, phone: str, text: str) -> None:
        """Send ``text`` to ``phone``; raise :class:`OtpUnavailable` when it cannot."""


@dataclass
class SentMessage:
    phone: str
    text: str


@dataclass
class RecordingSender:
    """Keeps every message instead of sending it (tests read ``sent``)."""

    sent: list[SentMessage] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, phone: str, text: str) -> None:
        with self._lock:
            self.sent.append(SentMessage(phone, text))


class NoSender:
    """No sender configured."""

    def send(self, phone: str, text: str) -> None:
        raise OtpUnavailable("No one-time-code sender is configured at central.")


@dataclass
class WebhookSender:
    """POSTs each message to the chain's SMS gateway."""

    url: str
    token: str | None = None
    timeout_s: float = 10.0

    def send(self, phone: str, text: str) -> None:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            answer = httpx.post(self.url, json={"to": phone, "text": text}, headers=headers,
                                timeout=self.timeout_s)
        except httpx.HTTPError as err:
            raise OtpUnavailable(f"The SMS gateway could not be reached ({type(err).__name__})."
                                 ) from None
        if not answer.is_success:
            raise OtpUnavailable(f"The SMS gateway answered {answer.status_code}.")


def load_sender(spec: str | None) -> OtpSender:
    """The sender a setting names (see the module docstring)."""
    if not spec:
        return NoSender()
    if spec == "record":
        return RecordingSender()
    if spec.startswith("webhook:"):
        url = spec.removeprefix("webhook:")
        if not url.startswith("https://"):
            raise ValueError("the OTP webhook must be an https:// URL")
        return WebhookSender(url, os.environ.get("REGULARS_CENTRAL_OTP_WEBHOOK_TOKEN"))
    module, _, attr = spec.partition(":")
    if not attr:
        raise ValueError(f"not a sender: {spec!r} (webhook:URL, record or module:factory)")
    factory = getattr(importlib.import_module(module), attr)
    sender: OtpSender = factory()
    return sender
