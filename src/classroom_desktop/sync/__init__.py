"""Shared-folder sync: clock, bundle format, encryption, signatures, the layout on the share and merge.

The share only ever holds sealed, write-once files (see DESIGN.md, "Sync through a shared folder").
The rules below are what keeps a teacher's work from being lost or hidden, whatever happens to the
laptops or to the folder.

Replicas, not laptops
    What syncs is a *replica*: one workspace database with its own identity, an Ed25519 key pair
    (kept in the database, meta ``sync_identity``). Its id is derived from the public key
    (:func:`crypto.device_for`), so nobody can write as a replica without its private key. A
    workspace takes an identity before it first joins a sync folder; every change it logs is
    stamped with the hybrid clock and that id.

Forks are normal
    A restored backup, a copied workspace folder, or a backup restored onto a new laptop
    (``restore_into``) is a second database claiming the same identity. Each replica records
    every bundle it wrote (``state["own"]``, by content hash). At the start of a round it looks in
    its own folder on the share: a bundle it did not record is either its own, written just before
    a crash (every change in it is in the local log as our own, same stamp: adopted), or another
    copy's. In that case -- or when its folder's manifest lists bundles it never wrote -- the
    workspace *forks*: it takes a fresh key pair and id and a new folder, re-stamps the local
    changes it has not published yet with the new id (same time and counter), and treats its old
    id as another laptop: it reads back from the old folder every bundle it does not hold (the
    other timeline's work) and skips the ones it wrote itself. Nothing the other copy wrote, and
    nothing this copy writes after the fork, is lost.

Version vectors by content, not by number
    Bundles are tracked by the hash of their content per writer folder (``state["applied"]``), not
    by a sequence number, so two timelines that both wrote "bundle 7" are both applied. Applying is
    idempotent and order-independent (``store/sync_apply.py``), so reading a bundle twice is safe.

Manifests and repair
    After each round a replica writes a signed manifest (``devices/<id>/state.json``): its name,
    the bundles it published (including those under ids it had before a fork), what it applied and
    what it is missing. Every laptop compares the bundles the manifests list with the ones it has
    applied and reports "missing N changes from <laptop>, waiting for it to sync" (status
    "incomplete", never "ok"). Every laptop keeps a copy of each bundle it wrote or read
    (``<workspace>/sync-cache/``, not in backups); when a manifest says a bundle is missing, or a file
    on the share is damaged, any laptop holding it -- its writer or one that applied it -- puts the
    original signed bytes back. The share heals itself.

Bases, conflicts and a log that stops growing
    Each change carries its *base*: the newest stamp its laptop knew for the field (for a delete,
    for the whole row; ``row_base`` always for the row), kept in the change log (migration 0004).
    Two changes of one field clash when the newer one's base is older than the other's stamp; a
    delete and an edit clash when neither's row base covers the other. That is a property of the
    set of changes, so every laptop holding both lists the conflict -- one that took no part too
    -- in any order (``store/conflicts.py``). The log records which bundle brought each change;
    once every known laptop's manifest says it has that bundle and a newer change of the field is
    logged, the old entry is removed (``store/change_log.trim``). The newest change of every field
    always stays, so last-writer-wins and snapshots for new laptops are unaffected, and the log
    holds about one entry per field however often the class is edited.

Abandoned forks
    A fork notes in its manifest when it left its old id (``forked_from``). An old id whose own
    manifest is older than that moment is *abandoned* (the file it lived in was replaced): it no
    longer holds back compaction of the share or of the change log, and the sync says so. If the
    other copy was alive after all, its next sync dates its manifest after the fork, it counts
    again, and whatever was cleaned up meanwhile reaches it from a snapshot.

Authenticity
    A bundle's header names the signer's public key; the file ends with the signature of every byte
    before it. A bundle is refused (and named in the report) unless it is signed by the key whose id
    is the folder's and the header's, that key matches the one pinned on first sight, and every
    change in it carries that id. Evidence and notes are insert-only on apply whoever sends an
    update (only an undo's tombstone may change). A change stamped more than a day ahead of the
    time (this laptop's clock, or when that is behind, what most other laptops' manifests say) is
    refused and reported, and its bundle read again later; when the laptop whose clock ran ahead
    has its date set right, it re-issues those changes with fresh stamps and withdraws the refused
    bundles. The repository key (AES-GCM) proves membership and keeps the share unreadable; it is
    kept in the operating system's credential store where one works (``keyring``), else beside the
    database in ``sync.key`` (0600), never in the database or its backups
    (``services/sync_keys.py``).

Known limits: a joined member (it has the repository key and its own signing key) can still write
ordinary edits under its own name, as any teacher can; a laptop that never syncs again (and was not
replaced by a fork) keeps the others from compacting their bundles and change logs (nothing is
lost, the share and the logs just grow) until it is removed ("Remove a laptop"); the sync state's
list of applied bundle hashes grows by 65 bytes a bundle.
"""
