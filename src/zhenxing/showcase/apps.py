from django.apps import AppConfig


class ShowcaseConfig(AppConfig):
    name = "zhenxing.showcase"
    verbose_name = "“绝活”展示与网络挑战"

    def ready(self):
        # Django's way: audit actions are registered once apps load.
        from . import actions  # noqa: F401 — see above
