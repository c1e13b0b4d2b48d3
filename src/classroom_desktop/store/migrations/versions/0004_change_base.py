"""change log: each change's base (what it replaced) and the bundle that carried it

``base`` is the newest stamp the writing laptop knew for the field when it wrote the change (for a
delete, for any field of the row); ``row_base`` the newest it knew for any field of the row. With
them every laptop -- a third one that took no part included -- can tell two edits made without
seeing each other (a conflict) from a deliberate overwrite. ``bundle`` is the hash of the bundle
the change was published in or received from, so the log can be trimmed once every known laptop
has applied it (see ``store/change_log.py``).

Changes logged before this revision: this laptop's own get their bases from the order they were
logged in (as they were published); another laptop's get "~", which sorts after every stamp
("it had seen everything"), so old history never turns into new conflicts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("base", sa.String(64), nullable=True))
        batch_op.add_column(sa.Column("row_base", sa.String(64), nullable=True))
        batch_op.add_column(sa.Column("bundle", sa.String(80), nullable=True))
    op.execute("UPDATE change SET base = '~', row_base = '~', bundle = 'before-0004' WHERE origin != 'local'")
    op.execute(
        "UPDATE change SET bundle = 'before-0004' WHERE origin = 'local' AND seq <= coalesce("
        "(SELECT json_extract(value, '$.published_changes') FROM meta WHERE key = 'sync_state'), 0)"
    )
    # this laptop's own changes: NULL bases are filled from the log's order at the next sync
    # (store/change_log.fill_bases), exactly as they were computed when published.


def downgrade() -> None:
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_column("bundle")
        batch_op.drop_column("row_base")
        batch_op.drop_column("base")
