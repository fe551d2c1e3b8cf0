"""The production settings, plus only what makes tests fast and hermetic."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("EMAIL_BACKEND", "locmem")

from crossgen.web.settings import *  # noqa: F403
from crossgen.web.settings import DATABASES, STORAGES

# A deliberately weak hasher: Argon2 costs ~50 ms per login, which adds up.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["default"]["OPTIONS"] = {"location": tempfile.mkdtemp(prefix="crossgen-test-uploads-")}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
# Serve static files from the apps' folders, as in development: no collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Threads of the live server and of in-process jobs must not keep connections
# open past their work, or the PostgreSQL test database cannot be dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0
