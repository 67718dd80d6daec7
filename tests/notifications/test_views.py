import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.notifications import services
from ocop.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")


def _notify(user, subject="Hồ sơ đã được tiếp nhận", url="/dossiers/12/") -> Notification:
    [notification] = services.send([user], subject=subject, body="Nội dung", url=url)
    return notification


def _read_url(notification) -> str:
    return reverse("notifications:read", args=[notification.pk])


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_urls_are_under_inbox():
    assert INBOX == "/inbox/"
    assert reverse("notifications:read", args=[5]) == "/inbox/5/read"
    assert reverse("notifications:read_all") == "/inbox/read-all"


def test_inbox_lists_only_own_notifications(client, user):
    _notify(user, subject="Hội đồng đã chấm điểm")
    _notify(UserFactory(), subject="Việc của người khác")
    response = client.get(INBOX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hội đồng đã chấm điểm" in page
    assert "Việc của người khác" not in page
    assert "Đánh dấu tất cả đã đọc" in page
    assert 'id="inbox-summary"' in page
    assert response.context["inbox_unread"] == 1


def test_inbox_highlights_unread(client, user):
    read = _notify(user, subject="Đã xem rồi")
    services.mark_read(read, user=user)
    unread = _notify(user, subject="Chưa xem")
    page = client.get(INBOX).content.decode()
    unread_item = page.split(f'id="notification-{unread.pk}"')[1].split("</li>")[0]
    read_item = page.split(f'id="notification-{read.pk}"')[1].split("</li>")[0]
    assert "bg-success-subtle" in unread_item and "Mới" in unread_item
    assert "bg-success-subtle" not in read_item
    assert 'href="/dossiers/12/"' in read_item


def test_inbox_without_notifications(client, user):
    page = client.get(INBOX).content.decode()
    assert "Bạn chưa có thông báo nào." in page
    assert "Đánh dấu tất cả đã đọc" not in page


def test_inbox_is_paginated_by_30(client, user):
    for index in range(31):
        _notify(user, subject=f"Thông báo số {index}")
    first = client.get(INBOX)
    assert len(first.context["page"].object_list) == 30
    assert "Thông báo số 30" in first.content.decode()
    second = client.get(INBOX, {"page": 2})
    assert [n.subject for n in second.context["page"].object_list] == ["Thông báo số 0"]
    assert client.get(INBOX, {"page": "abc"}).status_code == 200


def test_anonymous_is_sent_to_login(client):
    notification = _notify(UserFactory())
    login = reverse("accounts:login")
    for response in (
        client.get(INBOX),
        client.post(_read_url(notification)),
        client.post(reverse("notifications:read_all")),
    ):
        assert response.status_code == 302
        assert response.url.startswith(login)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_read_marks_and_opens_the_object(client, user):
    notification = _notify(user)
    response = client.post(_read_url(notification))
    assert response.status_code == 302
    assert response.url == "/dossiers/12/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_read_with_stay_goes_back_to_inbox(client, user):
    notification = _notify(user)
    response = client.post(_read_url(notification), {"stay": "1"})
    assert response.url == INBOX
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    "url",
    [
        "",
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example",
        "javascript:alert(1)",
        "dossiers/12/",
    ],
)
def test_read_never_redirects_off_site(client, user, url):
    notification = _notify(user, url=url)
    response = client.post(_read_url(notification))
    assert response.status_code == 302
    assert response.url == INBOX
    assert url not in client.get(INBOX).content.decode() or url == ""


def test_someone_elses_notification_is_404(client, user):
    other = _notify(UserFactory())
    assert client.post(_read_url(other)).status_code == 404
    assert client.post(reverse("notifications:read", args=[999999])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_read_needs_post(client, user):
    notification = _notify(user)
    assert client.get(_read_url(notification)).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_read_under_htmx_returns_the_item_and_counts(client, user):
    notification = _notify(user)
    _notify(user)
    response = client.post(_read_url(notification), {"stay": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.content.decode()
    assert f'id="notification-{notification.pk}"' in fragment
    assert "bg-success-subtle" not in fragment.split("</li>")[0]
    assert 'id="inbox-summary" class="d-flex flex-wrap align-items-center gap-2" hx-swap-oob' in (
        fragment
    )
    assert 'id="inbox-unread-badge" hx-swap-oob="true"' in fragment
    assert response.context["inbox_unread"] == 1
    assert "<html" not in fragment


def test_read_all_marks_only_own(client, user):
    mine = [_notify(user) for _ in range(3)]
    theirs = _notify(UserFactory())
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert response.redirect_chain == [(INBOX, 302)]
    assert "Đã đánh dấu 3 thông báo là đã đọc." in response.content.decode()
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_inbox_badge_through_the_context_processor(client, user, settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": [
                    *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                    "ocop.notifications.context_processors.inbox",
                ],
            },
        }
    ]
    _notify(user)
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("core:home"))
    assert response.context["inbox_unread"] == 1
    sql = [query["sql"] for query in context.captured_queries]
    assert len([text for text in sql if "notifications_notification" in text]) == 1


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(INBOX)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_inbox_query_count_does_not_grow(client, user):
    _notify(user)
    one = _count_queries(client)
    for _ in range(19):
        _notify(user)
    services.mark_read(Notification.objects.filter(recipient=user).first(), user=user)
    assert _count_queries(client) == one
