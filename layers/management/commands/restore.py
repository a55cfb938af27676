"""Restore a backup folder made by `manage.py backup` into the configured database and MEDIA_ROOT."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from layers.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = "从备份恢复数据库与照片 (restore the database and photos from a backup folder)"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="备份目录 (a geo_gov-backup-… folder)")
        parser.add_argument("--force", action="store_true", help="覆盖非空数据库 (replace a database that has data)")

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(options["archive"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        cases, photos = manifest["rows"].get("layers_complaint", 0), len(manifest["media"])
        self.stdout.write(
            f"已恢复 (restored) {options['archive']}: {cases} 个诉求 (cases), {photos} 张照片 (photos); "
            "行数与校验和一致 (row counts and checksums match)"
        )
