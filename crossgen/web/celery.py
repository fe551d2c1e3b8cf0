"""The Celery application: a real worker fed by Redis in production, and
in-process (eager) execution when no broker is configured."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossgen.web.settings")

app = Celery("crossgen")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
