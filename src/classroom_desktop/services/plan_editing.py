"""The teacher's edits to a saved learning plan (steps, order, goals, reflection), and their undo.

Every field the teacher changes is marked edited, so a re-draft keeps it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from classroom_desktop.domain import plans as drafting
from classroom_desktop.domain.errors import UserError
from classroom_desktop.domain.plans import STATUSES
from classroom_desktop.i18n import _
from classroom_desktop.services.plan_views import parse_day
from classroom_desktop.services.roster import goals_to_json
from classroom_desktop.services.views import Goal
from classroom_desktop.store.changes import ChangeSet
from classroom_desktop.store.models import LearningPlan, PlanStep, SchoolClass, Standard

if TYPE_CHECKING:
    from classroom_desktop.services.classroom import Classroom

__all__ = ["PlanEditing"]


def _step_state(row: PlanStep) -> dict[str, Any]:
    return {
        "standard_id": row.standard_id,
        "position": row.position,
        "target_on": row.target_on,
        "status": row.status,
        "activity_ids": list(row.activity_ids or []),
        "notes": row.notes,
        "edited_fields": list(row.edited_fields or []),
    }


class PlanEditing:
    """Edits to saved plans; part of :class:`~classroom_desktop.services.plans.Plans`."""

    _c: Classroom

    def edit_step(self, step_id: str, **fields: Any) -> ChangeSet:
        """Change a step's ``target_on`` (a date), ``status``, ``activity_ids`` or ``notes``.

        The changed fields are marked edited, so a re-draft keeps them.
        """
        unknown = set(fields) - {"target_on", "status", "activity_ids", "notes"}
        if unknown:
            raise ValueError(f"unknown plan step fields: {sorted(unknown)}")
        values = dict(fields)
        if "status" in values and values["status"] not in STATUSES:
            raise UserError(
                _("'{status}' is not a step status. Choose one of: {statuses}.").format(
                    status=values["status"], statuses=", ".join(_(v) for v in drafting.STATUS_LABELS.values())
                )
            )
        if "target_on" in values:
            day = values["target_on"]
            values["target_on"] = day.isoformat() if isinstance(day, date) else ""
        if "activity_ids" in values:
            values["activity_ids"] = list(dict.fromkeys(values["activity_ids"]))
        if "notes" in values:
            values["notes"] = (values["notes"] or "").strip()
        with self._c.write() as tx:
            row = tx.require(PlanStep, step_id, "plan step")
            changed = [k for k, v in values.items() if getattr(row, k) != v]
            edited = list(dict.fromkeys([*(row.edited_fields or []), *changed]))
            tx.update(row, **values, edited_fields=edited)
        return tx.changes

    def reorder(self, plan_id: str, step_ids: Sequence[str]) -> ChangeSet:
        """Put the plan's steps in this order; steps that moved keep their place on re-draft."""
        with self._c.write() as tx:
            tx.require(LearningPlan, plan_id, "learning plan")
            rows = {r.id: r for r in tx.all(PlanStep, PlanStep.plan_id == plan_id)}
            if set(step_ids) != set(rows):
                raise UserError(_("The plan changed while you were reordering it. Try again."))
            for position, sid in enumerate(step_ids):
                row = rows[sid]
                if row.position != position:
                    edited = list(dict.fromkeys([*(row.edited_fields or []), "position"]))
                    tx.update(row, position=position, edited_fields=edited)
        return tx.changes

    def add_step(self, plan_id: str, standard_id: str, target_on: date | None = None) -> ChangeSet:
        """Add a step (at the end); a step the teacher added stays on re-draft."""
        with self._c.write() as tx:
            plan = tx.require(LearningPlan, plan_id, "learning plan")
            rows = tx.all(PlanStep, PlanStep.plan_id == plan_id)
            if any(r.standard_id == standard_id for r in rows):
                raise UserError(_("That standard is already a step of this plan."))
            cls = tx.get(SchoolClass, plan.class_id) if plan.class_id else None
            standard = tx.get(Standard, standard_id)
            framework = cls.framework_id if cls is not None else None
            if standard is None or framework not in (None, standard.framework_id):
                raise UserError(_("That standard is not part of this class's framework."))
            day = target_on or parse_day(plan.end_on)
            row = tx.add(
                PlanStep,
                plan_id=plan_id,
                standard_id=standard_id,
                position=max((r.position for r in rows), default=-1) + 1,
                target_on=day.isoformat() if day else "",
                edited_fields=[drafting.ADDED, "position"],
            )
        tx.changes.created_id = row.id
        return tx.changes

    def remove_step(self, step_id: str) -> ChangeSet:
        with self._c.write() as tx:
            tx.delete(tx.require(PlanStep, step_id, "plan step"))
        return tx.changes

    def set_goals(self, plan_id: str, goals: Sequence[Goal]) -> ChangeSet:
        with self._c.write() as tx:
            tx.update(tx.require(LearningPlan, plan_id, "learning plan"), goals=goals_to_json(goals))
        return tx.changes

    def set_reflection(self, plan_id: str, text: str) -> ChangeSet:
        with self._c.write() as tx:
            tx.update(tx.require(LearningPlan, plan_id, "learning plan"), reflection=(text or "").strip())
        return tx.changes

    # ---- undo support -----------------------------------------------------------------
    def snapshot(self, plan_id: str) -> dict[str, Any]:
        """Everything an edit can change in a plan, to give to :meth:`restore` (undo)."""
        with self._c.db.reading() as tx:
            plan = tx.require(LearningPlan, plan_id, "learning plan")
            steps = {r.id: _step_state(r) for r in tx.all(PlanStep, PlanStep.plan_id == plan_id)}
            return {
                "plan_id": plan_id,
                "goals": list(plan.goals or []),
                "reflection": plan.reflection,
                "steps": steps,
            }

    def restore(self, snapshot: dict[str, Any]) -> ChangeSet:
        """Put a plan back as :meth:`snapshot` saw it (removed steps come back, added ones go)."""
        from sqlalchemy import select

        with self._c.write() as tx:
            plan = tx.require(LearningPlan, snapshot["plan_id"], "learning plan")
            tx.update(plan, goals=snapshot["goals"], reflection=snapshot["reflection"])
            rows = tx.scalars(select(PlanStep).where(PlanStep.plan_id == plan.id))
            for row in rows:
                state = snapshot["steps"].get(row.id)
                if state is None:
                    if not row.deleted:
                        tx.delete(row)
                else:
                    tx.update(row, deleted=False, **state)
        return tx.changes
