"""``python -m classroom_desktop`` (and the bundle's executable): the window, or a command.

The window's own starts (nothing, ``--demo``, ``--workspace DIR``) go straight to it: building the
command line's whole parser (every command and option) costs a few per cent of a bare window's
start. Anything else, ``--help`` included, goes through :func:`classroom_desktop.cli.main`.
"""

import sys
from collections.abc import Sequence
from pathlib import Path


def window_start(argv: Sequence[str]) -> tuple[Path | None, bool] | None:
    """(workspace, demo) when ``argv`` only opens the window; None for anything the parser must read."""
    args = list(argv)
    if not args:
        return None, False
    if args == ["--demo"]:
        return None, True
    if len(args) == 2 and args[0] == "--workspace" and args[1] and not args[1].startswith("-"):
        return Path(args[1]), False
    return None


def main(argv: Sequence[str] | None = None) -> int:
    start = window_start(sys.argv[1:] if argv is None else argv)
    if start is not None:
        from classroom_desktop.ui.app import run_app

        return run_app(workspace=start[0], demo=start[1])
    from classroom_desktop.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # chart workers in a PyInstaller bundle (30 ms to import)
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
