"""Identifiers: every synced row has a random UUID, so two laptops never make the same one."""

from __future__ import annotations

import uuid


def new_id() -> str:
    """A fresh UUID4 as a string."""
    return str(uuid.uuid4())


def derived_id(kind: str, *parts: str) -> str:
    """The same UUID on every laptop for a row that must exist once per something (a student's
    learner profile, a student's plan in a class, the default proficiency scale): two laptops
    that create it offline make one row whose fields merge (with conflicts listed), never two
    rows of which one is hidden."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "classroom-desktop:" + kind + ":" + ":".join(parts)))
