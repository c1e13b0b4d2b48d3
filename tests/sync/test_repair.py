"""Reproduction 3: a bundle deleted from the share, or damaged, is missed out loud and put back.

Every laptop compares what the others say they published (their signed manifests) with what it
holds, says "missing N changes from <laptop>, waiting for it to sync", and any laptop that still
has the bundle (its writer, or one that applied it) puts it back.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from classroom_desktop.services.roster import NewStudent

from .conftest import PASSPHRASE, entity_rows

Laptop = tuple[Any, Any]


def _class_with_evidence(c: Any, n: int) -> tuple[str, str, list[str]]:
    class_id = str(c.classes.create("Year 4 Maple").created_id)
    ids = [str(c.students.add(NewStudent(f"Kid{i}", "Ng"), class_id).created_id) for i in range(6)]
    fw = str(c.curriculum.add_framework("Grade 4 Mathematics").created_id)
    std = str(c.curriculum.add_standard(fw, "4.NF.1", "I can compare fractions").created_id)
    for i in range(n):
        c.evidence.record(ids[i % 6], std, 1 + i % 4, class_id=class_id, note=f"quiz {i}")
    return class_id, std, ids


def _evidence_count(c: Any) -> int:
    return len(entity_rows(c)["evidence"])


@pytest.mark.parametrize("who_repairs", ["the writer", "another laptop"])
def test_a_deleted_bundle_is_reported_missing_then_republished(
    laptops: Callable[..., Laptop], share: Path, who_repairs: str
) -> None:
    a, sa = laptops("a", batch=40)
    sa.setup(share, PASSPHRASE, create=True)
    b, sb = laptops("b", batch=40)
    sb.setup(share, PASSPHRASE, create=False)
    _class_with_evidence(a, 120)
    sa.sync_now()
    sb.sync_now()  # b applied everything (and keeps the bundles it read)
    bundles = sorted((share / "classroom-sync" / "devices" / a.device_id / "ops").glob("*.bundle"))
    assert len(bundles) >= 3
    bundles[1].unlink()  # tidied by hand, or lost by a sync client
    c, sc = laptops("c")
    report = sc.setup(share, PASSPHRASE, create=False)
    assert report.status == "incomplete"
    assert "waiting for it to sync" in report.message and "missing" in report.message
    missing = sum(report.missing.values())
    assert missing > 0 and _evidence_count(c) < _evidence_count(a)
    assert sc.status().last_status == "incomplete"
    if who_repairs == "the writer":
        repair = sa.sync_now()
    else:
        shutil.rmtree(a.folder / "sync-cache")  # the writer cannot help: b has the bundle
        sa.sync_now()
        repair = sb.sync_now()
    assert repair.repaired == 1 and "Put back 1" in repair.message
    report = sc.sync_now()
    assert report.status == "ok" and report.missing == {}, report.message
    for service in (sa, sb, sc):
        assert service.sync_now().status == "ok"
    assert entity_rows(a) == entity_rows(b) == entity_rows(c)


def test_a_truncated_bundle_is_put_back_whole(laptops: Callable[..., Laptop], share: Path) -> None:
    a, sa = laptops("a")
    sa.setup(share, PASSPHRASE, create=True)
    _class_with_evidence(a, 30)
    sa.sync_now()
    (bundle,) = [
        p
        for p in (share / "classroom-sync" / "devices" / a.device_id / "ops").glob("*.bundle")
        if p.stat().st_size > 2000
    ]
    whole = bundle.read_bytes()
    bundle.write_bytes(whole[: len(whole) // 2])
    b, sb = laptops("b")
    report = sb.setup(share, PASSPHRASE, create=False)
    assert report.status == "incomplete" and bundle.name in report.skipped_files
    assert sum(report.missing.values()) > 0
    for _ in range(2):  # the old code said "incomplete" for ever: nobody put the file back
        sb.sync_now()
        sa.sync_now()
    assert bundle.read_bytes() == whole
    assert sb.sync_now().status == "ok"
    assert entity_rows(a) == entity_rows(b)


def test_a_flipped_bit_is_repaired_too(laptops: Callable[..., Laptop], share: Path) -> None:
    a, sa = laptops("a")
    sa.setup(share, PASSPHRASE, create=True)
    b, sb = laptops("b")
    sb.setup(share, PASSPHRASE, create=False)
    _class_with_evidence(b, 20)
    sb.sync_now()
    ops = share / "classroom-sync" / "devices" / b.device_id / "ops"
    (bundle,) = [p for p in ops.glob("*.bundle") if p.stat().st_size > 1500]
    data = bytearray(bundle.read_bytes())
    data[len(data) // 3] ^= 0x10
    bundle.write_bytes(bytes(data))
    assert sa.sync_now().status == "incomplete"
    sb.sync_now()
    report = sa.sync_now()
    assert report.status == "ok", report.message
    assert entity_rows(a) == entity_rows(b)


def test_a_deleted_repo_json_is_put_back_not_created_again(
    laptops: Callable[..., Laptop], share: Path
) -> None:
    a, sa = laptops("a")
    sa.setup(share, PASSPHRASE, create=True)
    _class_with_evidence(a, 10)
    sa.sync_now()
    settings = share / "classroom-sync" / "repo.json"
    original = settings.read_bytes()
    settings.unlink()
    b, sb = laptops("b")
    with pytest.raises(Exception, match="repo.json\\) is missing"):
        sb.setup(share, PASSPHRASE, create=True)  # no new key over the old class's files
    assert sa.sync_now().status == "ok"
    assert settings.read_bytes() == original
    sb.setup(share, PASSPHRASE, create=False)
    sa.sync_now()
    assert entity_rows(a) == entity_rows(b)
