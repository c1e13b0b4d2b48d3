import sys

from classroom_desktop.cli import main

if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # chart workers in a PyInstaller bundle (30 ms to import)
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
