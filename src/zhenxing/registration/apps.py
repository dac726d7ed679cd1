from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "zhenxing.registration"
    verbose_name = "报名"

    def ready(self):
        from . import actions  # noqa: F401 — registers the app's audit actions and their names
