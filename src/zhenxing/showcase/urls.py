"""Addresses of the app under one namespace."""

app_name = "showcase"
urlpatterns = []
