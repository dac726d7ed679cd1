from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhenxing.accounts"
    verbose_name = "账号"
