"""Addresses of the app under one namespace: the back office under office/<code>/showcase/, the
public gallery under showcase/<code>/."""

from django.urls import path

from .views import nominate, public, review

app_name = "showcase"
E = "office/<slug:code>/showcase/"
N = E + "n/<int:pk>/"
P = "showcase/<slug:code>/"

urlpatterns = [
    path(E, review.home, name="home"),
    path(E + "queue/", review.queue, name="queue"),
    path(E + "org/<int:org>/", nominate.organization, name="organization"),
    path(E + "org/<int:org>/new/", nominate.new, name="new"),
    path(E + "challenge/<uuid:public_id>/", nominate.challenge, name="challenge"),
    path(N, nominate.nomination, name="nomination"),
    path(N + "works/", nominate.work_upload, name="work_upload"),
    path(N + "links/", nominate.link_add, name="link_add"),
    path(N + "submit/", nominate.submit, name="submit"),
    path(N + "delete/", nominate.delete, name="delete"),
    path(N + "decide/", review.decide, name="decide"),
    path(E + "works/<int:pk>/delete/", nominate.work_delete, name="work_delete"),
    path(E + "works/<int:pk>/<str:which>/", nominate.work_file, name="work_file"),
    path(P, public.gallery, name="gallery"),
    path(P + "<uuid:public_id>/", public.detail, name="detail"),
    path(P + "<uuid:public_id>/like/", public.like, name="like"),
    path(P + "files/<uuid:public_id>/<str:which>/", public.work_file, name="public_file"),
]
