from django.urls import URLPattern

app_name = "matchmaking"
urlpatterns: list[URLPattern] = []
