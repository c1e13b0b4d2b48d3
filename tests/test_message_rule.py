"""Every message a teacher reads goes through ``_()``: no ``raise UserError("…English…")`` in the
layers under the window (an AST walk, like ``tests/test_clock_rule.py``).

A raise of a :class:`UserError` (or of one of its kinds that takes a message) whose message is a
plain string, an f-string, a string joined with ``+`` or a plain string's ``.format(…)`` is refused;
``_("…")``, ``ngettext(…)``, their ``.format(…)``, and names or calls holding an already translated
text pass.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "classroom_desktop"
#: Where the rule applies: the layers under the window, and the command line. (``domain/`` marks
#: its sentences with ``N_`` and gives the values to ``UserError``, which translates them.)
CHECKED = ["domain", "services", "store", "sync", "reports", "interop", "cli.py", "files.py"]
#: Errors a teacher reads (UserError and its kinds that are raised with a message).
USER_ERRORS = {"UserError", "DamagedFile", "Forged", "WrongPassphrase", "NewerFormat", "ShareUnavailable"}
#: Files left out of the rule (none: every file's messages are translated).
NOT_YET: set[str] = set()
TRANSLATORS = {"_", "N_", "ngettext"}


def _called(node: ast.expr) -> str | None:
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name):
            return node.func.id
        if isinstance(node.func, ast.Attribute):
            return node.func.attr
    return None


def _is_english(node: ast.expr) -> bool:
    """True when ``node`` builds a message from text not passed through a translator."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(node.value.strip())
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and str(v.value).strip() for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_english(node.left) or _is_english(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_english(node.func.value)
    if isinstance(node, ast.IfExp):
        return _is_english(node.body) or _is_english(node.orelse)
    return False


def untranslated_raises(source: str) -> list[int]:
    """The lines of ``source`` that raise a teacher's error with a message not put through ``_()``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
            continue
        name = _called(node.exc)
        if name not in USER_ERRORS or not node.exc.args:
            continue
        if _is_english(node.exc.args[0]):
            found.append(node.lineno)
    return found


def _files() -> list[Path]:
    files: list[Path] = []
    for part in CHECKED:
        path = PACKAGE / part
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return [p for p in files if p.relative_to(PACKAGE).as_posix() not in NOT_YET]


def test_teachers_errors_under_the_window_are_translated() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _files()
        for line in untranslated_raises(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "wrap the message in _() (and add it to the catalogues):\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "code",
    [
        'raise UserError("That class could not be found.")',
        'raise UserError(f"There is no class called {name!r}.")',
        'raise UserError("There is no class called {name}.".format(name=name))',
        'raise UserError("Sync incomplete: " + reason)',
        'raise UserError(\n    "A long message "\n    "in two parts."\n)',
        'raise DamagedFile("A key file in the sync folder is damaged.") from None',
        'raise UserError("one" if many else "two")',
    ],
)
def test_the_rule_catches_an_english_message(code: str) -> None:
    assert untranslated_raises(code) == [1]


@pytest.mark.parametrize(
    "code",
    [
        'raise UserError(_("That class could not be found."))',
        'raise UserError(_("There is no class called {name}.").format(name=name))',
        'raise UserError(ngettext("{count} student", "{count} students", n).format(count=n))',
        "raise UserError(not_found_message(what))",
        "raise UserError(message) from exc",
        "raise DamagedFile(KEY_FILE_DAMAGED)",
        'raise ValueError(f"unknown fields: {sorted(unknown)}")  # a bug, not a teacher\'s message',
    ],
)
def test_the_rule_lets_translated_messages_pass(code: str) -> None:
    assert untranslated_raises(code) == []


def test_the_rule_would_have_caught_the_old_not_found_message() -> None:
    old = (
        "def require(self, model, entity_id, what):\n"
        "    if row is None:\n"
        '        raise UserError(f"That {what} could not be found. "\n'
        '                        "It may have been deleted on another laptop.")\n'
    )
    assert untranslated_raises(old) == [3]


def test_every_row_the_code_requires_has_its_own_not_found_sentence() -> None:
    """``tx.require(Model, id, "what")`` and ``clean_name(name, "what")``: each "what" has a whole
    sentence in ``store/not_found.py`` (else the teacher reads the vaguer one for anything)."""
    from classroom_desktop.store.not_found import NEEDS_A_NAME, NOT_FOUND

    required, named = set(), set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = _called(node) if isinstance(node, ast.Call) else None
            args = node.args if isinstance(node, ast.Call) else []
            if name == "require" and len(args) == 3 and isinstance(args[2], ast.Constant):
                required.add(args[2].value)
            if name == "clean_name" and len(args) == 2 and isinstance(args[1], ast.Constant):
                named.add(args[1].value)
    assert {"student", "plan step", "class"} <= required
    assert required - set(NOT_FOUND) == set()
    assert named - set(NEEDS_A_NAME) == set()
