from django.urls import path

from crossgen.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:message_id>/", views.message, name="message"),
]
