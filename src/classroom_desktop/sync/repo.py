"""The layout of a class's sync folder on the share (``<share>/classroom-sync/``).

::

    repo.json                               format, repo id, KDF parameters, created
    keys/<device>.key                       the repo key wrapped with a teacher's passphrase
    devices/<device>/ops/<seq>-<sha>.bundle change batches (one writer per device folder)
    devices/<device>/snap/<seq>-<sha>.snapshot
    devices/<device>/state.json             what this device has applied: {"applied": {device: seq}}

Device ids are random UUIDs, so no file name carries student data.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.sync.atomic import ShareUnavailable, share_errors, write_atomic, write_once
from classroom_desktop.sync.bundle import (
    NewerFormat,
    bundle_name,
    is_conflict_copy,
    parse_bundle_name,
    parse_snapshot_name,
    snapshot_name,
)
from classroom_desktop.sync.crypto import (
    DEFAULT_SCRYPT_N,
    REPO_JSON_DAMAGED,
    DamagedFile,
    KdfParams,
    WrongPassphrase,
    derive_kek_from,
    new_kdf_params,
    new_repo_key,
    unwrap_keyring,
    wrap_key_with_kek,
    wrap_keyring,
)

ROOT_NAME = "classroom-sync"
REPO_FORMAT = 1
_REPO_JSON_DAMAGED = REPO_JSON_DAMAGED


def _check_device(device: str) -> str:
    """Device ids must be canonical UUID strings (also keeps paths inside the repo)."""
    try:
        ok = str(uuid.UUID(device)) == device
    except (ValueError, AttributeError, TypeError):
        ok = False
    if not ok:
        raise ValueError(f"device id must be a lower-case UUID, got {device!r}")
    return device


def _dumps(data: dict[str, Any]) -> bytes:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8")


class SyncRepo:
    """One class's sync folder inside a shared folder."""

    def __init__(self, share: Path) -> None:
        self.share = Path(share)
        self.root = self.share / ROOT_NAME

    # ---- basics ---------------------------------------------------------------------------------

    def _require_share(self) -> None:
        with share_errors(self.share):
            if not self.share.is_dir():
                raise ShareUnavailable.unreachable(self.share)

    def _mkdir(self, folder: Path) -> Path:
        """Create ``folder`` inside the repo, never the share itself (an unplugged USB stick
        must not turn into a local folder of the same name)."""
        self._require_share()
        with share_errors(self.share):
            folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _read_json(self, path: Path, damaged: str) -> dict[str, Any]:
        with share_errors(self.share):
            raw = path.read_bytes()
        try:
            data = json.loads(raw.decode("utf-8"))
        except ValueError as exc:
            raise DamagedFile(damaged) from exc
        if not isinstance(data, dict):
            raise DamagedFile(damaged)
        return data

    def exists(self) -> bool:
        """True when this share already holds a class sync folder."""
        self._require_share()
        with share_errors(self.share):
            return (self.root / "repo.json").is_file()

    def repo_info(self) -> dict[str, Any]:
        """The content of repo.json (unknown fields included)."""
        if not self.exists():
            raise UserError(
                _(
                    "There is no class sync folder in {folder} yet. Set up sync there first, "
                    "or choose the folder the other teacher set up."
                ).format(folder=self.share)
            )
        return self._read_json(self.root / "repo.json", _REPO_JSON_DAMAGED)

    def repo_format(self) -> int:
        """The folder's format version; raises NewerFormat when a newer app made it."""
        fmt = self.repo_info().get("format")
        if type(fmt) is not int:
            raise DamagedFile(_REPO_JSON_DAMAGED)
        if fmt > REPO_FORMAT:
            raise NewerFormat()
        return fmt

    def repo_id(self) -> str:
        repo_id = self.repo_info().get("repo_id")
        if not isinstance(repo_id, str):
            raise DamagedFile(_REPO_JSON_DAMAGED)
        return repo_id

    # ---- keys -----------------------------------------------------------------------------------

    def _key_path(self, device: str) -> Path:
        return self.root / "keys" / f"{_check_device(device)}.key"

    @staticmethod
    def _key_aad(repo_id: str) -> bytes:
        return b"classroom-sync key\x00" + repo_id.encode("utf-8")

    def create(
        self, passphrase: str, device_id: str, *, kdf_n: int = DEFAULT_SCRYPT_N, created: str = ""
    ) -> bytes:
        """Set up a new sync folder on the share; returns the new repository key.

        ``created`` is the moment (ISO UTC) recorded in ``repo.json``, from the workspace's clock.
        """
        _check_device(device_id)
        if not passphrase.strip():
            raise UserError(_("Choose a passphrase for sync; it can't be empty."))
        if self.exists():
            raise UserError(
                _(
                    "{folder} already holds a class sync folder. Join it instead of setting up a new one."
                ).format(folder=self.share)
            )
        with share_errors(self.share):
            leftovers = (self.root / "devices").is_dir() and any((self.root / "devices").iterdir())
        if leftovers:
            raise UserError(
                _(
                    "{folder} holds a class's sync files but its settings file (repo.json) is missing. "
                    "Sync once on a laptop already syncing there: it puts the file back."
                ).format(folder=self.share)
            )
        params = new_kdf_params(n=kdf_n)
        repo_id = str(uuid.uuid4())
        repo_key = new_repo_key()
        blob = wrap_key_with_kek(repo_key, derive_kek_from(passphrase, params), self._key_aad(repo_id))
        write_atomic(self._mkdir(self.root / "keys") / f"{device_id}.key", blob, share=self.share)
        self._mkdir(self.device_dir(device_id) / "ops")
        info = {"format": REPO_FORMAT, "repo_id": repo_id, "kdf": params.to_json(),
                "created": created}
        write_once(self.root / "repo.json", _dumps(info), share=self.share)  # last: marks the folder ready
        return repo_key

    def settings_bytes(self) -> bytes:
        """repo.json as it is on the share (kept by every laptop, to put it back if it goes)."""
        with share_errors(self.share):
            return (self.root / "repo.json").read_bytes()

    def restore_settings(self, data: bytes) -> None:
        """Put back a deleted repo.json (write-once: never over one that is there)."""
        self._mkdir(self.root)
        write_once(self.root / "repo.json", data, share=self.share)

    def _kdf(self) -> KdfParams:
        return KdfParams.from_json(self.repo_info().get("kdf"))

    def open_key(self, passphrase: str, device_id: str) -> bytes:
        """The repository key, unwrapped with ``passphrase``: this device's key file first, then the others.

        Raises:
            WrongPassphrase: no key file in the folder opens with this passphrase.
            NewerFormat: the folder was made by a newer app.
        """
        return self._unwrap(passphrase, device_id)[0][-1]

    def open_keys(self, passphrase: str, device_id: str) -> list[bytes]:
        """Every repository key the class has had (newest last), unwrapped with ``passphrase``."""
        return self._unwrap(passphrase, device_id)[0]

    def join(self, passphrase: str, device_id: str) -> bytes:
        """Join an existing sync folder: open the key with ``passphrase`` and store it for this device."""
        return self.join_keys(passphrase, device_id)[-1]

    def join_keys(self, passphrase: str, device_id: str) -> list[bytes]:
        """Like :meth:`join`, returning every key the class has had (newest last)."""
        keys, kek, aad = self._unwrap(passphrase, device_id)
        write_atomic(self._key_path(device_id), wrap_keyring(keys, kek, aad), share=self.share)
        self._mkdir(self.device_dir(device_id) / "ops")
        return keys

    def rewrap(self, keys: list[bytes], passphrase: str, device_id: str) -> None:
        """Store ``keys`` for this device under a new passphrase and remove every other key file,
        so the old passphrase opens nothing any more (the other laptops keep their own copy)."""
        aad = self._key_aad(self.repo_id())
        kek = derive_kek_from(passphrase, self._kdf())
        own = self._key_path(device_id)
        write_atomic(own, wrap_keyring(keys, kek, aad), share=self.share)
        with share_errors(self.share):
            for path in (self.root / "keys").glob("*.key"):
                if path != own:
                    path.unlink(missing_ok=True)

    def _unwrap(self, passphrase: str, device_id: str) -> tuple[list[bytes], bytes, bytes]:
        """``(repo keys, key-encryption key, key-file associated data)`` for a passphrase."""
        self.repo_format()
        own = self._key_path(device_id)
        aad = self._key_aad(self.repo_id())
        kek = derive_kek_from(passphrase, self._kdf())
        with share_errors(self.share):
            others = sorted(p for p in (self.root / "keys").glob("*.key") if p != own)
            candidates = ([own] if own.is_file() else []) + others
            for path in candidates:
                try:
                    return unwrap_keyring(path.read_bytes(), kek, aad), kek, aad
                except (WrongPassphrase, DamagedFile):
                    continue
        raise WrongPassphrase()

    # ---- devices and bundles ----------------------------------------------------------------------

    def device_dir(self, device: str) -> Path:
        return self.root / "devices" / _check_device(device)

    def list_devices(self) -> list[str]:
        """Device ids with a folder on the share, sorted; other names are ignored."""
        self._require_share()
        folder = self.root / "devices"
        with share_errors(self.share):
            if not folder.is_dir():
                return []
            names = [p.name for p in folder.iterdir() if p.is_dir()]
        devices = []
        for name in names:
            try:
                devices.append(_check_device(name))
            except ValueError:
                continue
        return sorted(devices)

    def list_bundles(self, device: str) -> list[tuple[int, str, Path]]:
        """``(seq, sha, path)`` for a device's bundles in seq order, one per content hash.

        A conflict copy is used only when no file with the original name holds the same hash.
        Two different hashes for one seq are both listed (applying is idempotent).
        """
        return self._list(self.device_dir(device) / "ops", parse_bundle_name)

    def _list(self, folder: Path, parse: Any) -> list[tuple[int, str, Path]]:
        self._require_share()
        with share_errors(self.share):
            paths = sorted(folder.iterdir()) if folder.is_dir() else []
        chosen: dict[str, tuple[int, str, Path]] = {}
        for path in paths:
            parsed = parse(path.name)
            if parsed is None:
                continue
            seq, sha = parsed
            if sha not in chosen or is_conflict_copy(chosen[sha][2].name) and not is_conflict_copy(path.name):
                chosen[sha] = (seq, sha, path)
        return sorted(chosen.values(), key=lambda item: (item[0], item[1]))

    def next_seq(self, device: str) -> int:
        """One more than the highest seq this device has written (1 for a new device)."""
        return max((seq for seq, _, _ in self.list_bundles(device)), default=0) + 1

    def write_bundle(self, device: str, seq: int, data: bytes) -> Path:
        """Store a sealed bundle under its content-addressed name (write-once)."""
        path = self._mkdir(self.device_dir(device) / "ops") / bundle_name(seq, data)
        write_once(path, data, share=self.share)
        return path

    def read_file(self, path: Path) -> bytes:
        """Read a bundle or snapshot and check it against the hash in its name.

        Raises:
            DamagedFile: the content does not match its name, or the file vanished meanwhile.
        """
        parsed = parse_bundle_name(path.name) or parse_snapshot_name(path.name)
        if parsed is None:
            raise DamagedFile()
        try:
            with share_errors(self.share):
                data = path.read_bytes()
        except ShareUnavailable as exc:
            if isinstance(exc.__cause__, FileNotFoundError) and self.share.is_dir():
                raise DamagedFile() from exc
            raise
        if hashlib.sha256(data).hexdigest() != parsed[1]:
            raise DamagedFile()
        return data

    # ---- state and snapshots ------------------------------------------------------------------

    def read_state(self, device: str) -> dict[str, Any]:
        """A device's state.json ({} when it has none yet)."""
        path = self.device_dir(device) / "state.json"
        self._require_share()
        with share_errors(self.share):
            if not path.is_file():
                return {}
        return self._read_json(path, "A device's sync state file (state.json) is damaged.")

    def write_state(self, device: str, state: dict[str, Any]) -> None:
        """Rewrite state.json; top-level fields already there and missing from ``state`` are kept."""
        path = self._mkdir(self.device_dir(device)) / "state.json"
        try:
            merged = self.read_state(device)
        except DamagedFile:
            merged = {}
        merged.update(state)
        write_atomic(path, _dumps(merged), share=self.share)

    def write_snapshot(self, device: str, seq_upto: int, data: bytes) -> Path:
        """Store a sealed snapshot of everything this device knew up to its own ``seq_upto``."""
        path = self._mkdir(self.device_dir(device) / "snap") / snapshot_name(seq_upto, data)
        write_once(path, data, share=self.share)
        return path

    def list_snapshots(self, device: str) -> list[tuple[int, str, Path]]:
        """``(seq_upto, sha, path)`` for a device's snapshots, oldest first."""
        return self._list(self.device_dir(device) / "snap", parse_snapshot_name)

    def latest_snapshot(self) -> tuple[str, int, Path] | None:
        """The newest snapshot on the share: each device's highest ``seq_upto``, then the newest file.

        Returns:
            ``(device, seq_upto, path)`` or None when there is no snapshot.
        """
        best: tuple[int, str, int, Path] | None = None
        for device in self.list_devices():
            snaps = self._list(self.device_dir(device) / "snap", parse_snapshot_name)
            if not snaps:
                continue
            seq, _, path = snaps[-1]
            with share_errors(self.share):
                mtime = path.stat().st_mtime_ns
            if best is None or (mtime, device) > (best[0], best[1]):
                best = (mtime, device, seq, path)
        return None if best is None else (best[1], best[2], best[3])
