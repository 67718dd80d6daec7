import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

# Tests that share one expensive package-scoped fixture, sent to a single xdist worker together.
SHARED_UNITS = ("tests/demo/",)  # the demo province (tests/demo/conftest.py)


def pytest_xdist_make_scheduler(config, log):
    """`-n`'s default distribution (`load`, test by test), except that each of SHARED_UNITS goes
    to one worker as one unit, the largest first. (`--dist loadgroup` with `xdist_group` marks
    would do the same, but pytest-xdist 3.8 cannot rename the tests of pytest 9 into groups.)"""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SharedUnitScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return next((unit for unit in SHARED_UNITS if nodeid.startswith(unit)), nodeid)

    return SharedUnitScheduling(config, log)


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


# --- transactional tests (browser, row locks) -------------------------------------------------
# `transactional_db` empties every table after the test, the reference data loaded with the test
# database included (units, rulebooks, product sets). Those rows are read once, then put back
# before each such test and after the last test of its module, for the tests that follow.

REFERENCE_MODELS = (
    "criteria.Rulebook",
    "criteria.ScoreSheet",
    "registry.ProductSet",
    "geo.AdminUnit",
    "geo.UnitConversion",
)


@pytest.fixture(scope="session")
def reference_rows(django_db_setup, django_db_blocker):
    from django.apps import apps

    with django_db_blocker.unblock():
        return [
            (model, list(model.objects.order_by("pk")))
            for model in map(apps.get_model, REFERENCE_MODELS)
        ]


def _put_back(reference_rows) -> None:
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from ocop.geo.models import AdminUnit

    if AdminUnit.objects.exists():
        return
    with transaction.atomic():
        for model, rows in reference_rows:
            model.objects.bulk_create(rows, batch_size=2000)
        models = [model for model, _rows in reference_rows]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


@pytest.fixture(scope="module")
def _reference_data_after_module(reference_rows, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        _put_back(reference_rows)


@pytest.fixture
def reference_db(_reference_data_after_module, reference_rows, transactional_db):
    """`transactional_db` with the reference data present, and put back for the next tests."""
    _put_back(reference_rows)
