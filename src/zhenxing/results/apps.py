from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "zhenxing.results"
    verbose_name = "成绩与申诉"

    def ready(self):
        # Django's way: the app's audit actions and signal receivers are wired once apps load.
        from . import actions, receivers  # noqa: F401

        receivers.connect()
