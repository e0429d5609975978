"""Runtime hook of the packaged app: load the libzbar and libusb shipped in the bundle.

On Linux pyzbar asks ``ctypes.util.find_library('zbar')`` and pyusb ``find_library('usb-1.0')``,
which only search the system (ldconfig): a counter without the ``libzbar0`` or
``libusb-1.0-0`` package would have no camera scanning or USB receipt printer even though the
bundle carries the libraries. Answer those questions with the bundled copies.
"""

import ctypes.util
import os
import sys

BUNDLED = {"zbar": ("libzbar.so.0", "libzbar.0.dylib"),
           "usb-1.0": ("libusb-1.0.so.0", "libusb-1.0.0.dylib")}


def _install() -> None:
    bundle = getattr(sys, "_MEIPASS", None)
    if not bundle or sys.platform.startswith("win"):
        return
    system_find = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        for file_name in BUNDLED.get(name, ()):
            candidate = os.path.join(bundle, file_name)
            if os.path.isfile(candidate):
                return candidate
        return system_find(name)

    ctypes.util.find_library = find_library


_install()
