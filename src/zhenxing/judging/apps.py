from django.apps import AppConfig


class JudgingConfig(AppConfig):
    name = "zhenxing.judging"
    verbose_name = "决赛评分"

    def ready(self):
        # registers the app's audit actions and their names, and answers registration's signal
        from . import actions, receivers  # noqa: F401 — see above

        receivers.connect()
