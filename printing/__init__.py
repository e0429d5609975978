"""Receipt printing (placeholder docstring, completed below)."""

from printing import _env  # noqa: F401  (must run before anything imports escpos)
