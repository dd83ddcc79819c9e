import sys

from qualiboard.cli import main

sys.exit(main())
