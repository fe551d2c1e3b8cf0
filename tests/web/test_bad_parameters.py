"""Bad numbers and NUL characters in a request get a clear answer, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from crossgen.web.params import MAX_ID, id_param
from tests.conftest import World

NOT_IDS = ["", "0", "-1", "²", "١٢", "1.5", " 7", "99999999999999999999", str(MAX_ID + 1)]


@pytest.mark.parametrize("text", NOT_IDS)
def test_text_that_is_not_an_id_reads_as_none(text: str) -> None:
    assert id_param(text) is None


@given(st.integers(min_value=1, max_value=MAX_ID))
def test_every_id_reads_back_as_itself(number: int) -> None:
    assert id_param(str(number)) == number


@pytest.mark.parametrize("stage", ["²", "99999999999999999999", "-3"])
def test_a_nonsense_stage_filter_shows_the_directory(world: World, stage: str) -> None:
    response = world.client_for(world.alice).get(reverse("people:directory"), {"stage": stage})
    assert response.status_code == 200


@pytest.mark.parametrize("organization", ["²", "99999999999999999999", "x"])
def test_switching_to_a_nonsense_organisation_changes_nothing(
    world: World, organization: str
) -> None:
    client = world.client_for(world.alice)
    response = client.post(reverse("switch-organization"), {"organization": organization})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["organization"] == world.acme


@pytest.mark.parametrize(
    "params", [{"q": "ann\x00"}, {"department": "\x00"}, {"q\x00": "x"}, {"page": "1\x00"}]
)
def test_a_nul_character_in_the_query_string_is_refused_with_a_reason(
    world: World, params: dict[str, str]
) -> None:
    response = world.client_for(world.alice).get(reverse("people:directory"), params)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_nul_character_in_a_form_is_refused_and_nothing_changes(world: World) -> None:
    client = world.client_for(world.alice)
    response = client.post(reverse("switch-organization"), {"organization": "1\x00"})
    assert response.status_code == 400
