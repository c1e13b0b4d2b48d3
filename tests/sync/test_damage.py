"""A bundle cut short at any byte, or with a flipped byte, is refused, changes nothing, and imports later."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classroom_desktop.services.roster import NewStudent

from .conftest import PASSPHRASE

Laptop = tuple[Any, Any]


def _published(laptops: Callable[..., Laptop], share: Path) -> tuple[Any, Path, bytes]:
    a, sa = laptops("a")
    class_id = a.classes.create("Year 4 Maple").created_id
    a.students.add(NewStudent("Zoë", "Nguyễn"), class_id)
    sa.setup(share, PASSPHRASE, create=True)
    (bundle,) = share.rglob("*.bundle")
    return a, bundle, bundle.read_bytes()


def test_truncated_or_flipped_bundles_change_nothing_until_the_whole_file_arrives(
    laptops: Callable[..., Laptop], share: Path, rows_of: Callable[[Any], Any]
) -> None:
    a, bundle, data = _published(laptops, share)
    bundle.unlink()  # not arrived yet
    b, sb = laptops("b")
    sb.setup(share, PASSPHRASE, create=False)
    before = rows_of(b)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        cut=st.integers(0, len(data) - 1),
        flip=st.integers(0, len(data) - 1),
        bit=st.integers(0, 7),
        truncate=st.booleans(),
    )
    def damaged_is_refused(cut: int, flip: int, bit: int, truncate: bool) -> None:
        if truncate:
            broken = data[:cut]
        else:
            changed = bytearray(data)
            changed[flip] ^= 1 << bit
            broken = bytes(changed)
        bundle.write_bytes(broken)
        report = sb.sync_now()
        assert report.status == "incomplete" and report.skipped_files == [bundle.name]
        assert report.received == 0 and rows_of(b) == before
        assert sb.status().pending == 0

    damaged_is_refused()
    bundle.write_bytes(data)
    report = sb.sync_now()
    assert report.status == "ok" and report.skipped_files == []
    assert [s.display_name for s in b.students.list()] == ["Zoë Nguyễn"]
    assert rows_of(b)["student"] == rows_of(a)["student"]


def test_a_bundle_still_arriving_under_a_temp_name_is_ignored(
    laptops: Callable[..., Laptop], share: Path
) -> None:
    _, bundle, data = _published(laptops, share)
    partial = bundle.with_name(".syncthing." + bundle.name + ".tmp")
    shutil.move(bundle, partial)
    b, sb = laptops("b")
    report = sb.setup(share, PASSPHRASE, create=False)
    # a's list of what it published names the bundle: b says what it is still waiting for
    assert report.status == "incomplete" and report.received == 0 and b.students.list() == []
    assert "waiting for it to sync" in report.message and sum(report.missing.values()) > 0
    shutil.move(partial, bundle)
    assert sb.sync_now().received > 0
    assert [s.display_name for s in b.students.list()] == ["Zoë Nguyễn"]
