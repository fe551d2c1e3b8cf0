from django.urls import path

from crossgen.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="create"),
    path("<int:program_id>/", views.program_detail, name="detail"),
    path("<int:program_id>/settings/", views.program_settings, name="settings"),
    path("<int:program_id>/audit/", views.program_audit, name="audit"),
    path("<int:program_id>/cohorts/new/", views.cohort_create, name="cohort-create"),
    path("<int:program_id>/cohorts/<int:cohort_id>/", views.cohort_edit, name="cohort-edit"),
]
