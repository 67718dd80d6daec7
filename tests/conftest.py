import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the official administrative units (about 14,000 rows) and the rulebooks once per
    test database."""
    with django_db_blocker.unblock():
        call_command("load_units", verbosity=0)
        call_command("load_rulebooks", verbosity=0)


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, stopped before the test database is dropped (its thread
    holds a connection that would otherwise block the drop on PostgreSQL)."""
    return live_server


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request in English must not leave the
    thread's active language to the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def units():
    """Handy units of Đà Nẵng (current era) and the former Quảng Nam (legacy era)."""
    from tests.factories import UnitSet

    return UnitSet()
