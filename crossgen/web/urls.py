from django.contrib.auth import views as auth_views
from django.urls import include, path

from crossgen.accounts import views as account_views
from crossgen.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("switch-organization/", account_views.switch_organization, name="switch-organization"),
    path("people/", include("crossgen.people.urls")),
    path("roster/", include("crossgen.roster.urls")),
    path("settings/", include("crossgen.web.settings_urls")),
    path("programs/", include("crossgen.programs.urls")),
    path("", include("crossgen.programs.enrolment_urls")),
    path("", include("crossgen.matchmaking.urls")),
    path("outbox/", include("crossgen.notifications.urls")),
]
