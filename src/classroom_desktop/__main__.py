import sys

from classroom_desktop.cli import main

sys.exit(main())
