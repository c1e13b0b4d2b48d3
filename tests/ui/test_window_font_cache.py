"""The window's fonts made quickly at start, the same as made the long way: each renamed face is a
valid font file (every table's checksum and the file's checkSumAdjustment right, worked out here over
the whole file), and the body scales kept in the cache folder are the ones measured afresh."""

from __future__ import annotations

import os
import shutil
import struct
from pathlib import Path

from classroom_desktop.reports.fonts import FAMILIES
from classroom_desktop.resources import resource_path
from classroom_desktop.ui import fonts


def whole_sum(block: bytes) -> int:
    padded = block + b"\0" * (-len(block) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def test_every_renamed_face_has_right_checksums_and_its_new_name(qapp: object) -> None:
    for face in fonts.window_fonts():
        data = fonts.renamed(face.path.read_bytes(), "ClassroomTest", face.bold, 1.25)
        directory = fonts._directory(data)
        for k, (tag, offset, length) in enumerate(directory):
            stored = struct.unpack_from(">I", data, 16 + 16 * k)[0]
            table = bytearray(data[offset : offset + length])
            if tag == b"head":
                struct.pack_into(">I", table, 8, 0)  # summed with checkSumAdjustment at 0
            assert stored == whole_sum(bytes(table)), (face.path.name, tag)
        assert whole_sum(data) == 0xB1B0AFBA, face.path.name  # what checkSumAdjustment makes the file sum to
        assert "ClassroomTest".encode("utf-16-be") in fonts._table(data, b"name")


def test_the_scales_kept_are_the_scales_measured_and_a_changed_file_is_measured_again(
    qapp: object, tmp_path: Path
) -> None:
    latin = resource_path("fonts", FAMILIES[0].regular_file)
    arabic = next(f for f in FAMILIES if f.name == "ClassroomArabic")
    copy = tmp_path / "arabic.ttf"
    shutil.copyfile(resource_path("fonts", arabic.regular_file), copy)
    measured = fonts.body_scale(copy, arabic.name)
    assert measured > 1.05  # Arabic is drawn larger than as designed
    assert fonts.kept_body_scale(copy, arabic.name, latin) == measured
    assert fonts._scales_file().exists()
    assert fonts.kept_body_scale(copy, arabic.name, latin) == measured  # from the cache folder
    # another face in its place (a newer file): measured again, not the kept value
    shutil.copyfile(resource_path("fonts", FAMILIES[0].regular_file), copy)
    os.utime(copy, ns=(1, 1))
    assert fonts.kept_body_scale(copy, arabic.name, latin) == fonts.body_scale(copy, arabic.name) != measured
    assert fonts.kept_body_scale(tmp_path / "none.ttf", "ClassroomLatin", latin) == 1.0  # no target


def test_a_damaged_cache_file_is_measured_again(qapp: object) -> None:
    latin = resource_path("fonts", FAMILIES[0].regular_file)
    arabic = next(f for f in FAMILIES if f.name == "ClassroomArabic")
    path = resource_path("fonts", arabic.regular_file)
    fonts._scales_file().parent.mkdir(parents=True, exist_ok=True)
    fonts._scales_file().write_text("{not json", encoding="utf-8")
    assert fonts.kept_body_scale(path, arabic.name, latin) == fonts.body_scale(path, arabic.name)
