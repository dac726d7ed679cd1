from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "zhenxing.exams"
    verbose_name = "理论考试"

    def ready(self):
        # Django's way: audit actions are registered once apps load.
        from . import actions  # noqa: F401 — see above
