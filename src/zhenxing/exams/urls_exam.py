"""The contestants' addresses, under /exam/: listed first in the site's addresses, since an
answer is the busiest request of an exam (500 contestants × 100 questions)."""

from django.urls import path

from .views import candidate

app_name = "exam"

urlpatterns = [
    path("", candidate.sign_in, name="sign_in"),
    path("paper/", candidate.take, name="take"),
    path("answer/", candidate.answer, name="answer"),
    path("state/", candidate.state, name="state"),
    path("handover/", candidate.hand_over, name="handover"),
    path("submit/", candidate.submit, name="submit"),
    path("image/<int:item>/", candidate.image, name="image"),
    path("image/<int:item>/<int:option>/", candidate.image, name="option_image"),
]
