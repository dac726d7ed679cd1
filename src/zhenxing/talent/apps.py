from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "zhenxing.talent"
    verbose_name = "青年技能人才库"

    def ready(self):
        # Django's way: audit actions are registered once apps load.
        from . import actions  # noqa: F401 — see above
