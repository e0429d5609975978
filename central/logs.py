"""Central's logging: every line — its own, uvicorn's access and error logs — redacted.

One handler on standard error (the service manager keeps the journal; see
``docs/central-tls.md``) with :class:`loyalty.redact.RedactingFormatter`, so a phone in a
request's URL, an exception's text or a traceback never reaches the log.
"""

from __future__ import annotations

import logging
import logging.config
from typing import Any

from loyalty.redact import FORMAT


def log_config(level: str = "INFO") -> dict[str, Any]:
    """A :func:`logging.config.dictConfig` document, also given to uvicorn as its
    ``log_config`` (which would otherwise install its own unredacted formatters)."""
    handler = {"class": "logging.StreamHandler", "formatter": "redacted",
               "stream": "ext://sys.stderr"}
    quiet = {"handlers": ["stderr"], "level": level, "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"redacted": {"()": "loyalty.redact.RedactingFormatter", "fmt": FORMAT}},
        "handlers": {"stderr": handler},
        "loggers": {"uvicorn": quiet, "uvicorn.error": {"level": level},
                    "uvicorn.access": quiet},
        "root": {"handlers": ["stderr"], "level": level},
    }


def configure_logging(level: str = "INFO") -> None:
    """Apply :func:`log_config` unless the process has set up logging already (as
    :func:`logging.basicConfig` would: a host such as a test runner keeps its handlers)."""
    if not logging.getLogger().handlers:
        logging.config.dictConfig(log_config(level))
