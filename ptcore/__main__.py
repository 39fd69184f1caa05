import sys

from ptcore.cli import main

sys.exit(main(prog="python -m ptcore"))
