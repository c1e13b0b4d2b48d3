"""learner profile: the family's home language

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 07:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("learner_profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("home_language", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("learner_profile", schema=None) as batch_op:
        batch_op.drop_column("home_language")
