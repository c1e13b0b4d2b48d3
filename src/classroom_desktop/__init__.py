"""Classroom Desktop: personalized, competency-based learning for a teacher's laptop."""

from classroom_desktop.source_reads import keep_sources_out_of_memory

__version__ = "0.1.0"
APP_NAME = "Classroom Desktop"

keep_sources_out_of_memory()  # when PySide6 came first (a script, the tests): see source_reads
