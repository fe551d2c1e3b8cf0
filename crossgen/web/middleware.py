"""Request checks that apply to every page."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
MULTIPART_CONTENT_TYPE = "multipart/form-data"
SMALL_MULTIPART_BYTES = 64 * 1024


class RefuseNulCharactersMiddleware:
    """Answer 400 to a query string or form holding a NUL character.

    No field of ours accepts one, PostgreSQL cannot store one in text (it
    raises, which would be a 500), and SQLite would store it silently. Uploaded
    files are left alone here: the roster reader reports NULs by row and field,
    and parsing a large multipart body here would receive the whole upload
    before the view can refuse an oversized one. Views that install their own
    upload handlers are marked with ``reads_its_own_body`` and skipped.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _holds_nul(request.GET.lists()):
            return _refusal()
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponse],
        args: object,
        kwargs: object,
    ) -> HttpResponse | None:
        if getattr(view, "reads_its_own_body", False):
            return None
        if _is_small_form(request) and _holds_nul(request.POST.lists()):
            return _refusal()
        return None


def reads_its_own_body[V: Callable[..., HttpResponse]](view: V) -> V:
    """Mark a view that reads the request body itself (custom upload handlers),
    so that no middleware parses it first."""
    view.reads_its_own_body = True  # type: ignore[attr-defined]
    return view


def _is_small_form(request: HttpRequest) -> bool:
    if request.content_type == FORM_CONTENT_TYPE:
        return True
    if request.content_type != MULTIPART_CONTENT_TYPE:
        return False
    # A small multipart body is a form (or a tiny file) and cheap to parse here.
    length = request.META.get("CONTENT_LENGTH") or ""
    return length.isascii() and length.isdigit() and int(length) <= SMALL_MULTIPART_BYTES


def _holds_nul(items: Iterable[tuple[str, list[str]]]) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in items)


def _refusal() -> HttpResponse:
    return HttpResponseBadRequest(
        "This request contains a NUL character (\\0), which no field accepts. "
        "Remove it and try again.",
        content_type="text/plain; charset=utf-8",
    )
