import mimetypes

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site-wide pages and content"

    def ready(self):
        from home.signal_handlers import register_signal_handlers

        # Python's own table lacks some of the files the site serves.
        mimetypes.add_type("application/manifest+json", ".webmanifest")
        mimetypes.add_type("text/vtt", ".vtt")

        register_signal_handlers()
