"""Public verification of certificates."""

from django.urls import path

from .views import verify

urlpatterns = [path("verify/", verify.verify, name="verify")]
