"""Shared-folder sync: clock, bundle format, encryption, the layout on the share and merge.

The share only ever holds sealed, write-once files (see DESIGN.md, "Sync through a shared folder").
"""
