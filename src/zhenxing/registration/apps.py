from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "zhenxing.registration"
    verbose_name = "报名"
