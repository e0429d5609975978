"""phonenumbers without its geocoder, carrier and time-zone tables (about 45 MB of source).

Replaces the contrib hook, which names every submodule: the terminal only parses, validates
and formats numbers, which needs ``phonenumbers.data`` (every region: tourists' numbers too).
"""

from PyInstaller.utils.hooks import collect_submodules

UNUSED = ("phonenumbers.geodata", "phonenumbers.carrierdata", "phonenumbers.tzdata",
          "phonenumbers.geocoder", "phonenumbers.carrier", "phonenumbers.timezone")

hiddenimports = collect_submodules(
    "phonenumbers", filter=lambda name: not name.startswith(UNUSED))
