"""Matching pages, at the site root (namespace ``matchmaking``)."""

from django.urls import path

from crossgen.matchmaking import views

app_name = "matchmaking"
urlpatterns = [
    path("cohorts/<int:cohort_id>/matching/", views.cohort_matching, name="cohort"),
    path("cohorts/<int:cohort_id>/matching/start/", views.run_start, name="run-start"),
    path("cohorts/<int:cohort_id>/preview/", views.preview, name="preview"),
    path("runs/<int:run_id>/", views.run_review, name="run-review"),
    path("runs/<int:run_id>/progress/", views.run_progress, name="run-progress"),
    path("runs/<int:run_id>/compare/", views.run_compare, name="run-compare"),
    path("runs/<int:run_id>/pairs/new/", views.pair_manual, name="pair-manual"),
    path("runs/<int:run_id>/publish/", views.run_publish_view, name="run-publish"),
    path("pairs/<int:pair_id>/pin/", views.pair_pin_view, name="pair-pin"),
    path("pairs/<int:pair_id>/break/", views.pair_break_view, name="pair-break"),
    path("decisions/<int:decision_id>/remove/", views.decision_remove_view, name="decision-remove"),
    path("relationships/<int:relationship_id>/", views.relationship_detail, name="relationship"),
    path(
        "relationships/<int:relationship_id>/agree/",
        views.relationship_agree,
        name="relationship-agree",
    ),
    path(
        "relationships/<int:relationship_id>/first-meeting.ics",
        views.relationship_ics,
        name="relationship-ics",
    ),
]
