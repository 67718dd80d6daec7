"""Password changes are account data: each is audited, without the hash."""

import re

import pytest
from django.urls import reverse

from ocop.audit.models import AuditEntry
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mat-khau-moi-2026"


def password_entries(user):
    return AuditEntry.objects.filter(object_type="user", object_id=str(user.pk))


def test_password_change_by_user_is_audited(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    entry = password_entries(user).get()
    assert entry.actor == user
    assert set(entry.changes) == {"password"}
    assert user.password not in str(entry.changes)


def test_failed_password_change_is_not_audited(client):
    user = UserFactory()
    client.force_login(user)

    client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert not password_entries(user).exists()


def test_password_reset_by_link_is_audited(client, mailoutbox):
    user = UserFactory()
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"/accounts/password/reset/\S+/\S+/", mailoutbox[0].body).group(0)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert password_entries(user).get().actor == user


def test_password_set_by_admin_is_audited(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    user = UserFactory()
    client.force_login(admin)

    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302
    entry = password_entries(user).get()
    assert entry.actor == admin
    assert entry.changes["password"][0] != user.password
