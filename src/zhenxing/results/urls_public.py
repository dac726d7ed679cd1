"""Results pages anyone may read."""

from django.urls import path

from .views import public

urlpatterns = [
    path(
        "editions/<slug:code>/events/<int:pk>/results/",
        public.public_results,
        name="public_results",
    ),
]
