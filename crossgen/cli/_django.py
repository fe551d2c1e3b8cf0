"""Commands that touch the database start Django the same way manage.py does."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossgen.web.settings")
    import django

    django.setup()
