"""What a file is, judged from its bytes (never from its name): text (and its encoding), JSON, an XLSX
workbook, a zip (a OneRoster export), an old Excel or PDF file, or binary data.

An importer asks :func:`sniff` first and refuses anything it cannot read with one line saying what the
file is and what it wants, before spending time or memory on it.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import N_, _

#: The largest file an importer reads (a big CASE framework is a few MB; a class list is kilobytes).
MAX_BYTES = 32 * 1024 * 1024

_SAMPLE = 8192
_DESCRIPTIONS = {
    "text": N_("a text file"),
    "json": N_("a JSON file"),
    "xlsx": N_("an Excel workbook (.xlsx)"),
    "zip": N_("a zip archive"),
    "xls": N_("an old Excel workbook (.xls)"),
    "pdf": N_("a PDF document"),
    "binary": N_("binary data, not text"),
    "empty": N_("an empty file"),
}


@dataclass(frozen=True)
class FileKind:
    """``kind`` is one of: text, json, xlsx, zip, xls, pdf, binary, empty. ``encoding`` for text/json."""

    kind: str
    encoding: str = ""
    #: for a zip: the names of its members
    members: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        """What the file is, in the program's language ("an Excel workbook (.xlsx)")."""
        return _(_DESCRIPTIONS[self.kind])

    @property
    def is_oneroster(self) -> bool:
        names = {m.rsplit("/", 1)[-1].lower() for m in self.members}
        return self.kind == "zip" and "users.csv" in names


def _utf16_without_bom(sample: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when the bytes look like UTF-16 text saved without a byte order mark."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_zeros = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd_zeros = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd_zeros > 0.4 * pairs and even_zeros < 0.05 * pairs:
        return "utf-16-le"
    if even_zeros > 0.4 * pairs and odd_zeros < 0.05 * pairs:
        return "utf-16-be"
    if even_zeros + odd_zeros:  # text mostly outside Latin (Arabic, CJK…): judge by what it decodes to
        for encoding in ("utf-16-le", "utf-16-be"):
            text = sample[: pairs * 2].decode(encoding, errors="replace")
            readable = sum(1 for ch in text if ch.isprintable() or ch in "\t\r\n")
            if readable >= 0.97 * len(text) and "\ufffd" not in text and "\x00" not in text:
                return encoding
    return None


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > 0.02 * max(len(sample), 1)


def text_encoding(data: bytes) -> str | None:
    """The encoding of ``data`` if it is text (BOMs honoured, UTF-16 without BOM found), else None."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:_SAMPLE]
    utf16 = _utf16_without_bom(sample[: len(sample) // 2 * 2])
    if utf16:
        return utf16
    if _looks_binary(sample):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and its encoding (see :func:`text_encoding`); binary data is refused.

    Raises:
        UserError: the bytes are not text.
    """
    encoding = text_encoding(data)
    if encoding is None:
        raise UserError(_("The file holds binary data, not text."))
    if encoding == "utf-8-sig":
        return data[3:].decode("utf-8", errors="replace"), encoding
    return data.decode(encoding, errors="replace"), encoding


def sniff(data: bytes) -> FileKind:
    """What ``data`` holds, from its first bytes (and a zip's table of contents)."""
    if not data.strip():
        return FileKind("empty")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = tuple(archive.namelist())
        except zipfile.BadZipFile:
            return FileKind("binary")
        if "xl/workbook.xml" in members:
            return FileKind("xlsx", members=members)
        return FileKind("zip", members=members)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return FileKind("xls")
    if data.startswith(b"%PDF"):
        return FileKind("pdf")
    encoding = text_encoding(data)
    if encoding is None:
        return FileKind("binary")
    text, _encoding = decode(data)
    if text.lstrip()[:1] == "{" or (text.lstrip()[:1] == "[" and _parses(text)):
        return FileKind("json", encoding)  # broken JSON too: its reader says where it breaks
    return FileKind("text", encoding)


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def refuse(kind: FileKind, wants: str) -> UserError:
    """The one-line error for a file an importer cannot read: what it is, what is wanted."""
    return UserError(_("This file is {kind}; {wants}.").format(kind=kind.description, wants=_(wants)))


def too_large(size: int, wants: str) -> UserError:
    message = _(
        "This file is {size} MB, too large to be a class list or a framework (at most {most} MB); {wants}."
    )
    most = MAX_BYTES // 1024 // 1024
    return UserError(message.format(size=f"{size / 1024 / 1024:.0f}", most=most, wants=_(wants)))
