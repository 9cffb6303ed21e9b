from django.apps import AppConfig


class AimsConfig(AppConfig):
    name = "aims"
    verbose_name = "Aims"
