"""Invitation and enrolment pages, at the site root (namespace ``enrolment``)."""

from django.urls import path

from crossgen.programs import enrolment_views as views

app_name = "enrolment"
urlpatterns = [
    path("cohorts/<int:cohort_id>/invite/", views.invite, name="invite"),
    path("cohorts/<int:cohort_id>/enrolments/", views.cohort_enrolments, name="cohort-enrolments"),
    path("enrol/<str:token>/", views.enrol, name="enrol"),
    path("enrol/<str:token>/skills/", views.enrol_skills, name="enrol-skills"),
    path("enrolments/<int:enrolment_id>/", views.my_enrolment, name="mine"),
    path("enrolments/<int:enrolment_id>/skills/", views.my_enrolment_skills, name="mine-skills"),
]
