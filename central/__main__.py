"""``python -m central …``: the central service's command line."""

import sys

from central.cli import main

sys.exit(main(sys.argv[1:]))
