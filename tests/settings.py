"""Settings for the test suite: the project's settings with a test secret and a fast hasher."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from ocop.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost"]
# Tasks run at once inside the test (the database backend is exercised by its own tests).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Each test process signs with its own throwaway key.
OCOP_SIGNING_KEY = ""
OCOP_SIGNING_KEY_FILE = Path(tempfile.gettempdir()) / f"ocop-test-signing-{os.getpid()}.pem"
