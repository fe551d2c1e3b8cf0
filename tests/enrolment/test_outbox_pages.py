"""The outbox: staff read what Crossgen sent; nobody else, and never another
organisation's messages."""

from __future__ import annotations

from django.urls import reverse

from crossgen.notifications.models import OutboxMessage
from crossgen.notifications.selectors import OUTBOX_PAGE_SIZE
from tests.conftest import World

OUTBOX = reverse("notifications:outbox")


def _message(world: World, to: str, **fields: str) -> OutboxMessage:
    return OutboxMessage.objects.create(
        organization=world.acme,
        to=to,
        subject=fields.pop("subject", f"Hello {to}"),
        body=fields.pop("body", "Welcome."),
        kind=fields.pop("kind", "invitation"),
        **fields,
    )


def test_staff_see_sent_messages_newest_first(world: World) -> None:
    _message(world, "first@acme.example", subject="The first one")
    _message(world, "second@acme.example", subject="The second one")
    body = world.client_for(world.bob).get(OUTBOX).content.decode()
    assert body.index("The second one") < body.index("The first one")


def test_a_message_page_shows_the_body_and_the_attachment_name(world: World) -> None:
    message = _message(
        world, "ann@acme.example", body="Line one\nhttp://testserver/enrol/abc/",
        attachment_name="first-meeting.ics", attachment="BEGIN:VCALENDAR",
    )  # fmt: skip
    url = reverse("notifications:message", kwargs={"message_id": message.pk})
    body = world.client_for(world.alice).get(url).content.decode()
    assert "Line one" in body and "first-meeting.ics" in body
    assert '<a href="http://testserver/enrol/abc/"' in body  # the demo can follow links
    assert "BEGIN:VCALENDAR" not in body


def test_the_outbox_is_searched_by_recipient(world: World) -> None:
    _message(world, "ann@acme.example")
    _message(world, "ben@acme.example")
    client = world.client_for(world.bob)
    body = client.get(OUTBOX, {"q": "ANN@"}).content.decode()
    assert "ann@acme.example" in body and "ben@acme.example" not in body
    partial = client.get(OUTBOX, {"q": "ben"}, HTTP_HX_REQUEST="true").content.decode()
    assert "ben@acme.example" in partial and "<html" not in partial
    assert "No message to" in client.get(OUTBOX, {"q": "zed"}).content.decode()


def test_the_outbox_is_paginated(world: World) -> None:
    for n in range(OUTBOX_PAGE_SIZE + 3):
        _message(world, f"person{n}@acme.example")
    client = world.client_for(world.bob)
    assert "Page 1 of 2" in client.get(OUTBOX).content.decode()
    assert "person0@acme.example" in client.get(OUTBOX, {"page": 2}).content.decode()
    assert client.get(OUTBOX, {"page": "junk"}).status_code == 200


def test_participants_cannot_read_the_outbox(world: World) -> None:
    message = _message(world, "carol@acme.example")
    client = world.client_for(world.carol)
    assert client.get(OUTBOX).status_code == 403
    url = reverse("notifications:message", kwargs={"message_id": message.pk})
    assert client.get(url).status_code == 403


def test_another_organisation_never_sees_acme_messages(world: World) -> None:
    message = _message(world, "secret@acme.example", subject="Acme secret")
    client = world.client_for(world.charlie)
    assert "Acme secret" not in client.get(OUTBOX).content.decode()
    url = reverse("notifications:message", kwargs={"message_id": message.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_staff_see_an_outbox_link_in_the_menu(world: World) -> None:
    assert f'href="{OUTBOX}"' in world.client_for(world.bob).get(reverse("home")).content.decode()
    assert (
        f'href="{OUTBOX}"'
        not in world.client_for(world.carol).get(reverse("home")).content.decode()
    )
