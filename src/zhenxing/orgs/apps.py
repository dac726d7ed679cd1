from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "zhenxing.orgs"
    verbose_name = "组织、人员与审计"
