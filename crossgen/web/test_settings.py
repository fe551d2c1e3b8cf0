"""The production settings, plus only what makes tests fast and hermetic."""

import atexit
import os
import shutil
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

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A database file, as in production (WAL, busy timeout). Django's default
    # in-memory test database shares one cache between connections, and there a
    # background job's write meets a page's read with an immediate "database
    # table is locked" instead of waiting (the busy timeout does not apply).
    # In memory where the machine has room for it (containers often cap /dev/shm).
    _RAM = "/dev/shm"
    _roomy = os.path.isdir(_RAM) and shutil.disk_usage(_RAM).free > 2**30
    _TEST_DB_DIR = tempfile.mkdtemp(prefix="crossgen-test-db-", dir=_RAM if _roomy else None)
    atexit.register(shutil.rmtree, _TEST_DB_DIR, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(_TEST_DB_DIR, "test.sqlite3")}
