from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "zhenxing.editions"
    verbose_name = "届次与比赛项目"
