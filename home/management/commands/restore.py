from django.core.management.base import BaseCommand, CommandError

from home.backup import ENGINE_NAMES, BackupError, describe_counts, describe_size, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the database and uploaded files from an archive made by `manage.py backup`. "
        "Refuses to replace a site that has content unless given --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the backup archive (.tar.gz)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database and media files even though the site has content",
        )

    def handle(self, *args, **options):
        try:
            result = restore_backup(options["archive"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        database = manifest["database"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {ENGINE_NAMES[database['engine']]} database "
                f"({describe_counts(database['counts'] or {})}) and {result.media_files} media "
                f"file{'s' if result.media_files != 1 else ''} "
                f"({describe_size(result.media_bytes)}) from {options['archive']}, "
                f"made {manifest['created']} with Django {manifest['versions']['django']} "
                f"and Wagtail {manifest['versions']['wagtail']}."
            )
        )
        if result.migrations_to_apply:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates {len(result.migrations_to_apply)} of this code's "
                    "migrations: run `manage.py migrate` before serving the site."
                )
            )
        self.stdout.write(
            "Restart the site's web processes so that nothing they kept from before is shown."
        )
