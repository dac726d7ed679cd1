from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .api import api

admin.site.site_header = "振兴杯大赛平台 · 后台管理"
admin.site.site_title = "振兴杯大赛平台"
admin.site.index_title = "组委会办公室"

urlpatterns = [
    path("exam/", include("zhenxing.exams.urls_exam")),  # first: the exam's answers are many
    path("", include("zhenxing.web.urls")),
    path("", include("zhenxing.registration.urls")),
    path("", include("zhenxing.judging.urls")),
    path("", include("zhenxing.results.urls")),
    path("", include("zhenxing.awards.urls")),
    path("", include("zhenxing.orgaward.urls")),
    path("", include("zhenxing.showcase.urls")),
    path("", include("zhenxing.talent.urls")),
    path("", include("zhenxing.exams.urls")),
    path("", include("zhenxing.accounts.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler500 = "zhenxing.web.errors.server_error"
