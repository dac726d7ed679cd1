from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "zhenxing.editions"
    verbose_name = "届次与比赛项目"

    def ready(self):
        from . import actions  # noqa: F401 — registers the app's audit actions and their names
