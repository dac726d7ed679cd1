from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "zhenxing.awards"
    verbose_name = "奖项与证书"

    def ready(self):
        # Django's way: audit actions, signal receivers and the public page's extras are wired
        # once apps load (importing them at the top of apps.py would load models too early).
        from zhenxing.results import extras  # noqa: I001 — see above

        from . import actions, public, receivers  # noqa: F401 — see above

        receivers.connect()
        extras.provide(public.public_texts)
