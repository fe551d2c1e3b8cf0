"""Refusing an oversized roster upload early, before it is on disk.

Django receives an upload whole, into a temporary file, the first time a view
(or the CSRF check) reads ``request.POST`` or ``request.FILES``. A roster
upload is refused before that: at once when the request declares a
``Content-Length`` over the cap, and otherwise as soon as the bytes received
pass it (the rest is read and dropped, never stored).
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

MULTIPART_ALLOWANCE = 64 * 1024
"""Room in a request's declared length for the form's other fields and the
multipart boundaries around the file."""


def declared_too_large(request: HttpRequest, *, max_bytes: int) -> bool:
    """Whether the request says, before sending it, that its body cannot fit a file of ``max_bytes``."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django refuses a malformed length itself
    return declared > max_bytes + MULTIPART_ALLOWANCE


class UploadSizeLimit(FileUploadHandler):
    """Passes an uploaded file's bytes on to Django's usual handlers until the
    file grows past ``max_bytes``; then drops the file and sets ``exceeded``.

    Insert it first in ``request.upload_handlers`` before the body is read.
    """

    def __init__(self, request: HttpRequest, *, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.max_bytes:
            self.exceeded = True
            raise SkipFile  # Django closes (deletes) what it wrote and skips the rest
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler builds the file
