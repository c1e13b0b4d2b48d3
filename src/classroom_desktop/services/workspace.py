"""Where workspaces live, and which one the teacher opened last."""

from __future__ import annotations

import json
import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_DIR_NAME = "ClassroomDesktop"


def default_workspace_dir() -> Path:
    """The teacher's workspace folder in the platform's user data folder."""
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False)) / "workspace"


def demo_workspace_dir() -> Path:
    """The demo class's own folder, apart from the teacher's real classes."""
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False)) / "demo"


def _settings_file() -> Path:
    return Path(user_config_dir(APP_DIR_NAME, appauthor=False)) / "recent.json"


def last_workspace() -> Path | None:
    """The workspace opened last, if it still exists."""
    try:
        data = json.loads(_settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    path = Path(data.get("last_workspace", "")) if isinstance(data, dict) else None
    return path if path and (path / "classroom.sqlite3").exists() else None


def remember_workspace(folder: Path | str) -> None:
    """Remember ``folder`` as the one to open next time (best effort)."""
    target = _settings_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(".tmp-recent.json")
        tmp.write_text(json.dumps({"last_workspace": str(Path(folder).resolve())}), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass
