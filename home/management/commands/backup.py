from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from home.backup import (
    ENGINE_NAMES,
    BackupError,
    archive_name,
    create_backup,
    describe_counts,
    describe_size,
)


class Command(BaseCommand):
    help = (
        "Back up the database and every uploaded file into one archive "
        "(lahp-backup-YYYYmmdd-HHMMSS.tar.gz). Safe while the site is running."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            default=".",
            help="the folder to write the archive into (default: the current folder)",
        )
        parser.add_argument(
            "--output", metavar="PATH", help="the archive's own path, instead of a folder"
        )

    def handle(self, *args, **options):
        path = Path(options["output"] or Path(options["folder"]) / archive_name())
        try:
            manifest = create_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        database = manifest["database"]
        media = manifest["media"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {ENGINE_NAMES[database['engine']]} database "
                f"({describe_counts(database['counts'] or {})}) and {media['files']} media "
                f"file{'s' if media['files'] != 1 else ''} ({describe_size(media['bytes'])}) "
                f"to {path} ({describe_size(path.stat().st_size)})."
            )
        )
