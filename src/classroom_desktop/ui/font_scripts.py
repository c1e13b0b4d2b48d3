"""Every shipped face says it takes part in every complex script, so Qt falls through the chain quietly.

For text in a script Qt counts as needing OpenType (Syriac, Thaana, the Indic scripts, Sinhala,
Khmer, N'Ko), Qt tries the application font's families in order and, for each one whose ``GSUB``
table has no record for the script, logs "OpenType support missing for "ClassroomSans", script 11"
and skips it — even though the face is only meant to hand the letters on to the next family of the
chain, as it does for Arabic, Thai or Chinese. The renamed faces therefore carry a ``GSUB`` record
for each such script they lack, pointing to an empty script table (no features): the face stays the
run's first font, its missing letters fall through to the family that has them (which shapes them
with its own tables), and nothing is logged. A face without a ``GSUB`` table is given one.
"""

from __future__ import annotations

import struct

#: The OpenType script tags of the scripts Qt checks (QFontEngine::supportsScript), one group per
#: script: a face that has any tag of a group supports it; one that has none is given the first.
QT_OPENTYPE_SCRIPTS: tuple[tuple[bytes, ...], ...] = (
    (b"syrc",), (b"thaa",), (b"deva", b"dev2", b"dev3"), (b"beng", b"bng2", b"bng3"),
    (b"guru", b"gur2", b"gur3"), (b"gujr", b"gjr2", b"gjr3"), (b"orya", b"ory2", b"ory3"),
    (b"taml", b"tml2", b"tml3"), (b"telu", b"tel2", b"tel3"), (b"knda", b"knd2", b"knd3"),
    (b"mlym", b"mlm2", b"mlm3"), (b"sinh",), (b"khmr",), (b"nko ",),
)
#: A Script table whose default language system uses no feature.
_EMPTY_SCRIPT = struct.pack(">HH", 4, 0) + struct.pack(">HHH", 0, 0xFFFF, 0)
#: A GSUB table with an empty script list, feature list and lookup list.
_EMPTY_GSUB = struct.pack(">HHHHH", 1, 0, 10, 12, 14) + struct.pack(">H", 0) * 3


def _script_extent(table: bytes, start: int) -> int:
    """Where the Script table at ``start`` (with its language systems) ends."""
    default, count = struct.unpack_from(">HH", table, start)
    end = start + 4 + 6 * count
    offsets = [default] if default else []
    offsets += [struct.unpack_from(">4sH", table, start + 4 + 6 * k)[1] for k in range(count)]
    for offset in offsets:
        features = struct.unpack_from(">H", table, start + offset + 4)[0]
        end = max(end, start + offset + 6 + 2 * features)
    return end


def script_tags(gsub: bytes) -> list[bytes]:
    """The script tags a GSUB table's script list names."""
    if not gsub:
        return []
    script_list = struct.unpack_from(">H", gsub, 4)[0]
    count = struct.unpack_from(">H", gsub, script_list)[0]
    return [struct.unpack_from(">4s", gsub, script_list + 2 + 6 * k)[0] for k in range(count)]


def with_every_script(gsub: bytes | None) -> bytes | None:
    """``gsub`` (or an empty GSUB when None) with a featureless record for each script of
    :data:`QT_OPENTYPE_SCRIPTS` it lacks; None when nothing needs adding or it cannot be added."""
    table = gsub or _EMPTY_GSUB
    have = set(script_tags(table))
    missing = [group[0] for group in QT_OPENTYPE_SCRIPTS if not have.intersection(group)]
    if not missing:
        return None
    major, minor, script_list = struct.unpack_from(">HHH", table, 0)
    header_size = 14 if (major, minor) >= (1, 1) else 10
    count = struct.unpack_from(">H", table, script_list)[0]
    old = []
    for k in range(count):
        tag, offset = struct.unpack_from(">4sH", table, script_list + 2 + 6 * k)
        start = script_list + offset
        old.append((tag, table[start : _script_extent(table, start)]))
    records = sorted(old + [(tag, _EMPTY_SCRIPT) for tag in missing])
    head = 2 + 6 * len(records)
    directory, bodies = bytearray(struct.pack(">H", len(records))), bytearray()
    for tag, body in records:
        directory += struct.pack(">4sH", tag, head + len(bodies))
        bodies += body
    new_list = bytes(directory + bodies)
    shift = len(new_list)
    feature_list, lookup_list = struct.unpack_from(">HH", table, 6)
    if max(feature_list, lookup_list) + shift > 0xFFFF:
        return None  # the 16-bit offsets cannot reach past a larger script list
    header = bytearray(table[:header_size])
    struct.pack_into(">HHH", header, 4, header_size, feature_list + shift, lookup_list + shift)
    if header_size == 14:
        variations = struct.unpack_from(">I", table, 10)[0]
        struct.pack_into(">I", header, 10, variations + shift if variations else 0)
    return bytes(header) + new_list + table[header_size:]
