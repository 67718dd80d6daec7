"""Rulebooks and sheets in the admin: visible to superusers, read-only, refused to others."""

import pytest

from ocop.accounts.models import Role
from ocop.criteria.models import Rulebook, ScoreSheet
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_shows_rulebooks_and_sheets_read_only(superuser_client):
    rulebook = Rulebook.objects.get(slug="qd-26-2026")
    sheet = ScoreSheet.objects.get(rulebook=rulebook, set_no=9)

    for url in (
        "/admin/criteria/rulebook/",
        f"/admin/criteria/rulebook/{rulebook.pk}/change/",
        "/admin/criteria/scoresheet/?q=nước+mắm",
        f"/admin/criteria/scoresheet/{sheet.pk}/change/",
    ):
        response = superuser_client.get(url)
        assert response.status_code == 200, url
    assert "Tương, nước mắm" in response.content.decode()
    assert superuser_client.get("/admin/criteria/rulebook/add/").status_code == 403
    response = superuser_client.post(
        f"/admin/criteria/rulebook/{rulebook.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Rulebook.objects.filter(pk=rulebook.pk).exists()


def test_admin_refuses_an_officer(client, units):
    officer = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
    officer.is_staff = True
    officer.save()
    client.force_login(officer)

    response = client.get("/admin/criteria/rulebook/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
