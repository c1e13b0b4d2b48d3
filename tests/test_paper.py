"""The paper a print starts on follows the computer's country: Letter where schools use it, else A4."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from classroom_desktop.i18n import default_paper


@pytest.mark.parametrize(
    ("locale_name", "paper"),
    [
        ("en_US.UTF-8", "Letter"),
        ("es_MX.UTF-8", "Letter"),
        ("en_CA", "Letter"),
        ("fr_FR.UTF-8", "A4"),
        ("sw_KE.UTF-8", "A4"),
        ("pt_BR.UTF-8", "A4"),
        ("C.UTF-8", "A4"),  # no country: A4, the world's usual paper
        ("", "A4"),
    ],
)
def test_the_default_paper_follows_the_country(locale_name: str, paper: str) -> None:
    assert default_paper(locale_name) == paper


def test_the_paper_variable_wins_over_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.setenv("LC_PAPER", "en_US.UTF-8")
    assert default_paper() == "Letter"


def test_printing_from_the_command_line_in_the_us_starts_on_letter(tmp_path: Path, demo: Any) -> None:
    folder = demo.folder
    demo.close()
    out = tmp_path / "cards.pdf"
    env = {**os.environ, "LC_PAPER": "en_US.UTF-8"}
    env.pop("LC_ALL", None)
    command = ["print", "cards", "--workspace", str(folder), "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "classroom_desktop", *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    box = PdfReader(out).pages[0].mediabox
    assert sorted((round(float(box.width)), round(float(box.height)))) == [612, 792]  # 8.5 × 11 in
