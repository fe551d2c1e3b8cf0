"""The site's URLs with a stand-in for ``matchmaking:preview`` (written in
crossgen/matchmaking by another team), so the settings page's live-preview
wiring is tested whether or not that view exists yet."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path

from crossgen.web.urls import urlpatterns as site_urls


def fake_preview(request: HttpRequest, cohort_id: int) -> HttpResponse:
    return HttpResponse(f"<p>{len(request.POST)} fields previewed</p>")


def _without_matchmaking() -> list[URLPattern | URLResolver]:
    return [
        pattern
        for pattern in site_urls
        if isinstance(pattern, URLPattern | URLResolver)
        and not (isinstance(pattern, URLResolver) and pattern.namespace == "matchmaking")
    ]


matchmaking = (
    [path("cohorts/<int:cohort_id>/preview/", fake_preview, name="preview")],
    "matchmaking",
)
urlpatterns = [*_without_matchmaking(), path("", include(matchmaking))]
