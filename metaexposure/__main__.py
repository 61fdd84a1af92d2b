"""``python -m metaexposure`` runs the ``metaexposure`` command (for a venv whose scripts are not on PATH)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
