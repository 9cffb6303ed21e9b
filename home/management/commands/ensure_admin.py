import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create an 'admin' superuser with a random password, printed once, "
        "if the site has no superuser yet. Does nothing otherwise."
    )

    def handle(self, *args, **options):
        user_model = get_user_model()
        if user_model.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin account already exists; its password is unchanged.")
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username="admin", email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                "\nCreated the admin account. Sign in at /admin/ with:\n"
                f"    username: admin\n    password: {password}\n"
                "This password is shown only once. To change it later: "
                "make admin-password\n"
            )
        )
