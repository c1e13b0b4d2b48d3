"""The command line: the window's operations without a window (see DESIGN.md).

Exit status 0 on success, 2 on bad input with a one-line message naming what was wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from classroom_desktop import __version__

EXIT_BAD_INPUT = 2
#: How long a command waits for a window (or another command) to let go of the workspace.
WAIT_SECONDS = 5.0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="classroom-desktop", description="Classroom Desktop: a teacher's personalized-learning desktop."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the demo class")
    parser.add_argument("--workspace", type=Path, help="open the workspace kept in this folder")
    sub = parser.add_subparsers(dest="command")

    demo = sub.add_parser("demo", help="write the demo workspace into a folder")
    demo.add_argument("--out", type=Path, required=True, metavar="DIR", help="an empty folder")

    pr = sub.add_parser("print", help="print a document to a PDF file")
    pr.add_argument("kind", choices=["plans", "cards", "summary", "poster", "report", "binder",
                                     "unit-tracker", "helpers", "reassessment",
                                     "choice-board", "tracker", "certificates"])
    _where(pr)
    pr.add_argument("--student", metavar="NAME",
                    help="one student's name (plans, binder, report, choice-board, tracker, certificates)")
    pr.add_argument(
        "--paper", help="A4, Letter, A3, A2 or Tabloid (default: the paper of the computer's country)"
    )
    pr.add_argument("--tile", help="tile a poster onto A4 or Letter sheets")
    pr.add_argument("--anonymous", action="store_true", help="poster without names")
    pr.add_argument("--landscape", action="store_true", default=None, help="turn the pages sideways")
    pr.add_argument("--portrait", dest="landscape", action="store_false", help="upright pages")
    pr.add_argument(
        "--plan",
        metavar="PLAN",
        help="the group plan to print (cards, summary): its date (2026-12-02), its lesson's name, "
        "or both as DATE/LESSON; default: suggested groups for the next focus",
    )
    pr.add_argument(
        "--language",
        help="family reports in this language (en, es, fr, pt, ar); default: each family's home language",
    )
    pr.add_argument("--unit", metavar="NAME", help="unit-tracker: the unit's name (default: the first unit)")
    pr.add_argument("--standard", metavar="CODE",
                    help="helpers: the standard's code (default: the next focus)")
    pr.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="the PDF file to write")

    sy = sub.add_parser("sync", help="sync with a shared folder")
    sy.add_argument("--workspace", type=Path, required=True, dest="sync_workspace")
    sy.add_argument("--folder", type=Path, required=True)
    mode = sy.add_mutually_exclusive_group()
    mode.add_argument("--create", action="store_true", help="make a new sync repository in the folder")
    mode.add_argument("--join", action="store_true", help="join the sync repository in the folder")
    mode.add_argument("--laptops", action="store_true", help="list the laptops syncing in the folder")
    mode.add_argument(
        "--status", action="store_true", dest="sync_status",
        help="say how the last sync went and how much of the change log is kept (no sync)",
    )
    mode.add_argument(
        "--change-passphrase", action="store_true",
        help="change the class's sync passphrase (new one from CLASSROOM_SYNC_NEW_PASSPHRASE)",
    )
    mode.add_argument(
        "--remove-laptop", metavar="ID",
        help="remove a lost or stolen laptop (see --laptops): new key and new passphrase",
    )

    im = sub.add_parser("import", help="import a roster or standards file")
    im.add_argument("what", choices=["roster", "standards"])
    im.add_argument("file", type=Path, help="CSV or XLSX; a OneRoster zip or folder; a CASE JSON package")
    _where(im)
    im.add_argument("--all-classes", action="store_true", help="OneRoster: import every class of the file")
    im.add_argument("--part", default="", help="CASE: the grade or subject item to bring in (code or title)")
    im.add_argument("--peers-as-prerequisites", action="store_true",
                    help="CASE: isPeerOf links become prerequisites too (precedes always do)")

    ex = sub.add_parser("export", help="export the gradebook or a framework's standards")
    ex.add_argument("what", choices=["gradebook", "standards"])
    _where(ex)
    ex.add_argument("--out", type=Path, required=True, metavar="FILE", help="a .csv or .xlsx file to write")
    ex.add_argument("--layout", choices=["wide", "long"], default="wide",
                    help="gradebook: students × standards (wide) or one row per student and standard (long)")
    ex.add_argument("--format", choices=["csv", "canvas"], default="csv", dest="standards_format",
                    help="standards: the importer's CSV, or Canvas's Outcomes CSV")
    ex.add_argument("--framework", help="standards: the framework's name (default: the class's)")
    return parser


def _where(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--workspace", type=Path, dest="where_workspace", metavar="DIR", help="the workspace in this folder"
    )
    p.add_argument("--demo", action="store_true", dest="where_demo", help="use the demo class instead")
    p.add_argument(
        "--class", dest="class_name", metavar="NAME", help="the class's name (default: the first class)"
    )


def _open(args: argparse.Namespace, write: bool = True):  # type: ignore[no-untyped-def]
    """The workspace the command names. A command that only reads (print, export) reads beside a
    window that has it open; one that writes waits up to ``WAIT_SECONDS`` for it, then fails."""
    from classroom_desktop.domain.errors import UserError
    from classroom_desktop.i18n import _
    from classroom_desktop.services.classroom import Classroom, WorkspaceBusy

    if getattr(args, "where_demo", False):
        from classroom_desktop.services.demo import open_demo

        return open_demo()
    folder = getattr(args, "where_workspace", None)
    if folder is None:
        raise UserError(_("Say which workspace to use: --workspace DIR or --demo."))
    if write:
        return Classroom.open(folder, create=False, wait=WAIT_SECONDS)
    try:
        return Classroom.open(folder, create=False)
    except WorkspaceBusy:
        return Classroom.open(folder, create=False, read_only=True)


def _class_id(classroom, name: str | None) -> str:  # type: ignore[no-untyped-def]
    from classroom_desktop.domain.errors import UserError
    from classroom_desktop.i18n import _

    if name:
        return str(classroom.classes.find(name).id)
    classes = classroom.classes.list()
    if not classes:
        raise UserError(_("This workspace has no class yet."))
    return str(classes[0].id)


def _plan_id(classroom, class_id: str, text: str) -> str:  # type: ignore[no-untyped-def]
    from classroom_desktop.services.groups import groups_of

    return groups_of(classroom).find_plan(class_id, text)


def _standard_id(classroom, class_id: str, code: str) -> str:  # type: ignore[no-untyped-def]
    from classroom_desktop.domain.errors import UserError
    from classroom_desktop.i18n import _

    framework_id = classroom.classes.get(class_id).framework_id
    standards = classroom.curriculum.standards(framework_id) if framework_id else []
    for standard in standards:
        if standard.code.casefold() == code.strip().casefold():
            return str(standard.id)
    raise UserError(_("The class's framework has no standard with the code '{code}'.").format(code=code))


def run_command(args: argparse.Namespace) -> int:
    if args.command == "demo":
        from classroom_desktop.services.demo import write_demo

        summary = write_demo(args.out)
        print(summary)
        return 0
    if args.command == "print":
        from classroom_desktop.i18n import _, default_paper
        from classroom_desktop.services.printing import PrintOptions, print_document

        classroom = _open(args, write=False)
        try:
            class_id = _class_id(classroom, args.class_name)
            student_id = classroom.students.find(args.student).id if args.student else None
            options = PrintOptions(
                out=args.out,
                class_id=class_id,
                student_id=student_id,
                paper=args.paper or default_paper(),
                tile=args.tile,
                anonymous=args.anonymous,
                landscape=args.landscape,
                plan_id=_plan_id(classroom, class_id, args.plan) if args.plan else None,
                language=args.language,
                unit_id=classroom.units.find(class_id, args.unit).id if args.unit else None,
                standard_id=_standard_id(classroom, class_id, args.standard) if args.standard else None,
            )
            path = print_document(classroom, args.kind, options)
        finally:
            classroom.close()
        print(_("Wrote {path}").format(path=path))
        return 0
    if args.command == "sync":
        from classroom_desktop.services.sync_cli import sync_from_command_line

        print(
            sync_from_command_line(
                args.sync_workspace,
                args.folder,
                create=args.create,
                join=args.join,
                change_passphrase=args.change_passphrase,
                remove_laptop=args.remove_laptop,
                list_laptops=args.laptops,
                show_status=args.sync_status,
            )
        )
        return 0
    if args.command == "import":
        from classroom_desktop.services.importing import import_path

        classroom = _open(args)
        try:
            print(import_path(classroom, args.what, args.file, args.class_name, args.all_classes, args.part,
                              args.peers_as_prerequisites))
        finally:
            classroom.close()
        return 0
    if args.command == "export":
        from classroom_desktop.services.importing import export_gradebook, export_standards_path

        classroom = _open(args, write=False)
        try:
            if args.what == "standards":
                print(export_standards_path(classroom, args.out, args.standards_format, args.class_name,
                                            args.framework))
            else:
                print(export_gradebook(classroom, _class_id(classroom, args.class_name), args.out,
                                       args.layout))
        finally:
            classroom.close()
        return 0
    raise AssertionError(args.command)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from classroom_desktop.ui.app import run_app

        return run_app(workspace=args.workspace, demo=args.demo)
    from classroom_desktop.domain.errors import UserError
    from classroom_desktop.i18n import language_code, program_translator, set_program_language

    # Messages follow the system's language (LC_ALL, LC_MESSAGES, LANG); --help stays English.
    system = next((os.environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(v)), "")
    before = program_translator().language
    set_program_language(language_code(system))
    try:
        return run_command(args)
    except UserError as exc:
        print(f"classroom-desktop: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os._exit(0)
    finally:
        set_program_language(before)  # a caller in the same process (a test) keeps its language


if __name__ == "__main__":
    sys.exit(main())
