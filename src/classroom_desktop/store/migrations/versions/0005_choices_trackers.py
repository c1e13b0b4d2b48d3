"""choice boards (the student's pick on a plan step) and students' self-assessments

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_step", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chosen_activity_id", sa.String(length=36), server_default="", nullable=False))
    op.create_table(
        "self_assessment",
        sa.Column("student_id", sa.String(length=36), nullable=False),
        sa.Column("standard_id", sa.String(length=36), nullable=False),
        sa.Column("class_id", sa.String(length=36), nullable=True),
        sa.Column("level", sa.Float(), nullable=False),
        sa.Column("assessed_on", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("modified_at", sa.String(length=32), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["class_id"], ["school_class.id"]),
        sa.ForeignKeyConstraint(["standard_id"], ["standard.id"]),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("self_assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_self_assessment_standard_id"), ["standard_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_self_assessment_student_id"), ["student_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("self_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_assessment_student_id"))
        batch_op.drop_index(batch_op.f("ix_self_assessment_standard_id"))
    op.drop_table("self_assessment")
    with op.batch_alter_table("plan_step", schema=None) as batch_op:
        batch_op.drop_column("chosen_activity_id")
