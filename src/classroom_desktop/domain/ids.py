"""Identifiers: every synced row has a random UUID, so two laptops never make the same one."""

from __future__ import annotations

import uuid


def new_id() -> str:
    """A fresh UUID4 as a string."""
    return str(uuid.uuid4())
