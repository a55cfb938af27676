"""Back up the database and the photos into one dated folder (layers/backups/); prune old ones."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from layers.backups import BackupError, make_backup
from layers.backups.database import DatabaseError


class Command(BaseCommand):
    help = "备份数据库与照片 (back up the database and photos) into BACKUP_DIR, keeping BACKUP_KEEP"

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, help="备份目录 (folder for backups; default settings.BACKUP_DIR)")

    def handle(self, *args, **options):
        try:
            folder = make_backup(options["out"])
        except (BackupError, DatabaseError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"备份完成 (backup made): {folder}")
