"""Process set-up that must happen before python-escpos is imported.

python-escpos pickles its capability database into ``ESCPOS_CAPABILITIES_PICKLE_DIR`` at
import time and, when the variable is unset, into a fresh ``mkdtemp()`` folder on every
import, which litters the temp directory. Every module here that imports escpos imports
this module first.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import platformdirs

_VAR = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def _ensure_pickle_dir() -> None:
    if os.environ.get(_VAR):
        return
    cache = Path(platformdirs.user_cache_dir("regulars", appauthor=False)) / "escpos"
    cache.mkdir(parents=True, exist_ok=True)
    os.environ[_VAR] = str(cache)


_ensure_pickle_dir()

# escpos.capabilities calls logging.basicConfig() at import; when the app has already set up
# logging that call is a no-op, otherwise it would install a stderr handler we did not ask for.
_root_had_handlers = bool(logging.getLogger().handlers)
import escpos.capabilities  # noqa: E402,F401  (import for its side effect, after the env var)

if not _root_had_handlers:
    for _handler in list(logging.getLogger().handlers):
        logging.getLogger().removeHandler(_handler)
