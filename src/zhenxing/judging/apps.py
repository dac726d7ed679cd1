from django.apps import AppConfig


class JudgingConfig(AppConfig):
    name = "zhenxing.judging"
    verbose_name = "决赛评分"
