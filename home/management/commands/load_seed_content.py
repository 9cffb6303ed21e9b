from django.core.management.base import BaseCommand

from home.seed import load_seed_content


class Command(BaseCommand):
    help = (
        "Build the page tree with the partnership's starting content and publish it. "
        "Safe to run again: pages changed or deleted in the admin are left alone."
    )

    def handle(self, *args, **options):
        outcomes = load_seed_content()
        if not any(outcome.changed for outcome in outcomes) and all(
            outcome.action == "unchanged" for outcome in outcomes
        ):
            self.stdout.write("Seed content is already loaded; nothing changed.")
            return
        for outcome in outcomes:
            style = self.style.SUCCESS if outcome.changed else self.style.WARNING
            if outcome.action == "unchanged":
                style = str
            self.stdout.write(style(outcome.describe()))
