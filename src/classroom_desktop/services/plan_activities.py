"""The class's activity library: what a plan step can point to (title, standards, levels, tags)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.models import Activity, SchoolClass

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

__all__ = ["ActivityLibrary", "ActivityView", "activity_view"]


@dataclass(frozen=True)
class ActivityView:
    id: str
    class_id: str | None
    title: str
    standard_ids: tuple[str, ...]
    level_min: float
    level_max: float
    tags: tuple[str, ...]
    materials: str
    link: str


def activity_view(row: Activity) -> ActivityView:
    return ActivityView(
        row.id,
        row.class_id,
        row.title,
        tuple(row.standard_ids or []),
        row.level_min,
        row.level_max,
        tuple(row.tags or []),
        row.materials or "",
        row.link or "",
    )


def _clean_activity(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if "title" in out:
        out["title"] = " ".join((out["title"] or "").split())
        if not out["title"]:
            raise UserError(_("The activity needs a title."))
    if "tags" in out:
        out["tags"] = list(dict.fromkeys(t.strip() for t in out["tags"] if t.strip()))
    if "standard_ids" in out:
        out["standard_ids"] = list(dict.fromkeys(out["standard_ids"]))
    for key in ("materials", "link"):
        if key in out:
            out[key] = (out[key] or "").strip()
    return out


class ActivityLibrary:
    """The class's activities: title, standards, level range, tags, materials, a page or link."""

    def __init__(self, classroom: Classroom) -> None:
        self._c = classroom

    def activities(self, class_id: str) -> list[ActivityView]:
        with self._c.db.reading() as tx:
            rows = tx.all(Activity, Activity.class_id == class_id, order_by=[Activity.title])
        return [activity_view(r) for r in rows]

    def add_activity(
        self,
        class_id: str,
        title: str,
        standard_ids: Sequence[str] = (),
        level_min: float = 1.0,
        level_max: float = 4.0,
        tags: Sequence[str] = (),
        materials: str = "",
        link: str = "",
    ) -> ChangeSet:
        fields = _clean_activity(
            {
                "title": title,
                "standard_ids": list(standard_ids),
                "tags": list(tags),
                "materials": materials,
                "link": link,
            }
        )
        self._check_levels(level_min, level_max)
        with self._c.write() as tx:
            tx.require(SchoolClass, class_id, "class")
            row = tx.add(
                Activity, class_id=class_id, level_min=float(level_min), level_max=float(level_max), **fields
            )
        tx.changes.created_id = row.id
        return tx.changes

    def add_activities(self, class_id: str, activities: Sequence[dict[str, Any]]) -> ChangeSet:
        """Add many activities in one transaction and one change-log batch (a demo, an import).

        Each item holds :meth:`add_activity`'s arguments by name (``title`` is required); the rows
        and their change-log entries are those one :meth:`add_activity` per item would make.
        """
        rows = []
        for item in activities:
            fields = _clean_activity(
                {
                    "title": item["title"],
                    "standard_ids": list(item.get("standard_ids", ())),
                    "tags": list(item.get("tags", ())),
                    "materials": item.get("materials", ""),
                    "link": item.get("link", ""),
                }
            )
            low, high = float(item.get("level_min", 1.0)), float(item.get("level_max", 4.0))
            self._check_levels(low, high)
            rows.append({"class_id": class_id, "level_min": low, "level_max": high, **fields})
        with self._c.write() as tx:
            tx.require(SchoolClass, class_id, "class")
            tx.add_many(Activity, rows)
        return tx.changes

    def edit_activity(self, activity_id: str, **fields: Any) -> ChangeSet:
        allowed = {"title", "standard_ids", "level_min", "level_max", "tags", "materials", "link"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown activity fields: {sorted(unknown)}")
        values = _clean_activity(fields)
        with self._c.write() as tx:
            row = tx.require(Activity, activity_id, "activity")
            self._check_levels(values.get("level_min", row.level_min), values.get("level_max", row.level_max))
            tx.update(row, **values)
        return tx.changes

    def delete_activity(self, activity_id: str) -> ChangeSet:
        with self._c.write() as tx:
            tx.delete(tx.require(Activity, activity_id, "activity"))
        return tx.changes

    @staticmethod
    def _check_levels(low: float, high: float) -> None:
        if low > high:
            raise UserError(
                _(
                    "The activity's lowest level ({low}) is above its highest level ({high}). "
                    "Swap them or change one."
                ).format(low=f"{low:g}", high=f"{high:g}")
            )
