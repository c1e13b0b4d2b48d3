"""units as problems, peer helpers' opt-out, re-assessment when ready (issue 17, points 1, 2, 5)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _entity_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("modified_at", sa.String(length=32), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "helper_setting",
        sa.Column("student_id", sa.String(length=36), nullable=False),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        *_entity_columns(),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("helper_setting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_helper_setting_student_id"), ["student_id"], unique=False)

    op.create_table(
        "unit",
        sa.Column("class_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("driving_problem", sa.Text(), nullable=False),
        sa.Column("end_task", sa.Text(), nullable=False),
        sa.Column("standard_ids", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *_entity_columns(),
        sa.ForeignKeyConstraint(["class_id"], ["school_class.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_class_id"), ["class_id"], unique=False)

    op.create_table(
        "reassessment",
        sa.Column("student_id", sa.String(length=36), nullable=False),
        sa.Column("standard_id", sa.String(length=36), nullable=False),
        sa.Column("class_id", sa.String(length=36), nullable=True),
        sa.Column("marked_on", sa.String(length=10), nullable=False),
        sa.Column("marked_by", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence_id", sa.String(length=36), nullable=True),
        sa.Column("closed_on", sa.String(length=10), nullable=False),
        *_entity_columns(),
        sa.ForeignKeyConstraint(["class_id"], ["school_class.id"]),
        sa.ForeignKeyConstraint(["standard_id"], ["standard.id"]),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reassessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reassessment_student_id"), ["student_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reassessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reassessment_student_id"))
    op.drop_table("reassessment")
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_class_id"))
    op.drop_table("unit")
    with op.batch_alter_table("helper_setting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_helper_setting_student_id"))
    op.drop_table("helper_setting")
