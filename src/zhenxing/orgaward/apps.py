from django.apps import AppConfig


class OrgawardConfig(AppConfig):
    name = "zhenxing.orgaward"
    verbose_name = "优秀组织奖"

    def ready(self):
        # Django's way: audit actions are registered once apps load.
        from . import actions  # noqa: F401 — see above
