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
