"""Entry script of the packaged app: PyInstaller runs this file as ``__main__``.

It only hands over to ``desktop.cli.main`` (the ``regulars`` console entry point), so the
bundle and ``.venv/bin/regulars`` take the same arguments.
"""

from __future__ import annotations

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
