"""Helpers for the practices tests (choice boards, trackers, certificates)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """The text of a PDF as pdftotext reads it (what a teacher would see printed)."""
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_words(path: Path) -> str:
    """The PDF's text through pypdf, NFKC-normalised (Arabic comes out as letters, not glyph forms)."""
    import unicodedata

    from pypdf import PdfReader

    return "\n".join(unicodedata.normalize("NFKC", p.extract_text()) for p in PdfReader(str(path)).pages)
