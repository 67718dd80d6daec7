import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the official administrative units once per test database (about 14,000 rows)."""
    with django_db_blocker.unblock():
        call_command("load_units", verbosity=0)


@pytest.fixture
def units():
    """Handy units of Đà Nẵng (current era) and the former Quảng Nam (legacy era)."""
    from tests.factories import UnitSet

    return UnitSet()
