"""``python -m cabling ...``: the command line, as ``cabling ...``."""
import sys

from .cli import main

sys.exit(main())
