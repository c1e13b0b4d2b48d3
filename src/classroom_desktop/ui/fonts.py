"""The window's fonts: the shipped families, under names no system font has, in the PDFs' fallback order.

Qt picks a font by family name, and a system font with the same name as a shipped one wins over
it (a system ``DroidSansFallbackFull.ttf`` is also called "Droid Sans Fallback", and it has no
Korean). So each shipped file is renamed in memory (its ``name`` table is rewritten) to the
name the PDFs give it ("ClassroomArabic", "ClassroomCJK", …) before it is added to Qt, and the
application font lists those families in the PDFs' order (:data:`reports.fonts.FAMILIES`) with
the system's font last: every run of text is drawn by the first family that has its script.

Scripts whose letters are drawn small next to Latin ones at the same point size (Arabic's body is
about 0.7 of the Latin x-height) are enlarged in the same pass: their ``unitsPerEm`` is lowered,
which scales every glyph, its metrics and its hinting alike, so that the height of the script's
body letters reaches :data:`BODY_TARGETS` times the Latin x-height.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont

from classroom_desktop.ui.font_scripts import with_every_script

#: Per family: the letters whose height is the script's body (for Latin, "x"), and the height
#: the body should have, as a multiple of the Latin x-height, to look the size of a Latin name.
BODY_TARGETS: dict[str, tuple[str, float]] = {
    "ClassroomArabic": ("سص", 0.88),
    "ClassroomHebrew": ("הם", 1.2),
    "ClassroomDevanagari": ("कम", 1.3),
    "ClassroomBengali": ("কম", 1.3),
    "ClassroomGurmukhi": ("ਕਮ", 1.3),
}
LATIN_BODY = "x"
#: A change smaller than this is not worth making (and keeps the font byte-for-byte as shipped).
MIN_CHANGE = 0.03


@dataclass(frozen=True)
class WindowFont:
    """One shipped face as the window knows it."""

    family: str
    path: Path
    bold: bool
    scale: float


def body_height(data: bytes, letters: str) -> float:
    """The height above the baseline of ``letters``' ink in the font file ``data``, in ems (the tallest)."""
    raw = QRawFont(QByteArray(data), 1000.0)
    heights = [-raw.boundingRect(glyph).top() for glyph in raw.glyphIndexesForString(letters) if glyph]
    return max(heights, default=0.0) / 1000.0


@cache
def latin_x_height() -> float:
    """The x-height of the window's Latin face (the first of the chain), in ems."""
    from classroom_desktop.reports.fonts import FAMILIES
    from classroom_desktop.resources import resource_path

    return body_height(resource_path("fonts", FAMILIES[0].regular_file).read_bytes(), LATIN_BODY)


def renamed(data: bytes, family: str, bold: bool, scale: float = 1.0) -> bytes:
    """The font file ``data`` with its family called ``family`` (and its glyphs ``scale`` times larger).

    Only the ``name`` table, the em size in ``head`` and the script list of ``GSUB`` (see
    :mod:`ui.font_scripts`) change; every other table is copied as it is, so this takes a moment
    even for the 4 MB CJK face.
    """
    style = "Bold" if bold else "Regular"
    names = {1: family, 2: style, 3: f"{family}-{style};classroom-desktop", 4: f"{family} {style}",
             6: f"{family}-{style}"}
    tables = {b"name": _name_table(_table(data, b"name"), names)}
    gsub = with_every_script(_table(data, b"GSUB") if _has_table(data, b"GSUB") else None)
    if gsub is not None:  # Qt then hands each complex script on to its family without a warning
        tables[b"GSUB"] = gsub
    if abs(scale - 1.0) >= MIN_CHANGE:
        head = bytearray(_table(data, b"head"))
        upm = struct.unpack_from(">H", head, 18)[0]
        struct.pack_into(">H", head, 18, max(16, round(upm / scale)))
        tables[b"head"] = bytes(head)
    return _rebuild(data, tables)


def _name_table(old: bytes, names: dict[int, str]) -> bytes:
    """A ``name`` table (format 0) keeping ``old``'s other records (copyright, licence…) and saying ``names``.

    Family, style and full names of other kinds (typographic, WWS) are dropped, so no record
    still carries the shipped name.
    """
    _format, count, storage = struct.unpack_from(">HHH", old, 0)
    records: list[tuple[int, int, int, int, bytes]] = []
    for k in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(">6H", old, 6 + 12 * k)
        if name_id in (*names, 16, 17, 21, 22) or language >= 0x8000:
            continue
        text = old[storage + offset : storage + offset + length]
        records.append((platform, encoding, language, name_id, text))
    for name_id, text in names.items():
        records.append((3, 1, 0x409, name_id, text.encode("utf-16-be")))  # Windows, Unicode, English
        records.append((1, 0, 0, name_id, text.encode("mac_roman")))  # Macintosh, Roman, English
    records.sort(key=lambda r: r[:4])
    head = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    directory, strings = bytearray(), bytearray()
    for platform, encoding, language, name_id, text in records:
        directory += struct.pack(">6H", platform, encoding, language, name_id, len(text), len(strings))
        strings += text
    return head + bytes(directory) + bytes(strings)


def body_scale(data: bytes | Path, family: str) -> float:
    """How much larger ``family`` must be drawn for its body to reach its target (1.0: as designed).

    ``data`` is the font file or its path (read only for the families that have a target)."""
    if family not in BODY_TARGETS:
        return 1.0
    letters, target = BODY_TARGETS[family]
    body = body_height(data.read_bytes() if isinstance(data, Path) else data, letters)
    return target * latin_x_height() / body if body else 1.0


def _scales_file() -> Path:
    from platformdirs import user_cache_dir

    from classroom_desktop.services.workspace import APP_DIR_NAME

    return Path(user_cache_dir(APP_DIR_NAME, appauthor=False)) / "font-scales.json"


def _stamp(path: Path) -> str:
    """The file's size and modification time: what the kept scales are keyed by."""
    found = path.stat()
    return f"{found.st_size}:{found.st_mtime_ns}"


def kept_body_scale(path: Path, family: str, latin: Path) -> float:
    """:func:`body_scale` of the font file ``path``, kept in the user's cache folder (measuring it
    loads each face into Qt: a tenth of a second at every start). Keyed by the file's and the Latin
    face's size and time and by the target, so a changed font or target is measured again."""
    if family not in BODY_TARGETS:
        return 1.0
    key = f"{family}|{_stamp(path)}|{_stamp(latin)}|{BODY_TARGETS[family]}|{LATIN_BODY}"
    store = _scales_file()
    try:
        kept = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    if not isinstance(kept, dict):
        kept = {}
    found = kept.get(key)
    if isinstance(found, float | int):
        return float(found)
    scale = body_scale(path, family)
    kept = {k: v for k, v in kept.items() if not k.startswith(f"{family}|")} | {key: scale}
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        spare = store.with_name(store.name + ".new")
        spare.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
        spare.replace(store)
    except OSError:  # a cache that cannot be written is measured again next time
        pass
    return scale


def _directory(data: bytes) -> list[tuple[bytes, int, int]]:
    """(tag, offset, length) of each table of an sfnt font file."""
    count = struct.unpack_from(">H", data, 4)[0]
    entries = []
    for k in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * k)
        entries.append((tag, offset, length))
    return entries


def _has_table(data: bytes, tag: bytes) -> bool:
    return any(name == tag for name, _offset, _length in _directory(data))


def _table(data: bytes, tag: bytes) -> bytes:
    for name, offset, length in _directory(data):
        if name == tag:
            return data[offset : offset + length]
    raise ValueError(f"the font has no {tag.decode()} table")


def _checksum(block: bytes) -> int:
    """The sfnt checksum: the sum of the big-endian 32-bit words, modulo 2**32."""
    padded = block + b"\0" * (-len(block) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _rebuild(data: bytes, replace: dict[bytes, bytes]) -> bytes:
    """The sfnt file ``data`` with some tables replaced or added, its directory and checksums made right.

    A table kept as it is keeps the checksum its directory gives; the file's checksum (for
    ``head``'s checkSumAdjustment) is the sum of the new directory's and every table's checksum,
    so only the tables that change are summed again (not the 11 MB of shipped faces at each start).
    """
    directory = _directory(data)
    old = {tag: data[offset : offset + length] for tag, offset, length in directory}
    sums = {tag: struct.unpack_from(">I", data, 16 + 16 * k)[0] for k, (tag, _o, _n) in enumerate(directory)}
    blobs = dict(sorted((old | replace).items()))
    count = len(blobs)
    power = 1 << (count.bit_length() - 1)
    header = bytearray(data[:4] + struct.pack(">HHHH", count, 16 * power, power.bit_length() - 1,
                                              16 * (count - power)))
    header += bytes(16 * count)
    if b"head" in blobs:
        head = bytearray(blobs[b"head"])
        struct.pack_into(">I", head, 8, 0)  # checkSumAdjustment, set last
        blobs[b"head"] = bytes(head)
    parts: list[bytes] = []
    offset = len(header)
    total = 0
    where_head = 0
    for k, (tag, blob) in enumerate(blobs.items()):
        kept = tag not in replace and tag != b"head" and tag in sums
        checksum = sums[tag] if kept else _checksum(blob)
        total += checksum
        if tag == b"head":
            where_head = offset
        struct.pack_into(">4sIII", header, 12 + 16 * k, tag, checksum, offset, len(blob))
        parts.append(blob + b"\0" * (-len(blob) % 4))
        offset += len(parts[-1])
    out = bytearray(header)
    for part in parts:
        out += part
    if b"head" in blobs:
        adjustment = (0xB1B0AFBA - (_checksum(bytes(header)) + total)) & 0xFFFFFFFF
        struct.pack_into(">I", out, where_head + 8, adjustment)
    return bytes(out)


def window_fonts() -> list[WindowFont]:
    """Every shipped face the window adds, in the chain's order, with its scale."""
    from classroom_desktop.reports.fonts import FAMILIES
    from classroom_desktop.resources import resource_path

    faces: list[WindowFont] = []
    for family in FAMILIES:
        regular = resource_path("fonts", family.regular_file)
        scale = kept_body_scale(regular, family.name, resource_path("fonts", FAMILIES[0].regular_file))
        faces.append(WindowFont(family.name, regular, False, scale))
        if family.bold_file:
            faces.append(WindowFont(family.name, resource_path("fonts", family.bold_file), True, scale))
    return faces


def chain() -> list[str]:
    """The window's font families, first tried first: the PDFs' order."""
    from classroom_desktop.reports.fonts import FAMILIES

    return [family.name for family in FAMILIES]


def install_fonts() -> int:
    """Add the shipped faces to Qt under their own names and make them the application's font chain.

    Returns how many faces were added. The system's own font stays last in the chain (and keeps
    the point size the desktop asks for), so a character no shipped face has still shows.
    """
    added = 0
    for face in window_fonts():
        data = renamed(face.path.read_bytes(), face.family, face.bold, face.scale)
        added += QFontDatabase.addApplicationFontFromData(data) >= 0
    app = QGuiApplication.instance()
    if added and isinstance(app, QGuiApplication):
        font = QFont(QGuiApplication.font())
        system = font.families() or [font.family()]
        font.setFamilies([*chain(), *[f for f in system if f not in chain()]])
        QGuiApplication.setFont(font)
    return added
