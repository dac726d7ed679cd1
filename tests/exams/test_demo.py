"""`zhenxing demo` gives the exam something to show: a bank, a confirmed draw, a sitting."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhenxing.exams.models import PaperDraw, Question, Sitting


def test_demo_exam_is_there_once_and_sealed(edition):
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "理论考试" in out.getvalue()
    sitting = Sitting.objects.get()
    assert sitting.attempts.count() == 8
    assert PaperDraw.objects.get().confirmed_at is not None
    questions = Question.objects.count()
    call_command("demo", stdout=io.StringIO())
    assert Question.objects.count() == questions and Sitting.objects.count() == 1
    client = Client()
    client.force_login(get_user_model().objects.get(username="supervisor"))
    paper = reverse("exams:paper", args=[edition.code, sitting.paper_id])
    assert client.get(paper).status_code == 404  # sealed until tomorrow
    client.force_login(get_user_model().objects.get(username="host"))
    assert client.get(paper).status_code == 200
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "理论考试 数控车工" in page
