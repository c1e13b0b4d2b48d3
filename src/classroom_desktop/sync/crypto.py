"""Keys, sealing and signatures for the sync folder, built only on the ``cryptography`` library.

A random 32-byte repository key seals every file on the share (AES-GCM). The repository key is
stored on the share once per device, wrapped with a key derived from the teacher's passphrase
(Scrypt); the KDF parameters live in repo.json.

Each replica (a laptop's workspace, or a fork of one) also has its own Ed25519 signing key. Its
replica id is derived from the public key (:func:`device_for`), so an id cannot be claimed
without the private key: a bundle says who wrote it, and the signature proves it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import N_, _

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
SALT_BYTES = 16
DEFAULT_SCRYPT_N = 2**17
MIN_SCRYPT_N = 2**17
"""New sync folders use at least this scrypt cost (tests pass a cheap ``kdf_n`` explicitly)."""
SIGNATURE_BYTES = 64

WRONG_PASSPHRASE_TEXT = N_(
    "That passphrase does not open this class's sync folder. Check it with the teacher who set up sync."
)
KEY_FILE_DAMAGED = N_("A key file in the sync folder is damaged.")
REPO_JSON_DAMAGED = N_("The sync folder's settings file (repo.json) is damaged.")
DAMAGED_FILE_TEXT = N_("This sync file is damaged or was changed; it was skipped.")


class WrongPassphrase(UserError):
    """The passphrase does not unwrap any key in the sync folder."""

    def __init__(self, message: str = WRONG_PASSPHRASE_TEXT) -> None:
        super().__init__(_(message))


class DamagedFile(UserError):
    """A file on the share failed its integrity check (damaged, truncated, still arriving or changed).

    ``message`` is an English text marked with ``N_`` (or one already translated): it is said in
    the program's language.
    """

    def __init__(self, message: str = DAMAGED_FILE_TEXT) -> None:
        super().__init__(_(message))


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
            raise DamagedFile(REPO_JSON_DAMAGED) from exc
        return cls(salt=salt, n=n, r=r, p=p)


COMMON_PASSPHRASES = frozenset(
    {
        "password", "password1", "password12", "password123", "passw0rd", "123456789", "1234567890",
        "0123456789", "12345678910", "qwertyuiop", "qwerty1234", "qwerty123456", "1q2w3e4r5t",
        "iloveyou12", "letmein123", "welcome123", "changeme123", "administrator", "abcdefghij",
        "abc1234567", "aaaaaaaaaa", "1111111111", "0000000000", "football12", "baseball12",
        "sunshine12", "princess12", "classroom1", "classroom123", "teacher123", "school1234",
        "students123", "passphrase", "mypassword", "secret1234", "trustno1234",
    }
)
MIN_PASSPHRASE = 10


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a weak new passphrase with a message saying why (UserError)."""
    text = unicodedata.normalize("NFC", passphrase).strip()
    if len(text) < MIN_PASSPHRASE:
        raise UserError(
            _(
                "Choose a sync passphrase of at least {count} characters (a short sentence is "
                "easy to remember and hard to guess)."
            ).format(count=MIN_PASSPHRASE)
        )
    squashed = "".join(text.lower().split())
    if squashed in COMMON_PASSPHRASES or len(set(squashed)) <= 2:
        raise UserError(
            _(
                "That passphrase is one of the most common ones and easy to guess. Choose another, "
                "for example a short sentence only your team knows."
            )
        )


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
        raise DamagedFile(KEY_FILE_DAMAGED)
    try:
        return AESGCM(kek).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag:
        raise WrongPassphrase() from None


def key_id(key: bytes) -> str:
    """A short public name for a repository key (bundle headers say which key sealed them)."""
    return hashlib.sha256(b"classroom-sync key id\x00" + key).hexdigest()[:16]


def wrap_keyring(keys: list[bytes], kek: bytes, aad: bytes = b"") -> bytes:
    """Every repository key the class has had (newest last), sealed under a key-encryption key.

    A single key is stored exactly as :func:`wrap_key_with_kek` stores it (older folders)."""
    if len(keys) == 1:
        return wrap_key_with_kek(keys[0], kek, aad)
    plain = json.dumps({"keys": [b64(k) for k in keys]}).encode("utf-8")
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(kek).encrypt(nonce, plain, aad)


def unwrap_keyring(blob: bytes, kek: bytes, aad: bytes = b"") -> list[bytes]:
    """Inverse of :func:`wrap_keyring` (newest key last); a wrong key raises WrongPassphrase."""
    if len(blob) == NONCE_BYTES + KEY_BYTES + TAG_BYTES:
        return [unwrap_key_with_kek(blob, kek, aad)]
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise DamagedFile(KEY_FILE_DAMAGED)
    try:
        plain = AESGCM(kek).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag:
        raise WrongPassphrase() from None
    try:
        keys = [unb64(k) for k in json.loads(plain.decode("utf-8"))["keys"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise DamagedFile(KEY_FILE_DAMAGED) from exc
    if not keys or any(k is None or len(k) != KEY_BYTES for k in keys):
        raise DamagedFile(KEY_FILE_DAMAGED)
    return [k for k in keys if k is not None]


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


# ---- replica identity: Ed25519 -------------------------------------------------------------------


def device_for(public: bytes) -> str:
    """The replica id (a canonical UUID) that belongs to an Ed25519 public key."""
    digest = hashlib.sha256(b"classroom-sync replica\x00" + public).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def new_signing_key() -> bytes:
    """A fresh Ed25519 private key (32 raw bytes)."""
    return Ed25519PrivateKey.generate().private_bytes_raw()


def public_of(private: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes_raw()


def sign(private: bytes, data: bytes) -> bytes:
    """A 64-byte Ed25519 signature of ``data``."""
    return Ed25519PrivateKey.from_private_bytes(private).sign(data)


def verify(public: bytes, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` is ``public``'s signature of ``data``."""
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object) -> bytes | None:
    """Decoded base64, or None for anything that is not valid base64 text."""
    if not isinstance(text, str):
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
