"""Bringing files into a workspace (rosters, standards) and taking the gradebook out, all or nothing.

The package's modules, by what they hold:
- ``files``: the bytes of a chosen file, a OneRoster export's files (zip or folder)
- ``roster_plan``: matching a roster's rows to the workspace's students (the preview), its summary
- ``roster_apply``: writing a planned roster import in one transaction; undo and redo
- ``oneroster_in``: the picked classes of a OneRoster export
- ``standards_in``: a framework from a CASE package, Canvas outcomes or a standards CSV/XLSX
- ``canvas_scale``: a Canvas file's ratings against a class's proficiency scale
- ``exports``: a framework and a gradebook out
- ``commands``: the window's and the command line's ``import``
"""

from classroom_desktop.services.importing.canvas_scale import (
    ScaleCheck,
    check_canvas_scale,
    scale_from_ratings,
)
from classroom_desktop.services.importing.commands import import_file, import_path
from classroom_desktop.services.importing.common import Progress
from classroom_desktop.services.importing.exports import (
    STANDARDS_FORMATS,
    canvas_export,
    export_gradebook,
    export_standards,
    export_standards_path,
    gradebook_sheet,
    standards_file,
)
from classroom_desktop.services.importing.files import oneroster_files, read_bytes
from classroom_desktop.services.importing.oneroster_in import (
    OneRosterPreview,
    apply_oneroster,
    choose_classes,
    find_workspace_class,
    import_oneroster,
    preview_oneroster,
    workspace_class_for,
)
from classroom_desktop.services.importing.roster_apply import (
    RosterResult,
    apply_roster,
    import_roster,
    redo_roster,
    undo_roster,
)
from classroom_desktop.services.importing.roster_plan import (
    ROSTER_TEXT_FIELDS,
    SOURCE_IDS_OPTION,
    Existing,
    RosterPlan,
    plan_roster,
    roster_summary,
)
from classroom_desktop.services.importing.standards_in import import_standards, read_standards
from classroom_desktop.services.roster import name_key

__all__ = [
    "ROSTER_TEXT_FIELDS", "SOURCE_IDS_OPTION", "STANDARDS_FORMATS", "Existing", "OneRosterPreview",
    "Progress", "RosterPlan", "RosterResult", "ScaleCheck", "apply_oneroster", "apply_roster",
    "canvas_export", "check_canvas_scale", "choose_classes", "export_gradebook", "export_standards",
    "export_standards_path", "find_workspace_class", "gradebook_sheet", "import_file", "import_oneroster",
    "import_path", "import_roster", "import_standards", "name_key", "oneroster_files", "plan_roster",
    "preview_oneroster", "read_bytes", "read_standards", "redo_roster", "roster_summary",
    "scale_from_ratings", "standards_file", "undo_roster", "workspace_class_for",
]
