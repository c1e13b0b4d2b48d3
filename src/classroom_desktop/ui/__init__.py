"""The PySide6 window. The only package that imports Qt."""

import PySide6.QtCore  # noqa: F401 (first, so that the line below applies to what the window imports)

from classroom_desktop.source_reads import keep_sources_out_of_memory

keep_sources_out_of_memory()
