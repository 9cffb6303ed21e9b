from django.core.management.base import BaseCommand

from home.reviews import send_review_reminders


class Command(BaseCommand):
    help = (
        "Email the owners of pages overdue for review. Safe to run as often as you like: "
        "each page is reminded about once per review cycle."
    )

    def handle(self, *args, **options):
        count = send_review_reminders()
        self.stdout.write(f"Sent reminders about {count} page{'s' if count != 1 else ''}.")
