"""What a write changed: the answer every write returns, so each view refreshes only if it cares."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class ChangeSet:
    """Entities and ids touched by one write (or by one sync)."""

    touched: dict[str, set[str]] = field(default_factory=dict)
    #: The id of the row a create made (None for other writes).
    created_id: str | None = None

    def add(self, entity: str, entity_id: str) -> None:
        self.touched.setdefault(entity, set()).add(entity_id)

    def merge(self, other: ChangeSet) -> None:
        for entity, ids in other.touched.items():
            self.touched.setdefault(entity, set()).update(ids)

    def concerns(self, *entities: str) -> bool:
        """True when any of ``entities`` changed."""
        return any(e in self.touched for e in entities)

    def ids(self, entity: str) -> set[str]:
        return set(self.touched.get(entity, ()))

    @property
    def entities(self) -> Iterable[str]:
        return self.touched.keys()

    def __bool__(self) -> bool:
        return bool(self.touched)
