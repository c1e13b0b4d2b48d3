"""The bundle file: one batch of changes from one device, sealed for the share.

Layout: ``MAGIC`` + 4-byte big-endian header length + header (plaintext UTF-8 JSON) + sealed body
[+ 64-byte Ed25519 signature]. The body is the change list as zlib-compressed JSON, sealed with
AES-GCM using the header bytes as associated data, so a change to any byte of the file is detected.
A signed bundle names its signer's public key in the header (``signer``) and ends with the
signer's signature of every byte before it: the repository key proves membership, the signature
proves which replica wrote it (see :mod:`classroom_desktop.sync`). The envelope (magic, framing,
AES-GCM with the header as associated data) is fixed for ``CDSYNC1``; later format versions may
change the header fields and the body, which is why the format is checked only once the file is
known to be intact.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import N_, _
from classroom_desktop.sync.crypto import (
    SIGNATURE_BYTES,
    DamagedFile,
    b64,
    open_sealed,
    public_of,
    seal,
    sign,
    unb64,
    verify,
)

MAGIC = b"CDSYNC1\n"
FORMAT_VERSION = 1
MAX_HEADER_BYTES = 16 * 1024 * 1024  # a snapshot header lists the bundles it covers
_LEN = struct.Struct(">I")

NEWER_FORMAT_TEXT = N_(
    "This sync folder was made by a newer Classroom Desktop. Update the app to sync with it; "
    "your class is unchanged."
)
WRONG_FORMAT_TEXT = N_("A file in the sync folder is not a Classroom Desktop sync file; it was skipped.")


class NewerFormat(UserError):
    """The file or folder was written by a newer version of the app."""

    def __init__(self, message: str = NEWER_FORMAT_TEXT) -> None:
        super().__init__(_(message))


class UnknownKey(DamagedFile):
    """Sealed with a repository key this laptop does not have (the key was changed elsewhere)."""

    def __init__(self) -> None:
        super().__init__(
            N_(
                "The class's sync key was changed on another laptop (a laptop was removed, or the "
                "passphrase changed). Set up sync again on this laptop with the new passphrase."
            )
        )


class WrongFormat(DamagedFile):
    """The file does not start with the bundle magic (so it is not a bundle at all)."""

    def __init__(self, message: str = WRONG_FORMAT_TEXT) -> None:
        super().__init__(message)


@dataclass(frozen=True)
class BundleHeader:
    """The plaintext part of a bundle; ``extra`` keeps header fields this version does not know."""

    schema: str
    repo_id: str
    device: str
    seq_from: int
    seq_to: int
    clock_min: str
    clock_max: str
    created: str
    format: int = FORMAT_VERSION
    body_length: int = 0
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        data = dict(self.extra)
        data.update({k: v for k, v in asdict(self).items() if k != "extra"})
        return data

    @classmethod
    def from_json(cls, data: Any) -> BundleHeader:
        """Build a header from decoded JSON; raises DamagedFile if a field is missing or mistyped."""
        if not isinstance(data, dict):
            raise DamagedFile()
        known = {f.name: f.type for f in fields(cls) if f.name != "extra"}
        values: dict[str, Any] = {}
        for name, kind in known.items():
            value = data.get(name)
            wanted = int if kind in ("int", int) else str
            if type(value) is not wanted:
                raise DamagedFile()
            values[name] = value
        extra = {k: v for k, v in data.items() if k not in known}
        return cls(**values, extra=extra)


def _header_bytes(header: BundleHeader) -> bytes:
    return json.dumps(header.to_json(), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def encode_bundle(
    key: bytes, header: BundleHeader, changes: list[dict[str, Any]], signer: bytes | None = None
) -> bytes:
    """Serialise and seal ``changes``; the header's ``body_length`` is filled in here.

    ``signer`` (an Ed25519 private key) signs the whole file; its public key goes in the header.
    """
    compressed = zlib.compress(json.dumps(changes, ensure_ascii=False, separators=(",", ":")).encode(), 6)
    body_length = len(compressed) + 12 + 16  # nonce + ciphertext + tag
    if signer is not None:
        header = replace(header, extra={**header.extra, "signer": b64(public_of(signer))})
    head = _header_bytes(replace(header, body_length=body_length))
    if len(head) > MAX_HEADER_BYTES:
        raise ValueError("bundle header too large")
    body = seal(key, compressed, head)
    assert len(body) == body_length
    data = MAGIC + _LEN.pack(len(head)) + head + body
    return data + sign(signer, data) if signer is not None else data


def signer_of(header: BundleHeader) -> bytes | None:
    """The public key that signed a decoded bundle (None for an unsigned one)."""
    return unb64(header.extra.get("signer"))


def decode_bundle(key: bytes | dict[str, bytes], data: bytes) -> tuple[BundleHeader, list[dict[str, Any]]]:
    """Check and open a bundle.

    Raises:
        WrongFormat: the file does not start with the bundle magic.
        DamagedFile: anything about the file is truncated, changed or sealed with another key.
        NewerFormat: an intact bundle written by a newer version of the app.
    """
    if len(data) < len(MAGIC) and MAGIC.startswith(data):
        raise DamagedFile()  # possibly still arriving
    if not data.startswith(MAGIC):
        raise WrongFormat()
    start = len(MAGIC) + _LEN.size
    if len(data) < start:
        raise DamagedFile()
    (head_len,) = _LEN.unpack_from(data, len(MAGIC))
    if head_len > MAX_HEADER_BYTES or len(data) < start + head_len:
        raise DamagedFile()
    head = data[start:start + head_len]
    try:
        raw_header = json.loads(head.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise DamagedFile() from exc
    sealed = data[start + head_len:]
    if isinstance(raw_header, dict) and "signer" in raw_header:
        public = unb64(raw_header["signer"])
        if public is None or len(public) != 32 or len(data) < start + head_len + SIGNATURE_BYTES:
            raise DamagedFile()
        if not verify(public, data[-SIGNATURE_BYTES:], data[:-SIGNATURE_BYTES]):
            raise DamagedFile()
        sealed = data[start + head_len:-SIGNATURE_BYTES]
    if isinstance(key, dict):  # a keyring: the header names the key that sealed the body
        named = raw_header.get("key_id") if isinstance(raw_header, dict) else None
        chosen = key.get(named) if isinstance(named, str) else None
        if chosen is None and isinstance(named, str):
            raise UnknownKey()
        key = chosen if chosen is not None else list(key.values())[-1]
    plain = open_sealed(key, sealed, head)  # authenticates the header too
    if isinstance(raw_header, dict) and type(raw_header.get("format")) is int \
            and raw_header["format"] > FORMAT_VERSION:
        raise NewerFormat()
    header = BundleHeader.from_json(raw_header)
    if header.body_length != len(sealed):
        raise DamagedFile()
    try:
        changes = json.loads(zlib.decompress(plain).decode("utf-8"))
    except (zlib.error, ValueError, RecursionError) as exc:
        raise DamagedFile() from exc
    if not isinstance(changes, list) or not all(isinstance(c, dict) for c in changes):
        raise DamagedFile()
    return header, changes


# ---- file names -------------------------------------------------------------------------------

_CONFLICT_SUFFIX = (
    r"(?:"
    r"\s*\([^()/\\]*\)"                            # Dropbox/Nextcloud/Drive: " (conflicted copy …)", " (1)"
    r"|\.sync-conflict-\d{8}-\d{6}-[A-Za-z0-9]+"   # Syncthing
    r"|-[A-Za-z0-9][A-Za-z0-9 _-]*"                # OneDrive: "-COMPUTERNAME"
    r")?"
)


def _name_re(ext: str) -> re.Pattern[str]:
    return re.compile(rf"^(\d{{12}})-([0-9a-f]{{64}})({_CONFLICT_SUFFIX})\.{ext}$")


_BUNDLE_RE = _name_re("bundle")
_SNAPSHOT_RE = _name_re("snapshot")


def _content_name(seq: int, data: bytes, ext: str) -> str:
    if not 0 <= seq < 10**12:
        raise ValueError(f"sequence number out of range: {seq}")
    return f"{seq:012d}-{hashlib.sha256(data).hexdigest()}.{ext}"


def _parse(pattern: re.Pattern[str], name: str) -> tuple[int, str, bool] | None:
    match = pattern.match(name)
    if match is None:
        return None
    return int(match.group(1)), match.group(2), match.group(3) == ""


def bundle_name(seq: int, data: bytes) -> str:
    """The file name for a bundle: ``<seq:012d>-<sha256 of data>.bundle`` (no student data)."""
    return _content_name(seq, data, "bundle")


def parse_bundle_name(name: str) -> tuple[int, str] | None:
    """``(seq, sha)`` for a bundle name or a sync tool's conflict copy of one; None for anything else.

    Temp files (".tmp-*", "*.tmp", "~*", ".syncthing.*") and unrelated names give None.
    """
    parsed = _parse(_BUNDLE_RE, name)
    return None if parsed is None else parsed[:2]


def is_conflict_copy(name: str) -> bool:
    """True for a recognised conflict copy of a bundle or snapshot (not the original name)."""
    parsed = _parse(_BUNDLE_RE, name) or _parse(_SNAPSHOT_RE, name)
    return parsed is not None and not parsed[2]


def snapshot_name(seq_upto: int, data: bytes) -> str:
    """The file name for a snapshot covering this device's changes up to ``seq_upto``."""
    return _content_name(seq_upto, data, "snapshot")


def parse_snapshot_name(name: str) -> tuple[int, str] | None:
    """Like :func:`parse_bundle_name`, for snapshot files."""
    parsed = _parse(_SNAPSHOT_RE, name)
    return None if parsed is None else parsed[:2]
