"""Build the one-folder bundle from this checkout, then smoke-test the bundle (not the source).

    python3 installers/build.py [--out build/bundle] [--reuse-venv] [--no-smoke] [--max-mb 265]

1. a fresh virtual environment in ``OUT/venv`` with the project and its ``installers`` extra
   (the pinned PyInstaller, pypdf for the smoke test), from the project's own files;
2. ``pyinstaller installers/classroom-desktop.spec`` into ``OUT/dist/classroom-desktop``;
3. prints the build time and the bundle's size, and fails when it is over ``--max-mb``;
4. ``installers/smoke.py`` on the bundle (see there: start, print, migrations, sync, offline).

Standard library only, so any Python 3.11+ can run it; on Windows and macOS it builds that
platform's bundle (PyInstaller does not cross-compile), see installers/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installers" / "classroom-desktop.spec"
NAME = "classroom-desktop"


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of a folder, symbolic links not followed."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            files += 1
    return total, files


def step(text: str) -> None:
    print(f"== {text}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "build" / "bundle", help="where venv/, work/, dist/ go"
    )
    parser.add_argument("--reuse-venv", action="store_true", help="keep OUT/venv if it is there (not fresh)")
    parser.add_argument("--no-smoke", action="store_true", help="build only")
    parser.add_argument(
        "--max-mb", type=float, default=265.0,
        help="fail when the bundle is bigger (MB, 10^6 bytes; the aim is 250, see installers/README.md)"
    )
    args = parser.parse_args(argv)
    out = args.out.resolve()
    venv, work, dist = out / "venv", out / "work", out / "dist"
    started = time.perf_counter()

    python = venv_python(venv)
    if not (args.reuse_venv and python.exists()):
        step(f"a fresh virtual environment in {venv}")
        shutil.rmtree(venv, ignore_errors=True)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-e",
                f"{ROOT}[installers]",
            ],
            check=True,
        )
        print(f"venv: {time.perf_counter() - t:.1f} s", flush=True)
    version = subprocess.run(
        [str(python), "-c", "import PyInstaller; print(PyInstaller.__version__)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()

    step(f"PyInstaller {version}: {SPEC.relative_to(ROOT)} -> {dist / NAME}")
    shutil.rmtree(dist / NAME, ignore_errors=True)
    t = time.perf_counter()
    log = out / "pyinstaller.log"
    out.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as fh:
        done = subprocess.run(
            [
                str(python),
                "-m",
                "PyInstaller",
                str(SPEC),
                "--noconfirm",
                "--clean",
                "--log-level",
                "WARN",
                "--distpath",
                str(dist),
                "--workpath",
                str(work),
            ],
            cwd=ROOT,
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    build_seconds = time.perf_counter() - t
    if done.returncode != 0:
        print(log.read_text(encoding="utf-8", errors="replace")[-6000:])
        print(f"FAIL  PyInstaller failed (exit status {done.returncode}); its log: {log}")
        return 1
    size, files = folder_size(dist / NAME)
    print(f"build time: {build_seconds:.1f} s", flush=True)
    print(f"bundle size: {size / 1e6:.1f} MB in {files} files ({dist / NAME})", flush=True)
    if size / 1e6 > args.max_mb:
        hint = "" if shutil.which("strip") or os.name == "nt" else " (no `strip` here: install binutils)"
        print(f"FAIL  the bundle is {size / 1e6:.1f} MB, over the budget of {args.max_mb:.0f} MB{hint}")
        return 1

    if not args.no_smoke:
        step("smoke test on the bundle")
        t = time.perf_counter()
        closing = ""
        with subprocess.Popen(
            [str(python), str(ROOT / "installers" / "smoke.py"), str(dist / NAME)],
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        ) as smoke:
            assert smoke.stdout is not None
            for line in smoke.stdout:
                print(line, end="", flush=True)
                if line.startswith("smoke:"):
                    closing = line.strip()
        print(f"smoke test time: {time.perf_counter() - t:.1f} s", flush=True)
        print(f"build and smoke test: {time.perf_counter() - started:.1f} s in all", flush=True)
        print(closing or "smoke: 0 passed, 1 failed", flush=True)  # the run's closing line
        return 0 if smoke.returncode == 0 and closing.endswith(" 0 failed") else 1
    print(f"build: {time.perf_counter() - started:.1f} s in all (no smoke test)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
