"""Signing in: email and password, Argon2 in production, throttled against brute force."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import World

LOGIN = reverse("login")
PASSWORD = "correct horse battery staple"


def test_a_member_signs_in_with_email_and_password(world: World) -> None:
    response = Client().post(LOGIN, {"username": "alice@acme.example", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_pages_need_a_signed_in_user(world: World) -> None:
    response = Client().get(reverse("people:directory"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(world: World) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "alice@acme.example", "password": "wrong"})
    response = client.post(LOGIN, {"username": "alice@acme.example", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


def test_a_signed_in_user_without_membership_gets_a_clear_page(db: None) -> None:
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(email="lonely@example.com"))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "not part of an organisation" in response.content.decode()


def test_production_hashes_passwords_with_argon2() -> None:
    from crossgen.web import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_the_email_address_is_not_case_sensitive(world: World) -> None:
    response = Client().post(LOGIN, {"username": "Alice@ACME.example", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_changing_the_case_of_the_address_does_not_buy_more_attempts(world: World) -> None:
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        variant = "ALICE@acme.example" if attempt % 2 else "alice@ACME.example"
        client.post(LOGIN, {"username": variant, "password": "wrong"})
    response = client.post(LOGIN, {"username": "Alice@Acme.Example", "password": PASSWORD})
    assert response.status_code == 429
