from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.seed import FilmSettings, SeedError, load_seed_content

# What the loader leaves alone because an editor changed, unpublished or deleted it.
SKIPPED = {"edited", "unpublished", "touched", "deleted"}


class Command(BaseCommand):
    help = (
        "Build the page tree with the partnership's starting content and publish it. "
        "Safe to run again: pages changed, unpublished or deleted in the admin are left alone, "
        "and it lists them."
    )

    def add_arguments(self, parser):
        film = parser.add_argument_group(
            "the strategy film",
            "Without an address, transcript and captions check, the film is saved as a "
            "draft and the home page shows no film until editors complete it.",
        )
        film.add_argument(
            "--film-url",
            default=settings.LAHP_STRATEGY_FILM_URL,
            help="YouTube or Vimeo address (default: $LAHP_STRATEGY_FILM_URL)",
        )
        film.add_argument(
            "--film-transcript",
            default=settings.LAHP_STRATEGY_FILM_TRANSCRIPT,
            metavar="FILE",
            help="a UTF-8 text file, paragraphs separated by blank lines "
            "(default: $LAHP_STRATEGY_FILM_TRANSCRIPT)",
        )
        film.add_argument(
            "--film-captions-confirmed",
            action="store_true",
            default=settings.LAHP_STRATEGY_FILM_CAPTIONS_CONFIRMED,
            help="the hosted video's closed captions have been checked and are accurate "
            "(default: $LAHP_STRATEGY_FILM_CAPTIONS_CONFIRMED)",
        )

    def handle(self, *args, **options):
        film_settings = FilmSettings(
            url=options["film_url"] or "",
            transcript_path=options["film_transcript"] or "",
            captions_confirmed=options["film_captions_confirmed"],
        )
        try:
            outcomes = load_seed_content(film_settings)
        except SeedError as error:
            raise CommandError(str(error)) from None
        if all(outcome.action == "unchanged" for outcome in outcomes):
            self.stdout.write("Seed content is already loaded; nothing changed.")
            return
        for outcome in outcomes:
            if outcome.action == "unchanged":
                self.stdout.write(outcome.describe())
            elif outcome.action in {"created", "updated"}:
                self.stdout.write(self.style.SUCCESS(outcome.describe()))
            else:
                self.stdout.write(self.style.WARNING(outcome.describe()))
        skipped = [outcome for outcome in outcomes if outcome.action in SKIPPED]
        if skipped:
            self.stdout.write(
                self.style.WARNING(
                    f"Skipped {len(skipped)}, as editors left them: "
                    + "; ".join(outcome.title for outcome in skipped)
                )
            )
