"""The command line's messages follow the system's language; the process keeps its own language after."""

from __future__ import annotations

from pathlib import Path

import pytest

from classroom_desktop.cli import main
from classroom_desktop.i18n import program_translator


def test_a_bad_command_says_what_is_wrong_in_the_systems_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("LC_ALL", "es_ES.UTF-8")
    assert main(["export", "gradebook", "--out", str(tmp_path / "notas.csv")]) == 2
    assert capsys.readouterr().err.strip() == (
        "classroom-desktop: Indique qué espacio de trabajo usar: --workspace DIR o --demo."
    )
    assert program_translator().language == "en"  # the language of the process is put back


def test_a_system_without_a_language_gets_english(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert main(["export", "gradebook", "--out", str(tmp_path / "marks.csv")]) == 2
    assert "Say which workspace to use" in capsys.readouterr().err


def _spanish_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> str:
    monkeypatch.setenv("LC_ALL", "es_ES.UTF-8")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1  # one line, for a script's log
    return err.strip()


def test_a_folder_without_a_class_is_named_in_spanish(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    err = _spanish_error(
        monkeypatch,
        capsys,
        ["export", "gradebook", "--workspace", str(tmp_path), "--out", str(tmp_path / "n.csv")],
    )
    assert err == f"classroom-desktop: No hay ningún espacio de trabajo de clase en {tmp_path}."


def test_an_unknown_class_and_student_are_refused_in_spanish(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from classroom_desktop.services.classroom import Classroom

    workspace = tmp_path / "ws"
    c = Classroom.open(workspace)
    c.classes.create("4B")
    c.close()
    out = str(tmp_path / "x.pdf")
    err = _spanish_error(
        monkeypatch, capsys, ["print", "report", "--workspace", str(workspace), "--class", "5A", "--out", out]
    )
    assert err == "classroom-desktop: No hay ninguna clase llamada «5A». Clases: 4B."
    err = _spanish_error(
        monkeypatch,
        capsys,
        ["print", "report", "--workspace", str(workspace), "--student", "Nadie", "--out", out],
    )
    assert err == "classroom-desktop: No hay ningún estudiante llamado «Nadie»."


def test_a_workspace_from_a_newer_version_is_refused_in_spanish(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import sqlite3

    from classroom_desktop.services.classroom import Classroom
    from classroom_desktop.store.engine import DB_NAME

    workspace = tmp_path / "ws"
    Classroom.open(workspace).close()
    con = sqlite3.connect(workspace / DB_NAME)
    con.execute("UPDATE alembic_version SET version_num = '9f9f'")
    con.commit()
    con.close()
    err = _spanish_error(
        monkeypatch,
        capsys,
        ["export", "gradebook", "--workspace", str(workspace), "--out", str(tmp_path / "n.csv")],
    )
    assert err == (
        f"classroom-desktop: La clase de {workspace} se guardó con una versión más reciente de "
        "Classroom Desktop; actualice la aplicación para abrirla (no se cambió nada)."
    )


def test_a_sync_without_a_passphrase_is_refused_in_spanish(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import getpass

    def no_terminal(prompt: str = "") -> str:
        assert prompt == "Frase de contraseña de sincronización de la clase: "  # the question, in Spanish too
        raise EOFError

    monkeypatch.delenv("CLASSROOM_SYNC_PASSPHRASE", raising=False)
    monkeypatch.setattr(getpass, "getpass", no_terminal)
    share = tmp_path / "share"
    share.mkdir()
    err = _spanish_error(
        monkeypatch, capsys, ["sync", "--workspace", str(tmp_path / "ws"), "--folder", str(share), "--create"]
    )
    assert err == (
        "classroom-desktop: No se dio ninguna frase de contraseña: defina la variable "
        "CLASSROOM_SYNC_PASSPHRASE o ejecute esto en una terminal."
    )
