"""Keys and sealing for the sync folder, built only on the ``cryptography`` library.

A random 32-byte repository key seals every file on the share (AES-GCM). The repository key is
stored on the share once per device, wrapped with a key derived from the teacher's passphrase
(Scrypt); the KDF parameters live in repo.json.
"""

from __future__ import annotations

import base64
import binascii
import os
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from classroom_desktop.domain.errors import UserError

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
SALT_BYTES = 16
DEFAULT_SCRYPT_N = 2**15

WRONG_PASSPHRASE_TEXT = (
    "That passphrase does not open this class's sync folder. Check it with the teacher who set up sync."
)
DAMAGED_FILE_TEXT = "This sync file is damaged or was changed; it was skipped."


class WrongPassphrase(UserError):
    """The passphrase does not unwrap any key in the sync folder."""

    def __init__(self, message: str = WRONG_PASSPHRASE_TEXT) -> None:
        super().__init__(message)


class DamagedFile(UserError):
    """A file on the share failed its integrity check (damaged, truncated, still arriving or changed)."""

    def __init__(self, message: str = DAMAGED_FILE_TEXT) -> None:
        super().__init__(message)


@dataclass(frozen=True)
class KdfParams:
    """Scrypt parameters, stored in repo.json so every laptop derives the same key."""

    salt: bytes
    n: int = DEFAULT_SCRYPT_N
    r: int = 8
    p: int = 1

    def to_json(self) -> dict[str, Any]:
        return {"name": "scrypt", "salt": base64.b64encode(self.salt).decode("ascii"),
                "n": self.n, "r": self.r, "p": self.p}

    @classmethod
    def from_json(cls, data: Any) -> KdfParams:
        """Read parameters written by :meth:`to_json`; raises DamagedFile when they make no sense."""
        try:
            if data["name"] != "scrypt":
                raise ValueError(data["name"])
            salt = base64.b64decode(data["salt"], validate=True)
            n, r, p = data["n"], data["r"], data["p"]
            if not all(type(v) is int and v > 0 for v in (n, r, p)) or n < 2 or n & (n - 1):
                raise ValueError("bad scrypt parameters")
            if not salt:
                raise ValueError("empty salt")
        except (KeyError, TypeError, ValueError, binascii.Error) as exc:
            raise DamagedFile("The sync folder's settings file (repo.json) is damaged.") from exc
        return cls(salt=salt, n=n, r=r, p=p)


def new_repo_key() -> bytes:
    """A fresh random 32-byte repository key."""
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def new_kdf_params(n: int = DEFAULT_SCRYPT_N, r: int = 8, p: int = 1) -> KdfParams:
    """Parameters with a fresh random salt (``n`` must be a power of two; tests use 2**10)."""
    return KdfParams(salt=os.urandom(SALT_BYTES), n=n, r=r, p=p)


def derive_kek(passphrase: str, salt: bytes, n: int = DEFAULT_SCRYPT_N, r: int = 8, p: int = 1) -> bytes:
    """The key-encryption key for a passphrase (NFC-normalised, so any keyboard gives the same key)."""
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(secret)


def derive_kek_from(passphrase: str, params: KdfParams) -> bytes:
    return derive_kek(passphrase, params.salt, params.n, params.r, params.p)


def wrap_key_with_kek(repo_key: bytes, kek: bytes, aad: bytes = b"") -> bytes:
    """Encrypt the repository key under an already-derived key-encryption key."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(kek).encrypt(nonce, repo_key, aad)


def unwrap_key_with_kek(blob: bytes, kek: bytes, aad: bytes = b"") -> bytes:
    """Inverse of :func:`wrap_key_with_kek`; a wrong key raises WrongPassphrase."""
    if len(blob) != NONCE_BYTES + KEY_BYTES + TAG_BYTES:
        raise DamagedFile("A key file in the sync folder is damaged.")
    try:
        return AESGCM(kek).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag:
        raise WrongPassphrase() from None


def wrap_key(repo_key: bytes, passphrase: str, params: KdfParams, aad: bytes = b"") -> bytes:
    """The repository key sealed under a passphrase (AES-GCM with its own random nonce)."""
    return wrap_key_with_kek(repo_key, derive_kek_from(passphrase, params), aad)


def unwrap_key(blob: bytes, passphrase: str, params: KdfParams, aad: bytes = b"") -> bytes:
    """The repository key from a wrapped blob; raises WrongPassphrase when the passphrase is wrong."""
    return unwrap_key_with_kek(blob, derive_kek_from(passphrase, params), aad)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-GCM encrypt ``plaintext`` bound to ``aad``: a random 12-byte nonce + ciphertext + tag."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, blob: bytes, aad: bytes) -> bytes:
    """Inverse of :func:`seal`; any change to ``blob`` or ``aad`` raises DamagedFile."""
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise DamagedFile()
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag:
        raise DamagedFile() from None
