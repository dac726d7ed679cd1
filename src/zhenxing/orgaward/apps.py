from django.apps import AppConfig


class OrgawardConfig(AppConfig):
    name = "zhenxing.orgaward"
    verbose_name = "优秀组织奖"

    def ready(self):
        # Django's way: audit actions and the entry page's lines are registered once apps load.
        from zhenxing.registration import entry_extras  # noqa: I001 — see above

        from . import actions  # noqa: F401 — see above
        from .entry_lines import sent_by  # noqa: I001 — see above

        entry_extras.provide(sent_by)
