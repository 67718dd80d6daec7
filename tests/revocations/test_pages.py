"""Revocation pages: role × page → status (404 outside the scope, 403 visible but not allowed,
302 anonymous to the login page), opening, deciding and the downloads."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ocop.certification.models import Certificate
from ocop.notifications.models import Notification
from ocop.revocations import domain
from ocop.revocations.models import Ground, RevocationCase, State

from .conftest import pdf

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "ministry",
    "agency",
    "hanoi_agency",
    "commune",
    "other_commune",
    "district",
    "council",
    "inspector",
    "producer",
    "hanoi_producer",
    "anonymous",
]
# (url name, object key, method): statuses in the order of ROLES. Objects: cases on the 4★ of
# Phường Hải Vân ("dn"), the 3★ of a legacy Điện Bàn commune ("qn"), the 5★ of Hải Vân
# ("five"), the 4★ of Hà Nội ("hn"); "cert" is the 4★ of Hải Vân itself.
TABLE = {
    ("list", None, "get"): "200 200 200 200 200 200 200 200 200 200 200 302",
    ("follow-up", None, "get"): "200 200 200 200 200 200 200 403 200 403 403 302",
    ("create", None, "get"): "200 200 200 200 200 200 403 403 403 403 403 302",
    ("create", "cert", "get"): "200 200 200 404 200 404 403 403 403 403 403 302",
    ("detail", "dn", "get"): "200 200 200 404 200 404 404 404 200 200 404 302",
    ("detail", "qn", "get"): "200 200 200 404 404 404 200 404 200 404 404 302",
    ("detail", "five", "get"): "200 200 200 404 200 404 404 404 200 404 404 302",
    ("detail", "hn", "get"): "200 200 404 200 404 404 404 404 404 404 200 302",
    ("evidence", "dn", "get"): "200 200 200 404 200 404 404 404 200 200 404 302",
    # Success is a redirect to the case; the competent level only.
    ("decide", "dn", "post"): "302 403 302 404 403 404 404 404 403 403 404 302",
    ("decide", "five", "post"): "302 302 403 404 403 404 404 404 403 404 404 302",
    ("dismiss", "dn", "post"): "302 403 302 404 403 404 404 404 403 403 404 302",
    ("evidence-add", "dn", "post"): "302 403 302 404 302 404 404 404 403 403 404 302",
}
CASES = [
    pytest.param(name, key, method, role, int(code), id=f"{name}-{key}-{method}-{role}")
    for (name, key, method), codes in TABLE.items()
    for role, code in zip(ROLES, codes.split(), strict=True)
]


def today():
    return timezone.localdate()


def make_case(scene, certificate, *, actor=None, finding_date=None, ground=Ground.C, **extra):
    return domain.open_case(
        certificates=[certificate],
        ground=ground,
        source="ministry_request",
        finding_date=finding_date or today() - datetime.timedelta(days=2),
        description="Kết luận kiểm tra: vi phạm ghi nhãn hàng hoá.",
        actor=actor or scene.ministry,
        evidence=[pdf()],
        **extra,
    )


@pytest.fixture
def cases(scene):
    return {
        "dn": make_case(scene, scene.four),
        "qn": make_case(scene, scene.legacy),
        "five": make_case(scene, scene.five_star),
        "hn": make_case(scene, scene.hanoi),
    }


def _url(name, key, scene, cases):
    if name in ("list", "follow-up"):
        return reverse(f"revocations:{name}")
    if name == "create":
        url = reverse("revocations:create")
        return f"{url}?certificate={scene.four.pk}" if key == "cert" else url
    if name == "evidence":
        return reverse("revocations:evidence", args=[cases[key].evidence.get().pk])
    return reverse(f"revocations:{name}", args=[cases[key].pk])


BODIES = {
    "decide": lambda: {"decision_no": "45/QĐ-UBND", "date": today().isoformat()},
    "dismiss": lambda: {"reason": "Chủ thể đã khắc phục."},
    "evidence-add": lambda: {"file": pdf("bien-ban.pdf"), "title": "Biên bản"},
}


@pytest.mark.parametrize(("name", "key", "method", "role", "expected"), CASES)
def test_permission_table(client, scene, cases, name, key, method, role, expected):
    if role != "anonymous":
        client.force_login(getattr(scene, role))
    url = _url(name, key, scene, cases)
    response = client.get(url) if method == "get" else client.post(url, BODIES[name]())
    assert response.status_code == expected, response.content[:500]
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    if method == "post" and expected != 302 and key:
        case = RevocationCase.objects.get(pk=cases[key].pk)
        assert case.state == State.OPEN
        assert case.evidence.count() == 1


# --- opening -------------------------------------------------------------------------------------


def _form(scene, **changes):
    data = {
        "certificates": [scene.four.pk],
        "ground": "c",
        "source": "commune_confirmation",
        "finding_date": (today() - datetime.timedelta(days=1)).isoformat(),
        "description": "Sản phẩm lưu hành không đúng nhãn đã đăng ký.",
        "evidence": [pdf("xac-nhan.pdf"), pdf("anh-nhan.pdf")],
    }
    data.update(changes)
    return data


def test_the_form_lists_the_producers_certificates_and_the_rulebooks_grounds(client, scene):
    client.force_login(scene.agency)
    response = client.get(reverse("revocations:create") + f"?certificate={scene.four.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert scene.three.number in page and scene.four.number in page
    assert scene.hanoi.number not in page
    assert "đ) Chủ thể OCOP không còn hoạt động sản xuất sản phẩm OCOP." in page


def test_opening_from_the_form(client, scene, django_capture_on_commit_callbacks):
    client.force_login(scene.agency)
    url = reverse("revocations:create") + f"?certificate={scene.four.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form(scene, certificates=[scene.three.pk, scene.four.pk]))
    case = RevocationCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("revocations:detail", args=[case.pk])
    assert set(case.certificates.all()) == {scene.three, scene.four}
    assert sorted(e.title for e in case.evidence.all()) == ["anh-nhan.pdf", "xac-nhan.pdf"]
    assert Notification.objects.filter(recipient=scene.producer, object_id=str(case.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "xac-nhan.pdf" in page
    assert scene.producer.get_full_name() in page  # notifications sent, shown to officers


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ground": ""}, "Hãy chọn căn cứ thu hồi (Điều 8)."),
        ({"evidence": []}, "Hãy đính kèm tài liệu chứng minh"),
        ({"certificates": []}, "Hãy chọn ít nhất một giấy chứng nhận."),
        ({"finding_date": "2999-01-01"}, "Ngày phát hiện không được ở tương lai."),
    ],
)
def test_bad_input_is_shown_on_the_form(client, scene, changes, message):
    client.force_login(scene.agency)
    url = reverse("revocations:create") + f"?certificate={scene.four.pk}"
    response = client.post(url, _form(scene, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RevocationCase.objects.exists()


def test_a_revoked_certificate_is_refused_with_its_reason(client, scene):
    Certificate.objects.filter(pk=scene.three.pk).update(revoked_on=today())
    client.force_login(scene.agency)
    url = reverse("revocations:create") + f"?certificate={scene.four.pk}"
    response = client.post(url, _form(scene, certificates=[scene.three.pk]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Giấy chứng nhận 1/2025/GCN-OCOP-48 đang ở tình trạng “Đã thu hồi”" in page
    assert not RevocationCase.objects.exists()


def test_a_commune_officer_may_only_pass_on_stopped_production(client, scene):
    client.force_login(scene.commune)
    url = reverse("revocations:create") + f"?certificate={scene.four.pk}"
    response = client.post(url, _form(scene, ground="c"))
    assert response.status_code == 400
    assert "căn cứ đ" in response.content.decode()
    response = client.post(url, _form(scene, ground="dd"))
    assert response.status_code == 302


def test_the_picker_finds_current_certificates(client, scene):
    Certificate.objects.filter(pk=scene.three.pk).update(revoked_on=today())
    client.force_login(scene.agency)
    page = client.get(reverse("revocations:create"), {"q": "GCN-OCOP-48"}).content.decode()
    assert scene.four.number in page
    assert scene.three.number not in page
    assert scene.hanoi.number not in page


# --- deciding ------------------------------------------------------------------------------------


def test_deciding_revokes_the_certificate_at_once(client, scene, cases):
    client.force_login(scene.agency)
    response = client.post(
        reverse("revocations:decide", args=[cases["dn"].pk]),
        {"decision_no": "45/QĐ-UBND", "date": today().isoformat()},
    )
    assert response.status_code == 302
    assert scene.four.status_on(today()) == "revoked"
    page = client.get(reverse("certification:certificate", args=[scene.four.pk])).content.decode()
    assert 'data-status="revoked"' in page
    detail = client.get(response["Location"]).content.decode()
    assert 'data-state="revoked"' in detail
    assert "45/QĐ-UBND" in detail


def test_a_wrong_decision_date_is_shown_and_changes_nothing(client, scene, cases):
    client.force_login(scene.agency)
    response = client.post(
        reverse("revocations:decide", args=[cases["dn"].pk]),
        {"decision_no": "45/QĐ-UBND", "date": "2999-01-01"},
    )
    assert response.status_code == 400
    assert "Ngày quyết định không được ở tương lai." in response.content.decode()
    assert scene.four.status_on(today()) == "valid"


def test_the_decide_form_is_shown_to_the_competent_level_only(client, scene, cases):
    client.force_login(scene.agency)
    assert (
        'id="decide"'
        in client.get(reverse("revocations:detail", args=[cases["dn"].pk])).content.decode()
    )
    five = client.get(reverse("revocations:detail", args=[cases["five"].pk])).content.decode()
    assert 'id="decide"' not in five
    assert "Bộ Nông nghiệp và Môi trường quyết định thu hồi" in five


# --- list, overdue, downloads -----------------------------------------------------------------


def test_overdue_cases_are_flagged_and_filtered(client, scene):
    late = make_case(scene, scene.four, finding_date=today() - datetime.timedelta(days=40))
    fresh = make_case(scene, scene.three)
    client.force_login(scene.agency)
    page = client.get(reverse("revocations:list")).content.decode()
    assert page.count("data-overdue") == 1
    response = client.get(reverse("revocations:list"), {"overdue": "on"})
    assert [case.pk for case in response.context["page"].object_list] == [late.pk]
    detail = client.get(reverse("revocations:detail", args=[late.pk])).content.decode()
    assert "Quá hạn" in detail
    assert fresh.pk not in [c.pk for c in response.context["page"].object_list]


def test_the_list_filters_by_state_ground_level_and_unit(client, scene, cases, units):
    domain.decide(cases["dn"], actor=scene.agency, decision_no="45/QĐ", date=today())
    client.force_login(scene.admin)

    def listed(**query):
        response = client.get(reverse("revocations:list"), query)
        assert response.status_code == 200
        return {case.pk for case in response.context["page"].object_list}

    assert listed(state="revoked") == {cases["dn"].pk}
    assert listed(level="central") == {cases["five"].pk}
    assert listed(province=units.hanoi.code) == {cases["hn"].pk}
    assert listed(province=48, commune=units.hai_van.code) == {cases["dn"].pk, cases["five"].pk}
    assert listed(ground="c") == {c.pk for c in cases.values()}
    assert listed(ground="a") == set()
    assert listed(q="Chiếu cói") == {cases["qn"].pk}
    assert listed(q=scene.hanoi.number) == {cases["hn"].pk}


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_the_case_list_downloads_as_xlsx_with_its_filters(client, scene, cases):
    client.force_login(scene.agency)
    rows = _sheet(client.get(reverse("revocations:list"), {"format": "xlsx"}))
    header, *data = rows
    assert header[:3] == ["Mã hồ sơ", "Trạng thái", "Quá hạn"]
    assert sorted(row[0] for row in data) == sorted(cases[key].pk for key in ("dn", "qn", "five"))
    rows = _sheet(client.get(reverse("revocations:list"), {"format": "xlsx", "level": "central"}))
    assert [row[0] for row in rows[1:]] == [cases["five"].pk]
    assert rows[1][header.index("Giấy chứng nhận")] == scene.five_star.number
    assert rows[1][header.index("Căn cứ (Điều 8)")] == "c"


def test_the_list_costs_the_same_queries_for_one_case_and_many(client, scene):
    client.force_login(scene.agency)
    make_case(scene, scene.four)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("revocations:list")).status_code == 200
        return len(queries)

    one = count()
    make_case(scene, scene.three)
    make_case(scene, scene.legacy)
    make_case(scene, scene.five_star)
    assert count() == one


# --- follow-up -----------------------------------------------------------------------------------


def test_producers_with_an_expired_food_safety_certificate_are_listed(client, scene):
    expired = today() - datetime.timedelta(days=3)
    type(scene.dn).objects.filter(pk=scene.dn.pk).update(
        food_safety_cert_no="12/2022/ATTP", food_safety_cert_expiry=expired
    )
    type(scene.dn).objects.filter(pk=scene.five.pk).update(
        food_safety_cert_expiry=today() + datetime.timedelta(days=30)
    )
    type(scene.dn).objects.filter(pk=scene.hn.pk).update(food_safety_cert_expiry=expired)
    client.force_login(scene.agency)
    response = client.get(reverse("revocations:follow-up"))
    assert [p.pk for p in response.context["page"].object_list] == [scene.dn.pk]
    page = response.content.decode()
    assert "12/2022/ATTP" in page and scene.four.number in page
    rows = _sheet(client.get(reverse("revocations:follow-up"), {"format": "xlsx"}))
    assert rows[1][:2] == [scene.dn.pk, scene.dn.name]
    assert rows[1][rows[0].index("Giấy ATTP hết hạn ngày")].date() == expired
    # Once every certificate is revoked there is nothing left to follow up.
    Certificate.objects.filter(producer=scene.dn).update(revoked_on=today())
    response = client.get(reverse("revocations:follow-up"))
    assert list(response.context["page"].object_list) == []
    # Hà Nội's agency sees its own producer, filtered by unit.
    client.force_login(scene.hanoi_agency)
    response = client.get(reverse("revocations:follow-up"), {"province": 1})
    assert [p.pk for p in response.context["page"].object_list] == [scene.hn.pk]
