"""Where a class's sync key is kept: the system's credential store, else a private file.

The repository key (unwrapped once with the passphrase) never goes into the database or its
backups. Where the operating system has a credential store that works -- Windows Credential
Locker, the macOS Keychain, the Secret Service of a Linux desktop -- it is kept there through the
``keyring`` package; elsewhere (a headless Linux, a locked or missing store) in
``<workspace>/sync.key``, a 0600 file beside the database that backups leave out.

Either way the key is bound to the database file it was made for (its path and file identity):
a restored backup or a copied workspace folder finds no key for itself and asks for the
passphrase again.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _

KEY_FILE = "sync.key"
SERVICE = "Classroom Desktop sync"
log = logging.getLogger(__name__)

#: What a teacher calls each credential store, by the module of keyring's backend.
_STORE_NAMES = {
    "keyring.backends.Windows": "Windows Credential Locker",
    "keyring.backends.macOS": "macOS Keychain",
    "keyring.backends.SecretService": "Secret Service",
    "keyring.backends.libsecret": "Secret Service",
    "keyring.backends.kwallet": "KWallet",
}


def credential_store() -> Any | None:
    """The system's credential store (a keyring backend), or None when there is none that works."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration: use the file
        log.warning("no usable keyring", exc_info=True)
        return None
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    return backend


def store_name(backend: Any) -> str:
    module = type(backend).__module__
    return next((name for prefix, name in _STORE_NAMES.items() if module.startswith(prefix)),
                type(backend).__name__)


@dataclass(frozen=True)
class KeyPlace:
    """Where the key of one class file is (``where`` is said to the teacher)."""

    in_credential_store: bool
    where: str


class KeyStore:
    """The sync keys of one workspace database file.

    Args:
        folder: the workspace folder (the fallback file lives there).
        db_path: the database file the key is bound to.
    """

    def __init__(self, folder: Path, db_path: Path) -> None:
        self.folder, self.db_path = folder, db_path

    @property
    def key_file(self) -> Path:
        return self.folder / KEY_FILE

    def binding(self) -> dict[str, Any]:
        """What ties a key to this database file (a restored or copied file differs)."""
        try:
            st = self.db_path.stat()
        except OSError:
            return {}
        return {"db": str(self.db_path.resolve()), "dev": st.st_dev, "ino": st.st_ino}

    def _account(self, repo_id: str) -> str:
        bound = json.dumps(self.binding(), sort_keys=True).encode("utf-8")
        return f"{repo_id}:{hashlib.sha256(bound).hexdigest()[:32]}"

    def place(self) -> KeyPlace:
        """Where the key is: the file while there is one (a store that refused), else the store."""
        backend = credential_store()
        if backend is not None and not self.key_file.exists():
            return KeyPlace(True, store_name(backend))
        return KeyPlace(False, str(self.key_file))

    def load(self, repo_id: str) -> list[bytes] | None:
        """Every key of sync folder ``repo_id`` (newest last), or None when none is kept for this file."""
        backend = credential_store()
        if backend is not None:
            try:
                secret = backend.get_password(SERVICE, self._account(repo_id))
            except Exception:  # locked or gone: the file may still have it
                log.warning("the credential store could not be read", exc_info=True)
                secret = None
            if secret:
                keys = _decode({**json.loads(secret), "bound": self.binding(), "repo_id": repo_id})
                if keys:
                    return keys
        try:
            data = json.loads(self.key_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("repo_id") != repo_id:
            return None
        if data.get("bound") != self.binding():
            return None
        return _decode(data)

    def save(self, keys: list[bytes], repo_id: str) -> KeyPlace:
        """Keep ``keys`` in the credential store if there is one that works, else in the 0600 file.

        Raises:
            UserError: neither could be written.
        """
        encoded = [base64.b64encode(k).decode("ascii") for k in keys]
        backend = credential_store()
        if backend is not None:
            try:
                backend.set_password(SERVICE, self._account(repo_id), json.dumps({"keys": encoded}))
            except Exception:
                log.warning("the credential store could not be written; using the key file", exc_info=True)
            else:
                with contextlib.suppress(OSError):
                    self.key_file.unlink()  # one place only: an old file copy would outlive a rotation
                return KeyPlace(True, store_name(backend))
        self._write_file({"repo_id": repo_id, "keys": encoded, "bound": self.binding()})
        return KeyPlace(False, str(self.key_file))

    def _write_file(self, data: dict[str, Any]) -> None:
        tmp = self.key_file.with_name(f".tmp-{KEY_FILE}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.key_file)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise UserError(
                _("The sync key could not be saved in {folder} ({reason}).").format(
                    folder=self.folder, reason=exc.strerror
                )
            ) from exc


def _decode(data: dict[str, Any]) -> list[bytes] | None:
    try:
        keys = [base64.b64decode(k, validate=True) for k in data["keys"]]
    except (ValueError, KeyError, TypeError):
        return None
    return keys or None
