from django.urls import URLPattern

app_name = "enrolment"
urlpatterns: list[URLPattern] = []
