from django.urls import path

from crossgen.roster import views

app_name = "roster"
urlpatterns = [
    path("import/", views.start, name="start"),
    path("import/<uuid:import_id>/", views.review, name="review"),
    path("import/<uuid:import_id>/commit/", views.commit, name="commit"),
]
