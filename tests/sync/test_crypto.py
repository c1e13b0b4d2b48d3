"""Key wrapping with a passphrase and sealing of files."""

from __future__ import annotations

import pytest

from classroom_desktop.domain.errors import UserError
from classroom_desktop.sync.crypto import (
    DamagedFile,
    KdfParams,
    WrongPassphrase,
    derive_kek,
    new_kdf_params,
    new_repo_key,
    open_sealed,
    seal,
    unwrap_key,
    wrap_key,
)

CHEAP = 2**10


def test_repo_keys_are_32_random_bytes() -> None:
    a, b = new_repo_key(), new_repo_key()
    assert len(a) == 32 and a != b


def test_derive_kek_is_deterministic_and_salted() -> None:
    salt = b"s" * 16
    assert derive_kek("correct horse", salt, n=CHEAP) == derive_kek("correct horse", salt, n=CHEAP)
    assert derive_kek("correct horse", salt, n=CHEAP) != derive_kek("correct horse", b"t" * 16, n=CHEAP)
    assert len(derive_kek("x", salt, n=CHEAP)) == 32


def test_passphrase_typed_decomposed_gives_the_same_key() -> None:
    salt = b"s" * 16
    assert derive_kek("Nguy\u1ec5n", salt, n=CHEAP) == derive_kek("Nguye\u0302\u0303n", salt, n=CHEAP)


def test_wrap_and_unwrap_with_right_passphrase() -> None:
    params = new_kdf_params(n=CHEAP)
    key = new_repo_key()
    blob = wrap_key(key, "Maple-Room-12", params)
    assert key not in blob
    assert unwrap_key(blob, "Maple-Room-12", params) == key
    assert wrap_key(key, "Maple-Room-12", params) != blob  # a fresh nonce every time


def test_wrong_passphrase_has_teacher_message() -> None:
    params = new_kdf_params(n=CHEAP)
    blob = wrap_key(new_repo_key(), "Maple-Room-12", params)
    with pytest.raises(WrongPassphrase) as info:
        unwrap_key(blob, "maple-room-12", params)
    assert isinstance(info.value, UserError)
    assert str(info.value) == (
        "That passphrase does not open this class's sync folder. Check it with the teacher who set up sync."
    )


def test_kdf_params_round_trip_through_json() -> None:
    params = new_kdf_params(n=CHEAP)
    data = params.to_json()
    assert data["name"] == "scrypt" and data["n"] == CHEAP and data["r"] == 8 and data["p"] == 1
    assert KdfParams.from_json(data) == params


@pytest.mark.parametrize("bad", [
    {}, {"name": "argon2"}, None,
    {"name": "scrypt", "salt": "!!", "n": 4, "r": 8, "p": 1},
    {"name": "scrypt", "salt": "c2FsdA==", "n": 1000, "r": 8, "p": 1},
])
def test_bad_kdf_params_are_a_damaged_settings_file(bad: object) -> None:
    with pytest.raises(DamagedFile, match="repo.json"):
        KdfParams.from_json(bad)


def test_seal_and_open() -> None:
    key = new_repo_key()
    blob = seal(key, b"evidence rows", b"header")
    assert b"evidence rows" not in blob
    assert open_sealed(key, blob, b"header") == b"evidence rows"


@pytest.mark.parametrize("change", ["aad", "flip", "truncate", "key", "tiny"])
def test_any_change_to_a_sealed_blob_is_refused(change: str) -> None:
    key = new_repo_key()
    blob = seal(key, b"evidence rows", b"header")
    aad = b"header"
    if change == "aad":
        aad = b"headeR"
    elif change == "flip":
        blob = blob[:20] + bytes([blob[20] ^ 1]) + blob[21:]
    elif change == "truncate":
        blob = blob[:-1]
    elif change == "key":
        key = new_repo_key()
    else:
        blob = blob[:10]
    with pytest.raises(DamagedFile) as info:
        open_sealed(key, blob, aad)
    assert str(info.value) == "This sync file is damaged or was changed; it was skipped."
