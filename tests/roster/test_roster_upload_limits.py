"""Oversized roster uploads are refused early on the web: before the body is
read when the request declares its size, and before more than the cap is
stored when it does not; always with the same clear message, never a 500."""

from __future__ import annotations

from typing import ClassVar

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from crossgen.roster.models import RosterImport
from crossgen.roster.uploads import MULTIPART_ALLOWANCE, UploadSizeLimit
from tests.conftest import World
from tests.roster.builders import roster_csv

START = reverse("roster:start")
CAP = 100_000
TOO_LARGE = "The file is larger than"


class UnreadableBody:
    """A request body that must never be read."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the request body was read")

    readline = read


class ByteCounter(FileUploadHandler):
    """Stands for Django's own handlers, after the size limit: counts what reaches them."""

    received: ClassVar[int] = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        ByteCounter.received += len(raw_data)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _csrf_client(world: World) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice)
    client.get(START)
    return client, client.cookies["csrftoken"].value


@override_settings(ROSTER_MAX_UPLOAD_BYTES=CAP)
def test_an_upload_declared_over_the_cap_is_refused_before_its_body_is_read(
    world: World,
) -> None:
    client, _ = _csrf_client(world)  # the real CSRF check would read the body too
    response = client.post(
        START,
        CONTENT_TYPE="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(CAP * 10),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 200
    assert TOO_LARGE in response.content.decode()
    assert not RosterImport.unscoped.exists()


@override_settings(
    ROSTER_MAX_UPLOAD_BYTES=CAP,
    FILE_UPLOAD_HANDLERS=["tests.roster.test_roster_upload_limits.ByteCounter"],
)
def test_an_upload_that_passes_the_cap_is_dropped_before_more_than_the_cap_is_stored(
    world: World,
) -> None:
    ByteCounter.received = 0
    client, token = _csrf_client(world)
    # Within the allowance for the form around the file: the declared length passes.
    size = CAP + MULTIPART_ALLOWANCE // 2
    big = SimpleUploadedFile("roster.csv", roster_csv().ljust(size, b"#"), "text/csv")
    response = client.post(START, {"csrfmiddlewaretoken": token, "file": big, "full_roster": "1"})
    assert response.status_code == 200
    assert TOO_LARGE in response.content.decode()
    assert 0 < ByteCounter.received <= CAP
    assert not RosterImport.unscoped.exists()


def test_the_limit_passes_bytes_on_up_to_the_cap_and_then_drops_the_file() -> None:
    limit = UploadSizeLimit(RequestFactory().post("/"), max_bytes=100)
    assert limit.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    assert limit.receive_data_chunk(b"x" * 40, 60) == b"x" * 40
    assert not limit.exceeded
    try:
        limit.receive_data_chunk(b"x", 100)
    except SkipFile:
        pass
    else:
        raise AssertionError("the 101st byte was passed on")
    assert limit.exceeded


def test_an_upload_within_the_cap_still_needs_the_csrf_token(world: World) -> None:
    client, token = _csrf_client(world)
    upload = {"file": SimpleUploadedFile("roster.csv", roster_csv(), "text/csv")}
    assert client.post(START, upload).status_code == 403
    assert not RosterImport.unscoped.exists()

    upload = {"file": SimpleUploadedFile("roster.csv", roster_csv(), "text/csv")}
    response = client.post(START, {**upload, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert RosterImport.unscoped.count() == 1
