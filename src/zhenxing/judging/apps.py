from django.apps import AppConfig


class JudgingConfig(AppConfig):
    name = "zhenxing.judging"
    verbose_name = "决赛评分"

    def ready(self):
        from . import actions  # noqa: F401 — registers the app's audit actions and their names
