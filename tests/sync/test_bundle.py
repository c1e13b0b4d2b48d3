"""The bundle format: round trip, every damage refused, newer formats refused, file names."""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import replace
from typing import Any

import pytest

from classroom_desktop.sync.bundle import (
    MAGIC,
    BundleHeader,
    NewerFormat,
    WrongFormat,
    bundle_name,
    decode_bundle,
    encode_bundle,
    parse_bundle_name,
    parse_snapshot_name,
    snapshot_name,
)
from classroom_desktop.sync.crypto import DamagedFile, new_repo_key

KEY = new_repo_key()
DEVICE = "5a1d3c2e-7f00-4b6e-9d1a-0c2b3a4d5e6f"
HEADER = BundleHeader(
    schema="0003", repo_id="9e8d7c6b-0000-4000-8000-000000000001", device=DEVICE, seq_from=3, seq_to=4,
    clock_min=f"0001763894400000-000000-{DEVICE}", clock_max=f"0001763894400123-000002-{DEVICE}",
    created="2026-11-23T10:10:10+00:00",
)
CHANGES: list[dict[str, Any]] = [
    {"table": "evidence", "id": "e1", "op": "insert", "level": 3, "note": "Zoë explained it"},
    {"table": "student", "id": "s1", "field": "name", "value": "Nguyễn Văn An", "future_field": [1, 2]},
]


def test_round_trip_keeps_header_and_changes() -> None:
    data = encode_bundle(KEY, HEADER, CHANGES)
    header, changes = decode_bundle(KEY, data)
    assert changes == CHANGES
    assert header == replace(HEADER, body_length=header.body_length)
    assert header.body_length == len(data) - 12 - struct.unpack(">I", data[8:12])[0]
    assert data.startswith(MAGIC)
    assert b"Nguy" not in data and b"evidence" not in data  # the body is sealed


def test_header_is_readable_without_the_key() -> None:
    data = encode_bundle(KEY, HEADER, CHANGES)
    length = struct.unpack(">I", data[8:12])[0]
    header = json.loads(data[12:12 + length])
    assert header["device"] == DEVICE and header["seq_from"] == 3 and header["seq_to"] == 4
    assert header["format"] == 1 and header["schema"] == "0003"


def test_unknown_header_fields_are_kept() -> None:
    data = encode_bundle(KEY, replace(HEADER, extra={"origin": "v2-beta"}), CHANGES)
    header, _ = decode_bundle(KEY, data)
    assert header.extra == {"origin": "v2-beta"}


def test_bundle_from_another_class_key_is_damaged() -> None:
    data = encode_bundle(KEY, HEADER, CHANGES)
    with pytest.raises(DamagedFile, match="damaged or was changed"):
        decode_bundle(new_repo_key(), data)


def _small_bundle() -> bytes:
    header = replace(HEADER, device="d", repo_id="r", clock_min="a", clock_max="b", created="c")
    return encode_bundle(KEY, header, [{"id": "x", "v": 1}])


def test_every_truncation_is_refused() -> None:
    data = _small_bundle()
    for length in range(len(data)):
        with pytest.raises(DamagedFile):
            decode_bundle(KEY, data[:length])


def test_every_single_byte_flip_is_refused() -> None:
    data = _small_bundle()
    for i in range(len(data)):
        for mask in (0x01, 0x80, 0xFF):
            flipped = data[:i] + bytes([data[i] ^ mask]) + data[i + 1:]
            try:
                decode_bundle(KEY, flipped)
            except WrongFormat:
                assert i < len(MAGIC)
            except DamagedFile:
                pass
            else:
                pytest.fail(f"flip at byte {i} with mask {mask:#x} was accepted")


def test_extra_bytes_appended_are_refused() -> None:
    with pytest.raises(DamagedFile):
        decode_bundle(KEY, _small_bundle() + b"\x00")


def test_not_a_bundle_is_wrong_format() -> None:
    with pytest.raises(WrongFormat, match="not a Classroom Desktop sync file"):
        decode_bundle(KEY, b"PK\x03\x04 a zip file, say")


def test_newer_format_asks_to_update_the_app() -> None:
    data = encode_bundle(KEY, replace(HEADER, format=2), CHANGES)
    with pytest.raises(NewerFormat) as info:
        decode_bundle(KEY, data)
    assert str(info.value) == (
        "This sync folder was made by a newer Classroom Desktop. Update the app to sync with it; "
        "your class is unchanged."
    )


def test_bundle_name_carries_seq_and_hash_only() -> None:
    data = _small_bundle()
    sha = hashlib.sha256(data).hexdigest()
    assert bundle_name(3, data) == f"000000000003-{sha}.bundle"
    assert parse_bundle_name(bundle_name(3, data)) == (3, sha)


SHA = "ab" * 32


@pytest.mark.parametrize("name", [
    f"000000000003-{SHA} (conflicted copy 2026-11-23).bundle",
    f"000000000003-{SHA} (Ms Lee's conflicted copy 2026-11-23).bundle",
    f"000000000003-{SHA}.sync-conflict-20261123-101010-ABCDEF.bundle",
    f"000000000003-{SHA} (1).bundle",
    f"000000000003-{SHA}-LAPTOP-7.bundle",
])
def test_conflict_copies_parse_to_the_same_seq_and_hash(name: str) -> None:
    assert parse_bundle_name(name) == (3, SHA)


@pytest.mark.parametrize("name", [
    f".tmp-abc000000000003-{SHA}.bundle",
    f"000000000003-{SHA}.bundle.tmp",
    f"~000000000003-{SHA}.bundle",
    f".syncthing.000000000003-{SHA}.bundle.tmp",
    f"3-{SHA}.bundle",
    f"000000000003-{SHA[:-1]}.bundle",
    f"000000000003-{SHA.upper()}.bundle",
    "state.json",
    "desktop.ini",
    f"000000000003-{SHA}.snapshot",
])
def test_temp_files_and_other_names_are_ignored(name: str) -> None:
    assert parse_bundle_name(name) is None


def test_snapshot_names() -> None:
    assert parse_snapshot_name(snapshot_name(12, b"snap")) == (12, hashlib.sha256(b"snap").hexdigest())
    assert parse_snapshot_name(bundle_name(12, b"snap")) is None
