"""The first-run wizard shown when the store in the data directory is not set up.

The widgets collect answers; :mod:`sync.setup` checks and writes them.
"""

from desktop.firstrun.language import LanguageSwitch
from desktop.firstrun.wizard import FirstRunWizard, PageId

__all__ = ["FirstRunWizard", "LanguageSwitch", "PageId"]
