from django.urls import path

from crossgen.people import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:employee_id>/", views.profile, name="profile"),
    path("me/diversity/", views.my_diversity, name="my-diversity"),
]
