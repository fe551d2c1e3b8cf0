"""Organisation settings pages, gathered under /settings/ from the apps that own them."""

from django.urls import path

from crossgen.people import settings_views as people_settings
from crossgen.skills import views as skill_views

app_name = "settings"
urlpatterns = [
    path("", people_settings.overview, name="overview"),
    path("career-stages/", people_settings.career_stages, name="career-stages"),
    path("privacy/", people_settings.privacy, name="privacy"),
    path("roster/", people_settings.roster_rules, name="roster"),
    path("skills/", skill_views.skill_list, name="skills"),
    path("skills/new/", skill_views.skill_create_view, name="skill-create"),
]
