from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zhenxing.web"
    verbose_name = "页面"
