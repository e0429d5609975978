"""Process set-up that must happen before python-escpos is imported.

python-escpos pickles its capability database into ``ESCPOS_CAPABILITIES_PICKLE_DIR`` at
import time and, when the variable is unset, into a fresh ``mkdtemp()`` folder on every
import, which litters the temp directory. Every module here that imports escpos imports
this module first.

escpos writes that pickle in place (``open(path, "wb")`` then ``pickle.dump``), so a second
process importing it at the same moment — a counter starting while a backup or a test runs —
reads a half-written file and dies with ``EOFError``. We write the pickle first, to a temporary
file renamed into place, so escpos only ever finds a complete one.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import pickle
import platform
import tempfile
from pathlib import Path

import platformdirs

_VAR = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def _pickle_dir() -> Path:
    if os.environ.get(_VAR):
        return Path(os.environ[_VAR])
    cache = Path(platformdirs.user_cache_dir("regulars", appauthor=False)) / "escpos"
    cache.mkdir(parents=True, exist_ok=True)
    os.environ[_VAR] = str(cache)
    return cache


def _capabilities_json() -> Path | None:
    if os.environ.get("ESCPOS_CAPABILITIES_FILE"):
        return Path(os.environ["ESCPOS_CAPABILITIES_FILE"])
    spec = importlib.util.find_spec("escpos")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "capabilities.json"


def _pickle_is_whole(path: Path, source: Path) -> bool:
    try:
        if path.stat().st_mtime < source.stat().st_mtime:
            return False
        with path.open("rb") as f:
            pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError):
        return False
    return True


def ensure_capabilities_pickle(folder: Path) -> Path | None:
    """Make sure ``folder`` holds the complete capability pickle escpos will read."""
    source = _capabilities_json()
    if source is None or not source.exists():
        return None  # escpos will report its broken install itself
    target = folder / f"{platform.python_version()}.capabilities.pickle"
    if _pickle_is_whole(target, source):
        return target
    data = json.loads(source.read_text(encoding="utf-8"))  # JSON is YAML: what escpos parses
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".capabilities.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            pickle.dump(data, out, protocol=2)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


ensure_capabilities_pickle(_pickle_dir())

# escpos.capabilities calls logging.basicConfig() at import; when the app has already set up
# logging that call is a no-op, otherwise it would install a stderr handler we did not ask for.
_root_had_handlers = bool(logging.getLogger().handlers)
import escpos.capabilities  # noqa: E402,F401  (import for its side effect, after the env var)

if not _root_had_handlers:
    for _handler in list(logging.getLogger().handlers):
        logging.getLogger().removeHandler(_handler)
