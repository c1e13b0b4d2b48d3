"""Smoke test of a built one-folder bundle: what a teacher does first, run by the bundle's own executable.

Run with the build's virtual environment (it has the project from source, PyInstaller and pypdf):
``python installers/smoke.py build/bundle/dist/classroom-desktop``. ``installers/build.py`` runs it
after every build. Every check prints one line, ``ok`` or ``FAIL``; the first failure ends the run
(exit status 1) with a line naming what is missing: a module, a font, a migration, a file.

1. Contents: every module of ``src/classroom_desktop`` is in the bundle's archive (also those only
   named in strings: the print table, the pages, the chart workers' preload); every shipped font and
   licence, every migration; none of what the bundle must not hold (tkinter, QtWebEngine, QtQuick,
   Qt3D, test packages, matplotlib backends other than QtAgg/Agg/SVG).
2. ``--version``.
3. ``--demo`` offscreen until the gradebook is filled (``CLASSROOM_DESKTOP_QUIT_AFTER=gradebook``),
   with no error in the program's log; the demo workspace it made is stamped with the newest migration.
4. ``print cards``, ``print poster --tile A4``, ``print plans`` of the demo: each PDF's text and
   fonts equal those of the same document printed by the source version, and every font is embedded.
5. A workspace made by the source version (one migration older, when there is an older one) opened
   by the bundle: its gradebook export equals the source's, and it is stamped with the newest migration.
6. A two-workspace ``sync`` through a folder (``--create``, then ``--join`` into a new workspace):
   the joined workspace's gradebook equals the first one's.

Offline by construction: every bundle command runs under ``strace`` (when installed) and fails on any
``AF_INET``/``AF_INET6`` socket or connection, and inside a network namespace with no interfaces
(``unshare -n``, when the machine allows it). The day is pinned (``CLASSROOM_DESKTOP_TODAY``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "classroom_desktop"
TODAY = "2026-03-16"  # a Monday in term time: the demo's groups, plans and dates are the same every run
PASSPHRASE = "smoke test passphrase 42"
TIMEOUT = 300

# Allowed matplotlib backends (the spec's hooksconfig): QtAgg on screen, Agg for PNG, SVG export.
BACKENDS = {"agg", "qtagg", "qt", "svg", "mixed"}
NOT_IN_BUNDLE_MODULES = (
    "tkinter",
    "_tkinter",
    "pytest",
    "_pytest",
    "hypothesis",
    "pytestqt",
    "pypdf",
    "mypy",
)
NOT_IN_BUNDLE_FILES = (
    "libQt6WebEngine",
    "libQt6Quick",
    "libQt63D",
    "libQt6Qml",
    "libtk",
    "libtcl",
    "_tkinter",
)


class SmokeFailure(Exception):
    pass


PASSED: list[str] = []


#: The Qt modules the program uses: widgets, SVG icons, the local socket that brings an open window
#: forward (QtNetwork, no TCP/IP), and printing from the preview (QtPrintSupport).
QT_MODULES_USED = {"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtNetwork", "QtPrintSupport"}


def ok(text: str) -> None:
    PASSED.append(text)
    print(f"ok    {text}", flush=True)


def fail(text: str) -> SmokeFailure:
    return SmokeFailure(text)


# ---- 1. contents ---------------------------------------------------------------------------------
def program_modules() -> set[str]:
    """Every module of the program, as the source tree has them (migrations are files, not modules)."""
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC.parent).with_suffix("")
        parts = list(rel.parts)
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts.pop()
        if parts[-1] == "__main__":
            continue  # the bundle's entry script itself
        names.add(".".join(parts))
    return names


def bundled_modules(exe: Path) -> set[str]:
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(exe))
    pyz = [name for name in archive.toc if name.endswith(".pyz")]
    if not pyz:
        raise fail(f"{exe} holds no Python archive (PYZ): not a PyInstaller bundle?")
    return set(archive.open_embedded_archive(pyz[0]).toc)


def check_contents(bundle: Path, exe: Path) -> None:
    internal = bundle / "_internal"
    if not internal.is_dir():
        internal = bundle  # PyInstaller < 6 put everything beside the executable
    modules = bundled_modules(exe)
    missing = sorted(program_modules() - modules)
    if missing:
        raise fail(
            f"missing module(s) in the bundle: {', '.join(missing)} (add them to the spec's hiddenimports)"
        )
    ok(f"all {len(program_modules())} program modules are in the bundle")

    fonts = sorted(p.name for p in (ROOT / "resources" / "fonts").iterdir())
    missing = [name for name in fonts if not (internal / "resources" / "fonts" / name).is_file()]
    if missing:
        raise fail(f"missing font file(s) in the bundle: {', '.join(missing)} (the spec's datas: resources/)")
    ok(f"all {len(fonts)} font and licence files are in the bundle")

    migrations = SRC / "store" / "migrations"
    wanted = [
        p.relative_to(migrations)
        for p in migrations.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    here = internal / "classroom_desktop" / "store" / "migrations"
    missing = [str(rel) for rel in wanted if not (here / rel).is_file()]
    if missing:
        raise fail(f"missing migration file(s) in the bundle: {', '.join(missing)}")
    ok(f"all {len(wanted)} migration files are in the bundle")

    unwanted = sorted(m for m in modules if m.split(".")[0] in NOT_IN_BUNDLE_MODULES)
    backends = sorted(
        m
        for m in modules
        if m.startswith("matplotlib.backends.backend_") and m.rsplit("_", 1)[-1] not in BACKENDS
    )
    files = sorted(
        str(p.relative_to(bundle))
        for p in bundle.rglob("*")
        if any(p.name.startswith(x) for x in NOT_IN_BUNDLE_FILES)
    )
    qt_modules = sorted(p.name for p in (internal / "PySide6").glob("Qt*.so")) + sorted(
        p.name for p in (internal / "PySide6").glob("Qt*.pyd")
    )
    extra_qt = [n for n in qt_modules if n.split(".")[0] not in QT_MODULES_USED]
    if unwanted or backends or files or extra_qt:
        raise fail(
            "the bundle holds what the program does not use: "
            + ", ".join(unwanted + backends + files + extra_qt)
        )
    ok("no tkinter, QtWebEngine, QtQuick, Qt3D, test packages or unused matplotlib backends")


# ---- running the bundle --------------------------------------------------------------------------
class Runner:
    """Runs the bundle's executable (or the source version) in a private home, offline, on a pinned day."""

    def __init__(self, exe: Path, work: Path) -> None:
        self.exe, self.work = exe, work
        home = work / "home"
        self.env = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("PYTHON", "CLASSROOM_", "QT_", "XDG_"))
            },
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_RUNTIME_DIR": str(home / "run"),
            "MPLCONFIGDIR": str(home / "mpl"),
            "QT_QPA_PLATFORM": "offscreen",
            "CLASSROOM_DESKTOP_TODAY": TODAY,
            "CLASSROOM_DESKTOP_TODAY_SINCE": "1773648000",  # same clock in every process of the run
            "CLASSROOM_SYNC_PASSPHRASE": PASSPHRASE,
        }
        (home / "run").mkdir(parents=True, exist_ok=True)
        os.chmod(home / "run", 0o700)
        self.strace = shutil.which("strace")
        self.unshare = _unshare_works()
        self.count = 0

    def describe_offline(self) -> str:
        ways = []
        if self.strace:
            ways.append("strace watching for AF_INET/AF_INET6 sockets")
        if self.unshare:
            ways.append("a network namespace without interfaces (unshare -n)")
        return " and ".join(ways) if ways else "NOT CHECKED (neither strace nor unshare -n here)"

    def bundle(
        self,
        *args: str,
        extra: dict[str, str] | None = None,
        what: str = "",
        timeout: float = TIMEOUT,
        hint: str = "",
    ) -> tuple[str, float]:
        """Run the bundle with ``args``; returns (stdout, seconds). Fails on error, time-out, network use."""
        self.count += 1
        trace = self.work / f"strace-{self.count}.log"
        cmd = [str(self.exe), *args]
        if self.strace:
            cmd = [
                self.strace,
                "-f",
                "-qq",
                "-e",
                "trace=socket,connect",
                "-e",
                "signal=none",
                "-o",
                str(trace),
                *cmd,
            ]
        if self.unshare:
            cmd = ["unshare", "-n", *cmd]
        out, seconds = self._run(cmd, {**self.env, **(extra or {})}, what or " ".join(args), timeout, hint)
        if self.strace:
            network = [
                line.split(None, 1)[-1]
                for line in trace.read_text(errors="replace").splitlines()
                if re.search(r"AF_INET6?\b|sa_family=AF_INET", line)
            ]
            if network:
                raise fail(f"the bundle used the network during '{what or ' '.join(args)}': {network[:3]}")
        return out, seconds

    def source(self, *args: str, what: str = "") -> str:
        """Run the source version (this virtual environment's ``python -m classroom_desktop``)."""
        env = {**self.env, "PYTHONPATH": str(ROOT / "src")}
        return self._run(
            [sys.executable, "-m", "classroom_desktop", *args], env, what or f"source {' '.join(args)}"
        )[0]

    def _run(
        self, cmd: list[str], env: dict[str, str], what: str, timeout: float = TIMEOUT, hint: str = ""
    ) -> tuple[str, float]:
        start = time.perf_counter()
        try:
            done = subprocess.run(
                cmd, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired as exc:
            tail = (exc.stderr or b"")[-2000:]
            raise fail(
                f"'{what}' did not finish in {timeout:.0f} s{hint}; its last output: {tail!r}"
            ) from exc
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            missing = re.findall(
                r"(ModuleNotFoundError: .*|FileNotFoundError: .*|No such file.*)", done.stderr
            )
            first = missing[0] if missing else done.stderr.strip().splitlines()[-1:] or ["(no message)"]
            raise fail(
                f"'{what}' failed with exit status {done.returncode}: {first}\n--- its error output ---\n"
                f"{done.stderr[-4000:]}"
            )
        return done.stdout, seconds


def _unshare_works() -> bool:
    if not shutil.which("unshare") or os.environ.get("CLASSROOM_SMOKE_NO_UNSHARE"):
        return False
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


# ---- PDFs ----------------------------------------------------------------------------------------
def pdf_facts(path: Path) -> tuple[int, str, set[str], list[str]]:
    """(pages, text, names of the fonts that draw text, those of them not embedded) of a PDF.

    A font only named in a page's resources draws nothing (reportlab names Helvetica on every page).
    """
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    fonts: set[str] = set()
    not_embedded: set[str] = set()

    def font_facts(font) -> tuple[str, bool]:  # type: ignore[no-untyped-def]
        font = font.get_object()
        name = str(font.get("/BaseFont", "?")).lstrip("/").split("+", 1)[-1]
        if font.get("/Subtype") == "/Type3":
            return name, True
        desc = font.get("/FontDescriptor")
        if font.get("/Subtype") == "/Type0":
            desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        desc = desc.get_object() if desc is not None else None
        return name, desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))

    def visit(content, resources) -> None:  # type: ignore[no-untyped-def]
        resources = resources.get_object() if resources is not None else {}
        table = resources.get("/Font") or {}
        current = None
        for operands, operator in ContentStream(content, reader).operations:
            if operator == b"Tf":
                current = table.get(operands[0])
            elif operator in (b"Tj", b"TJ", b"'", b'"') and current is not None:
                name, embedded = font_facts(current)
                fonts.add(name)
                if not embedded:
                    not_embedded.add(name)
            elif operator == b"Do":
                xobject = (resources.get("/XObject") or {}).get(operands[0])
                if xobject is not None and xobject.get_object().get("/Subtype") == "/Form":
                    form = xobject.get_object()
                    visit(form, form.get("/Resources") or resources)

    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            visit(contents, page.get("/Resources"))
    return len(reader.pages), text, fonts, sorted(not_embedded)


def check_pdf(kind: str, bundled: Path, source: Path) -> str:
    if not bundled.is_file() or bundled.stat().st_size == 0:
        raise fail(f"print {kind}: the bundle wrote no PDF at {bundled}")
    pages, text, fonts, not_embedded = pdf_facts(bundled)
    src_pages, src_text, src_fonts, _ = pdf_facts(source)
    if not_embedded:
        raise fail(f"print {kind}: font(s) not embedded in the PDF: {', '.join(not_embedded)}")
    if fonts != src_fonts:
        raise fail(
            f"print {kind}: the bundle's PDF uses fonts {sorted(fonts)}, the source's {sorted(src_fonts)} "
            "(a font file missing from the bundle?)"
        )
    if (pages, text) != (src_pages, src_text):
        a, b = text.splitlines(), src_text.splitlines()
        diff = next((f"bundle {x!r} vs source {y!r}" for x, y in zip(a, b, strict=False) if x != y), "length")
        raise fail(
            f"print {kind}: the bundle's PDF ({pages} pages) differs from the source's ({src_pages}): {diff}"
        )
    if "\u25a1" in text or "\ufffd" in text:
        raise fail(f"print {kind}: the PDF's text holds replacement characters (tofu)")
    return f"{pages} pages, fonts {', '.join(sorted(fonts))}, all embedded, text equal to the source's"


# ---- migrations ----------------------------------------------------------------------------------
def head_and_previous() -> tuple[str, str | None]:
    sys.path.insert(0, str(ROOT / "src"))
    from alembic.script import ScriptDirectory

    from classroom_desktop.store.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    down = script.get_revision(head).down_revision
    return head, down if isinstance(down, str) else None


def downgrade(db: Path, revision: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from classroom_desktop.store.migrate import alembic_config

    engine = create_engine(f"sqlite:///{db}")
    try:
        command.downgrade(alembic_config(engine), revision)
    finally:
        engine.dispose()


def stamped(db: Path) -> str | None:
    con = sqlite3.connect(db)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()
    return None if row is None else str(row[0])


def find_db(folder: Path) -> Path:
    found = sorted(folder.rglob("classroom.sqlite3"))
    if not found:
        raise fail(f"no workspace database under {folder}")
    return found[0]


# ---- the run -------------------------------------------------------------------------------------
def smoke(bundle: Path, work: Path) -> dict[str, float]:
    exe = bundle / ("classroom-desktop.exe" if os.name == "nt" else "classroom-desktop")
    if not exe.is_file():
        raise fail(f"no executable at {exe}: was the bundle built?")
    check_contents(bundle, exe)
    run = Runner(exe, work)
    print(f"note  offline check: {run.describe_offline()}; day pinned to {TODAY}", flush=True)
    figures: dict[str, float] = {}

    sys.path.insert(0, str(ROOT / "src"))
    from classroom_desktop import __version__

    out, _ = run.bundle("--version")
    if out.strip() != f"classroom-desktop {__version__}":
        raise fail(f"--version printed {out.strip()!r}, expected 'classroom-desktop {__version__}'")
    ok(f"--version: {out.strip()}")

    _, seconds = run.bundle(
        "--demo",
        extra={"CLASSROOM_DESKTOP_QUIT_AFTER": "gradebook"},
        what="--demo until the gradebook is filled",
        timeout=180,
        hint=" (the gradebook was never filled: a page missing from the bundle shows as a placeholder)",
    )
    figures["gradebook"] = seconds
    logs = list((work / "home").rglob("*.log"))
    errors = [
        line
        for log in logs
        for line in log.read_text(errors="replace").splitlines()
        if " ERROR " in line or "could not be loaded" in line or "Traceback" in line
    ]
    if errors:
        raise fail(f"--demo logged errors: {errors[:5]}")
    head, previous = head_and_previous()
    demo_db = find_db(work / "home" / "data")
    if stamped(demo_db) != head:
        raise fail(f"the demo workspace the bundle made is at migration {stamped(demo_db)!r}, not {head!r}")
    ok(
        f"--demo filled the gradebook in {seconds:.1f} s (offscreen); "
        f"new workspace migrated to {head} in the bundle"
    )

    pdfs = work / "pdf"
    pdfs.mkdir()
    for kind, extra in (("cards", []), ("poster", ["--tile", "A4"]), ("plans", [])):
        bundled, source = pdfs / f"{kind}.pdf", pdfs / f"{kind}-source.pdf"
        _, seconds = run.bundle("print", kind, "--demo", *extra, "--out", str(bundled))
        run.source("print", kind, "--demo", *extra, "--out", str(source))
        figures[f"print {kind}"] = seconds
        ok(
            f"print {kind} {' '.join(extra)}".strip()
            + f" in {seconds:.1f} s: {check_pdf(kind, bundled, source)}"
        )

    # The family's language: the catalogues and Babel's locale data are inside the bundle.
    spanish = pdfs / "report-es.pdf"
    run.bundle("print", "report", "--demo", "--student", "Kenji Watanabe", "--language", "es",
               "--out", str(spanish))
    words = " ".join(pdf_facts(spanish)[1].split())
    for expected in ("Informe de progreso", "Cómo leer este informe", "Página 1"):
        if expected not in words:
            raise fail(f"the Spanish family report from the bundle lacks {expected!r}: {words[:120]!r}")
    ok("print report --language es: the family report in Spanish (catalogue and dates bundled)")

    made = work / "made-by-source"
    run.source("demo", "--out", str(made))
    db = made / "classroom.sqlite3"
    source_csv, bundle_csv = work / "gradebook-source.csv", work / "gradebook-bundle.csv"
    run.source("export", "gradebook", "--workspace", str(made), "--out", str(source_csv))
    if previous is not None:
        downgrade(db, previous)
        note = f"downgraded to {previous}, upgraded by the bundle to {head}"
    else:
        note = f"at {head}, the only migration (the bundle ran it on its own new workspace above)"
    run.bundle("export", "gradebook", "--workspace", str(made), "--out", str(bundle_csv))
    if stamped(db) != head:
        raise fail(f"the bundle left the source-made workspace at migration {stamped(db)!r}, not {head!r}")
    if previous is None and bundle_csv.read_bytes() != source_csv.read_bytes():
        raise fail("the bundle's gradebook export of a source-made workspace differs from the source's")
    ok(f"opened a workspace made by the source version ({note}); gradebook export equal to the source's")

    share, joined = work / "share", work / "joined"
    share.mkdir()
    first, seconds = run.bundle("sync", "--workspace", str(made), "--folder", str(share), "--create")
    second, _ = run.bundle("sync", "--workspace", str(joined), "--folder", str(share), "--join")
    run.bundle("sync", "--workspace", str(made), "--folder", str(share))
    joined_csv = work / "gradebook-joined.csv"
    run.bundle("export", "gradebook", "--workspace", str(joined), "--out", str(joined_csv))
    if joined_csv.read_bytes() != bundle_csv.read_bytes():
        raise fail("after a two-workspace sync the joined workspace's gradebook differs from the first one's")
    figures["sync"] = seconds
    ok(f"two-workspace sync through a folder: joined workspace's gradebook equal ({first.strip()[:60]!r})")
    if sys.platform.startswith("linux"):
        check_install(bundle, work, run)
    print(f"note  {run.count} bundle commands ran; no network use seen", flush=True)
    return figures


def check_install(bundle: Path, work: Path, run: Runner) -> None:
    """Linux: the bundle's install.sh puts it into a private ~/.local, without root, and takes it out."""
    ident = "org.classroomdesktop.ClassroomDesktop"
    script = bundle / "install.sh"
    if not script.is_file():
        raise fail(f"the bundle lacks install.sh ({script})")
    prefix = work / "home" / ".local"
    env = {**run.env, "PREFIX": str(prefix)}
    done = subprocess.run(["sh", str(script)], env=env, capture_output=True, text=True, timeout=TIMEOUT)
    if done.returncode != 0:
        raise fail(f"install.sh failed: {done.stderr.strip()[-2000:]}")
    share = prefix / "share"
    wanted = [
        prefix / "bin" / "classroom-desktop",
        share / "applications" / f"{ident}.desktop",
        share / "metainfo" / f"{ident}.metainfo.xml",
        share / "icons" / "hicolor" / "scalable" / "apps" / f"{ident}.svg",
        share / "icons" / "hicolor" / "256x256" / "apps" / f"{ident}.png",
    ]
    missing = [str(p) for p in wanted if not p.exists()]
    if missing:
        raise fail(f"install.sh did not install: {', '.join(missing)}")
    installed = Runner(prefix / "bin" / "classroom-desktop", work)
    installed.count = run.count
    out, _ = installed.bundle("--version", what="the installed command --version")
    run.count = installed.count
    checks = []
    for tool, path in (
        ("desktop-file-validate", share / "applications" / f"{ident}.desktop"),
        ("appstreamcli", share / "metainfo" / f"{ident}.metainfo.xml"),
    ):
        if shutil.which(tool):
            cmd = [tool, "validate", "--no-net", str(path)] if tool == "appstreamcli" else [tool, str(path)]
            valid = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
            if valid.returncode != 0:
                raise fail(f"{tool} {path.name}: {(valid.stdout + valid.stderr).strip()[-1500:]}")
            checks.append(tool)
    subprocess.run(["sh", str(script), "--uninstall"], env=env, check=True, capture_output=True, timeout=120)
    left = [str(p) for p in wanted if p.exists() or p.is_symlink()]
    if left or (prefix / "lib" / "classroom-desktop").exists():
        raise fail(f"install.sh --uninstall left: {left or [prefix / 'lib' / 'classroom-desktop']}")
    valid_note = f", valid by {' and '.join(checks)}" if checks else " (no validator installed here)"
    ok(
        f"install.sh into ~/.local without root: command ({out.strip()}), menu entry, metainfo, icons"
        f"{valid_note}; --uninstall removes them"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the one-folder bundle (dist/classroom-desktop)")
    parser.add_argument("--keep", action="store_true", help="keep the smoke test's files")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="classroom-smoke-"))
    try:
        smoke(args.bundle.resolve(), work)
    except SmokeFailure as exc:
        print(f"FAIL  {exc}", flush=True)
        print(f"smoke test: FAILED (files kept in {work})", flush=True)
        print(f"smoke: {len(PASSED)} passed, 1 failed", flush=True)
        return 1
    if args.keep:
        print(f"smoke test files kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(f"smoke: {len(PASSED)} passed, 0 failed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
