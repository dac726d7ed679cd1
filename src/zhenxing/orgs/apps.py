from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "zhenxing.orgs"
    verbose_name = "组织、人员与审计"

    def ready(self):
        from . import actions  # noqa: F401 — registers the app's audit actions and their names
