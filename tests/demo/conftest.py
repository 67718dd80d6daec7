"""The demo province, built once for all the tests of this package (about 20 s), on a fixed day.

The build runs inside a transaction rolled back after the package's last test, so the tests of
other packages never see it; each test's own changes are rolled back as usual. Under xdist the
package's tests go to one worker as one unit (tests/conftest.py), so the demo is built once per
test run.

The demo is dated relative to the day it is loaded: the clock stands on DEMO_DAY (ticking) while
it is built and tested, so that the tests do not depend on the real date."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from ocop.demo.builder import build_demo

DEMO_DAY = datetime.datetime(2026, 12, 8, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(scope="package")
def demo_build(django_db_setup, django_db_blocker):
    """The summary of `build_demo()`, built on DEMO_DAY; the clock stays there until the
    package's last test is done."""
    with (
        time_machine.travel(DEMO_DAY, tick=True),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield build_demo()
        transaction.set_rollback(True)
