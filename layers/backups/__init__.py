"""Backups: the database (pg_dump, custom format) and the photos, in one dated folder with a manifest
of row counts and SHA-256 checksums; restore puts both back and checks them. `manage.py backup` and
`manage.py restore` are the thin commands; retention is settings.BACKUP_KEEP (and _KEEP_DAYS)."""

from .archive import BackupError, make_backup, prune, restore_backup, verify_backup

__all__ = ["BackupError", "make_backup", "prune", "restore_backup", "verify_backup"]
