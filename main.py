"""Run P-Tuning Studio from a checkout: ``python main.py [PROJECT.db]``."""

import sys

from app.main import main

if __name__ == "__main__":
    sys.exit(main())
