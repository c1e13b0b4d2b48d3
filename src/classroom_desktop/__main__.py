import multiprocessing
import sys

from classroom_desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # chart workers in a PyInstaller bundle
    sys.exit(main())
