"""``{% url_if_exists %}``: a link to a page that may not exist yet.

The program pages link to pages other apps provide (invitations, enrolments,
matching). Rendering ``{% url %}`` for a name that is not registered raises;
this tag gives an empty string instead, so the link is simply not shown::

    {% url_if_exists "matchmaking:cohort" cohort_id=cohort.pk as matching_url %}
    {% if matching_url %}<a href="{{ matching_url }}">Matching</a>{% endif %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_if_exists(name: str, *args: Any, **kwargs: Any) -> str:
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""
