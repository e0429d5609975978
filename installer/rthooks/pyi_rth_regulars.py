"""Runtime hook of the packaged app: make pyzbar load the libzbar shipped in the bundle.

On Linux pyzbar asks ``ctypes.util.find_library('zbar')``, which only searches the system
(ldconfig), so a counter without the ``libzbar0`` package would have no camera scanning even
though the bundle carries the library. Answer that one question with the bundled copy.
"""

import ctypes.util
import os
import sys


def _install() -> None:
    bundle = getattr(sys, "_MEIPASS", None)
    if not bundle or sys.platform.startswith("win"):
        return
    system_find = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        if name == "zbar":
            for file_name in ("libzbar.so.0", "libzbar.0.dylib"):
                candidate = os.path.join(bundle, file_name)
                if os.path.isfile(candidate):
                    return candidate
        return system_find(name)

    ctypes.util.find_library = find_library


_install()
