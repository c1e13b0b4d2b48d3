"""Pure Python core: types, mastery, readiness, grouping, learning paths.

Nothing here imports Qt, SQLAlchemy, or any other part of this package outside ``domain``.
"""
