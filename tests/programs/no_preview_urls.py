"""The site's URLs without any matchmaking page: the settings page must
still render, with a note instead of the live preview."""

from __future__ import annotations

from django.urls import include, path

from tests.programs.preview_urls import _without_matchmaking

urlpatterns = [*_without_matchmaking(), path("", include(([], "matchmaking")))]
