"""Services: the one door to a workspace."""

from classroom_desktop.domain.errors import UserError
from classroom_desktop.store.changes import ChangeSet

__all__ = ["ChangeSet", "UserError"]
