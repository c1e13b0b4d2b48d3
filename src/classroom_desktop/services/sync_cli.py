"""``classroom-desktop sync``: set up, sync, list or remove laptops, change the passphrase, status."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from classroom_desktop.domain.errors import UserError
from classroom_desktop.i18n import _
from classroom_desktop.services.sync_keys import KEY_FILE
from classroom_desktop.services.sync_port import CACHE_DIR
from classroom_desktop.services.syncing import PASSPHRASE_VARIABLE, SyncService
from classroom_desktop.sync.repo import SyncRepo

NEW_PASSPHRASE_VARIABLE = "CLASSROOM_SYNC_NEW_PASSPHRASE"


def _ask(variable: str, prompt: str) -> str:
    """A passphrase from ``variable``, else typed at the terminal; a clear error without one."""
    value = os.environ.get(variable)
    if value:
        return value
    try:
        return getpass.getpass(prompt)
    except (EOFError, OSError) as exc:
        raise UserError(
            _("No passphrase given: set the {variable} variable or run this in a terminal.").format(
                variable=variable
            )
        ) from exc


def sync_from_command_line(
    workspace: Path,
    folder: Path,
    create: bool = False,
    join: bool = False,
    change_passphrase: bool = False,
    remove_laptop: str | None = None,
    list_laptops: bool = False,
    show_status: bool = False,
) -> str:
    """``classroom-desktop sync``: set up (``--create``/``--join``) if asked, then sync once.

    The passphrase comes from ``CLASSROOM_SYNC_PASSPHRASE``, else it is asked for (the new one for
    ``--change-passphrase`` and ``--remove-laptop`` from ``CLASSROOM_SYNC_NEW_PASSPHRASE``). Joining
    into a missing or empty workspace brings the whole class over; a join that fails leaves no
    empty workspace behind.

    Raises:
        UserError: bad folder or passphrase, or the sync did not complete.
    """
    from classroom_desktop.services.classroom import Classroom
    from classroom_desktop.store.engine import DB_NAME

    workspace = Path(workspace).expanduser()
    existed = (workspace / DB_NAME).exists()
    folder_existed = workspace.exists()
    classroom = Classroom.open(workspace, create=create or join)
    ok = False
    try:
        service = SyncService(classroom)
        if list_laptops or change_passphrase or remove_laptop or show_status:
            if not service.is_set_up():
                raise UserError(_("Sync is not set up for this workspace (or needs the passphrase again)."))
            if show_status:  # what the last sync said, and what is kept where; no sync
                ok = True
                status = service.status()
                clashes = [
                    f"  {c.what}: kept {c.kept}; the other laptop's {c.other}" for c in service.conflicts()
                ]
                if clashes:
                    clashes.insert(0, f"Conflicts ({len(clashes)}), edited on two laptops:")
                return "\n".join(
                    line for line in (status.message, service.housekeeping(), *clashes) if line
                )
            if list_laptops:
                ok = True
                return "\n".join(
                    _laptop_line(device, name, when, device == classroom.device_id)
                    for device, name, when in service.laptops()
                )
            old = _ask(PASSPHRASE_VARIABLE, _("Class sync passphrase: "))
            new = _ask(NEW_PASSPHRASE_VARIABLE, _("New class sync passphrase: "))
            if remove_laptop:
                report = service.remove_laptop(remove_laptop, old, new)
                prefix = _("Removed laptop {device}: the other laptops need the new passphrase. ").format(
                    device=remove_laptop
                )
            else:
                service.change_passphrase(old, new)
                ok = True
                return _("The sync passphrase was changed.")
        elif create or join or not service.is_set_up():
            if not create and not join:
                join = SyncRepo(Path(folder)).exists()
                create = not join
            passphrase = _ask(PASSPHRASE_VARIABLE, _("Class sync passphrase: "))
            report = service.setup(folder, passphrase, create=create)
            prefix = ""
        else:
            configured = Path(service.config()["folder"])
            if configured.resolve() != Path(folder).expanduser().resolve():
                raise UserError(
                    _("This workspace syncs with {configured}. Use --join to switch it to {folder}.").format(
                        configured=configured, folder=folder
                    )
                )
            report = service.sync_now()
            prefix = ""
        ok = True
    except UserError:
        raise
    except Exception as exc:  # a bug: one line for the teacher, the traceback in the log
        import logging

        logging.getLogger(__name__).exception("sync failed")
        raise UserError(
            _("Sync failed unexpectedly ({reason}); nothing was lost.").format(
                reason=f"{type(exc).__name__}: {exc}"
            )
        ) from exc
    finally:
        classroom.close()
        if not ok and not existed:
            import shutil

            if folder_existed:
                for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", KEY_FILE, CACHE_DIR, "backups"):
                    target = workspace / name
                    if target.is_dir():
                        shutil.rmtree(target, ignore_errors=True)
                    else:
                        target.unlink(missing_ok=True)
            else:
                shutil.rmtree(workspace, ignore_errors=True)
    if report.status != "ok":
        raise UserError(prefix + " ".join(report.message.split()))
    return prefix + report.message


def _laptop_line(device: str, name: str | None, when: str | None, this_one: bool) -> str:
    """One laptop of ``sync --list-laptops``: its id, name and last sync, in the program's language."""
    line = _("{device}  {name}  last sync {when}").format(
        device=device, name=name or _("(no name yet)"), when=when or _("never")
    )
    return f"{line}  {_('(this laptop)')}" if this_one else line
