from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site-wide pages and content"

    def ready(self):
        from home.signal_handlers import register_signal_handlers

        register_signal_handlers()
