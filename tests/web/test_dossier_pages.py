"""The dossier pages: a product walked through QĐ 26/2026 with the test client, refused actions
and uploads, the self-assessment form, the list's filters and query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.audit.models import AuditEntry
from ocop.certification import domain as certification
from ocop.criteria import scoring
from ocop.evaluation import domain, forms_spec
from ocop.evaluation.forms import option_value
from ocop.evaluation.models import Dossier, DossierState, Evidence, Transition
from ocop.registry.models import ProductSet
from tests.evaluation.builders import (
    ADVISORY,
    ASSESSMENT,
    REGISTRATION,
    REPORT,
    Province,
    ready_dossier,
    refresh,
    score_all,
    walk_to_scoring,
)
from tests.factories import ProducerFactory, ProductFactory, user_with_role

S = DossierState
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def p(db, units):
    return Province(units)


def pdf(name="minh-chung.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def dossier_url(dossier):
    return reverse("evaluation:dossier", args=[dossier.pk])


def action_url(dossier, action):
    return reverse("evaluation:dossier-action", args=[dossier.pk, action])


def edit_data(dossier, *, answers="best", **overrides) -> dict:
    """A complete edit form: Mẫu 01, Mẫu 02 and every criterion's best option."""
    data = {f"reg_{key}": value for key, value in REGISTRATION.items()}
    data.update({f"report_{key}": value for key, value in REPORT.items()})
    data.update({"prepared_by": "self", "consultant_name": "", "samples_delivered": "5"})
    sheet = domain.sheet_for(dossier).data
    best = scoring.best_answers(sheet)
    if answers == "best":
        for part in sheet["parts"]:
            for group in part["groups"]:
                for criterion in group["criteria"]:
                    code = str(criterion["code"])
                    option = next(o for o in criterion["options"] if o["points"] == best[code])
                    data[f"answer_{code}"] = option_value(option)
    data.update(overrides)
    return data


def prefixed(prefix, values) -> dict:
    return {f"{prefix}-{key}": value for key, value in values.items()}


# --- the whole path ----------------------------------------------------------------------


def test_walk_of_the_2026_path_through_the_pages(client, p):
    product = p.product
    # The producer opens a dossier from the product page.
    client.force_login(p.producer_user)
    content = client.get(reverse("registry:product_detail", args=[product.pk])).content.decode()
    create_url = reverse("evaluation:dossier-create", args=[product.pk])
    assert create_url in content
    response = client.post(
        create_url,
        {
            "kind": "first",
            "prepared_by": "consultant",
            "consultant_name": "Công ty Tư vấn OCOP Miền Trung",
            **{f"reg_{key}": value for key, value in REGISTRATION.items()},
        },
    )
    dossier = Dossier.objects.get(product=product)
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:dossier-edit", args=[dossier.pk])
    assert dossier.consultant_name == "Công ty Tư vấn OCOP Miền Trung"
    assert dossier.rulebook.slug == "qd-26-2026"

    # The edit page shows the official sheet; what is missing is listed on the detail page.
    content = client.get(reverse("evaluation:dossier-edit", args=[dossier.pk])).content.decode()
    assert 'name="answer_1.1"' in content
    content = client.get(dossier_url(dossier)).content.decode()
    assert "Hồ sơ còn thiếu trước khi nộp" in content
    assert "Chưa tự chấm các tiêu chí" in content

    # Fill in everything, with a file for criterion 1.1.
    data = edit_data(
        dossier,
        prepared_by="consultant",
        consultant_name="Công ty Tư vấn OCOP Miền Trung",
        **{"note_1.1": "Vùng nguyên liệu của hợp tác xã.", "file_1.1": pdf()},
    )
    response = client.post(reverse("evaluation:dossier-edit", args=[dossier.pk]), data)
    assert response.status_code == 302
    dossier = refresh(dossier)
    assert domain.submission_problems(dossier) == []
    assert dossier.self_assessment["notes"] == {"1.1": "Vùng nguyên liệu của hợp tác xã."}
    evidence = Evidence.objects.get(dossier=dossier)
    assert evidence.criterion == "1.1"
    content = client.get(dossier_url(dossier)).content.decode()
    assert reverse("evaluation:evidence", args=[evidence.pk]) in content
    assert "Hồ sơ đã đủ các nội dung bắt buộc" in content

    response = client.post(action_url(dossier, "submit"))
    assert response.status_code == 302
    assert refresh(dossier).state == S.SUBMITTED

    # The commune receives, confirms the samples, reports (Mẫu 03) and proposes.
    client.force_login(p.commune_officer)
    assert client.post(action_url(dossier, "receive")).status_code == 302
    samples = {"count": "5", "received_on": timezone.localdate().isoformat()}
    response = client.post(
        action_url(dossier, "confirm-samples"), prefixed("confirm_samples", samples)
    )
    assert response.status_code == 302
    assert refresh(dossier).samples_confirmed == 5
    response = client.post(action_url(dossier, "assess"), prefixed("assess", ASSESSMENT))
    assert response.status_code == 302
    assert refresh(dossier).commune_assessment == ASSESSMENT
    assert client.post(action_url(dossier, "propose")).status_code == 302
    dossier = refresh(dossier)
    assert dossier.state == S.PROPOSED
    assert dossier.round is not None
    p.council_for(dossier.round)

    # The agency accepts, records the advisory review and opens scoring.
    client.force_login(p.agency)
    assert client.post(action_url(dossier, "accept")).status_code == 302
    review = prefixed("advisory_review", ADVISORY)
    review["advisory_review-documents"] = pdf("bao-cao-tham-dinh.pdf")
    response = client.post(action_url(dossier, "advisory-review"), review)
    assert response.status_code == 302
    assert refresh(dossier).advisory_review["report"] == ADVISORY["report"]
    assert Evidence.objects.filter(dossier=dossier, kind="advisory").count() == 1
    assert client.post(action_url(dossier, "open-scoring")).status_code == 302
    assert refresh(dossier).state == S.COUNCIL_SCORING

    # The council scores (its pages are elsewhere) and the chair finalizes.
    score_all(p, dossier, 75)
    domain.finalize(dossier, actor=p.chair)
    assert refresh(dossier).state == S.SCORED

    client.force_login(p.agency)
    response = client.post(action_url(dossier, "approve"))
    assert response.status_code == 302
    dossier = refresh(dossier)
    assert (dossier.state, dossier.stars) == (S.APPROVED, 4)
    follow = client.get(response["Location"]).content.decode()
    assert "Đã thực hiện “Phê duyệt kết quả”" in follow

    # The producer sees the timeline and the explanation of the stars.
    client.force_login(p.producer_user)
    content = client.get(dossier_url(dossier)).content.decode()
    result = dossier.results.get(level="province")
    assert result.explanation and result.explanation in content
    assert "★★★★" in content
    for label in ("Nộp hồ sơ", "Tiếp nhận hồ sơ", "Đề nghị cấp tỉnh", "Phê duyệt kết quả"):
        assert label in content
    assert "Ban hành quyết định công nhận" in content  # the step still ahead, greyed out

    decision = certification.draft_decision(
        actor=p.agency,
        province=p.units.danang,
        number="101/QĐ-UBND",
        date=datetime.date(2026, 11, 28),
        signer_name="Trần Văn A",
        signer_title="Phó Chủ tịch UBND thành phố",
        dossiers=[dossier],
    )
    certification.issue_decision(decision, actor=p.agency)
    certificate = refresh(dossier).certificate
    content = client.get(dossier_url(dossier)).content.decode()
    assert certificate.number in content
    assert "Tải giấy chứng nhận (PDF)" in content
    mine = client.get(reverse("evaluation:my-dossiers")).content.decode()
    assert product.name in mine
    assert certificate.number in mine
    assert result.explanation in mine


# --- refusals ----------------------------------------------------------------------------


def test_illegal_action_shows_the_rule_and_changes_nothing(client, p):
    dossier = ready_dossier(p.product, p.producer_user)
    client.force_login(p.agency)
    audit_before = AuditEntry.objects.count()
    response = client.post(action_url(dossier, "approve"))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Không thể “Phê duyệt kết quả” khi hồ sơ đang ở trạng thái “Đang soạn”" in content
    assert "hồ sơ không thay đổi" in content
    assert refresh(dossier).state == S.DRAFT
    assert not Transition.objects.filter(dossier=dossier).exists()
    assert AuditEntry.objects.count() == audit_before


def test_incomplete_dossier_cannot_be_submitted(client, p):
    dossier = domain.create_dossier(p.product, actor=p.producer_user, kind="first")
    client.force_login(p.producer_user)
    response = client.post(action_url(dossier, "submit"))
    assert response.status_code == 400
    assert "Hồ sơ chưa đủ để nộp" in response.content.decode()
    assert refresh(dossier).state == S.DRAFT


def test_return_needs_a_reason(client, p):
    dossier = ready_dossier(p.product, p.producer_user)
    domain.submit(dossier, actor=p.producer_user)
    client.force_login(p.commune_officer)
    response = client.post(action_url(dossier, "return"), {"return-reason": "  "})
    assert response.status_code == 400
    assert "Hãy ghi rõ lý do." in response.content.decode()
    assert refresh(dossier).state == S.SUBMITTED
    response = client.post(
        action_url(dossier, "return"), {"return-reason": "Thiếu giấy chứng nhận ATTP."}
    )
    assert response.status_code == 302
    dossier = refresh(dossier)
    assert dossier.state == S.RETURNED
    client.force_login(p.producer_user)
    content = client.get(dossier_url(dossier)).content.decode()
    assert "Hồ sơ bị trả lại để bổ sung" in content
    assert "Thiếu giấy chứng nhận ATTP." in content


def test_unknown_action_answers_404_and_get_is_not_allowed(client, p):
    dossier = ready_dossier(p.product, p.producer_user)
    client.force_login(p.producer_user)
    assert client.post(action_url(dossier, "issue")).status_code == 404
    assert client.post(action_url(dossier, "make-5-stars")).status_code == 404
    assert client.get(action_url(dossier, "submit")).status_code == 405


def test_text_file_named_pdf_is_refused_and_nothing_is_saved(client, p):
    dossier = domain.create_dossier(p.product, actor=p.producer_user, kind="first")
    client.force_login(p.producer_user)
    fake = SimpleUploadedFile("giay-phep.pdf", b"just some text, not a PDF", "application/pdf")
    data = edit_data(dossier, **{"file_1.1": fake})
    response = client.post(reverse("evaluation:dossier-edit", args=[dossier.pk]), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Tệp “giay-phep.pdf” không được nhận" in content
    assert "Chỉ nhận tệp PDF, JPEG hoặc PNG" in content
    assert not Evidence.objects.exists()
    assert refresh(dossier).self_assessment == {}


def test_edit_is_closed_once_submitted(client, p):
    dossier = ready_dossier(p.product, p.producer_user)
    domain.submit(dossier, actor=p.producer_user)
    client.force_login(p.producer_user)
    response = client.get(reverse("evaluation:dossier-edit", args=[dossier.pk]))
    assert response.status_code == 302
    assert response["Location"] == dossier_url(dossier)


# --- the self-assessment form ------------------------------------------------------------


def test_cased_option_is_stored_with_its_case(client, db, units):
    """A criterion with alternative cases (set 26, criterion 8) keeps the chosen case."""
    p = Province(units)
    p.product.product_set = ProductSet.objects.get(number=26)
    p.product.save()
    dossier = domain.create_dossier(p.product, actor=p.producer_user, kind="first")
    client.force_login(p.producer_user)
    content = client.get(reverse("evaluation:dossier-edit", args=[dossier.pk])).content.decode()
    assert "Trường hợp a" in content
    assert 'value="b:3"' in content
    response = client.post(
        reverse("evaluation:dossier-edit", args=[dossier.pk]),
        edit_data(dossier, answers=None, answer_8="b:3", **{"answer_1.1": "1"}),
    )
    assert response.status_code == 302
    answers = refresh(dossier).self_assessment["answers"]
    assert answers["8"] == {"case": "b", "points": 3}
    content = client.get(reverse("evaluation:dossier-edit", args=[dossier.pk])).content.decode()
    assert 'value="b:3" checked' in content


def test_invalid_choice_is_refused(client, p):
    dossier = domain.create_dossier(p.product, actor=p.producer_user, kind="first")
    client.force_login(p.producer_user)
    data = edit_data(dossier, **{"answer_1.1": "99"})
    response = client.post(reverse("evaluation:dossier-edit", args=[dossier.pk]), data)
    assert response.status_code == 400
    assert "Mức điểm đã chọn không có trong tiêu chí 1.1." in response.content.decode()
    assert refresh(dossier).self_assessment == {}


def test_save_and_submit_in_one_go(client, p):
    dossier = domain.create_dossier(p.product, actor=p.producer_user, kind="first")
    client.force_login(p.producer_user)
    data = edit_data(dossier, then="submit")
    response = client.post(reverse("evaluation:dossier-edit", args=[dossier.pk]), data)
    assert response.status_code == 302
    assert refresh(dossier).state == S.SUBMITTED


def test_running_total_preview_saves_nothing(client, p):
    dossier = domain.create_dossier(p.product, actor=p.producer_user, kind="first")
    client.force_login(p.producer_user)
    url = reverse("evaluation:dossier-edit", args=[dossier.pk]) + "?preview=1"
    response = client.post(url, edit_data(dossier), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    content = response.content.decode()
    assert "running-total" in content
    assert "100" in content
    assert refresh(dossier).self_assessment == {}


def test_evidence_removed_from_the_edit_form(client, p):
    dossier = domain.create_dossier(p.product, actor=p.producer_user, kind="first")
    evidence = domain.add_evidence(dossier, actor=p.producer_user, file=pdf(), criterion="1.1")
    client.force_login(p.producer_user)
    data = edit_data(dossier, delete_evidence=str(evidence.pk))
    response = client.post(reverse("evaluation:dossier-edit", args=[dossier.pk]), data)
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    # The rest of the form was saved with it.
    assert refresh(dossier).registration == REGISTRATION


def test_evidence_download_is_an_attachment(client, p):
    dossier = domain.create_dossier(p.product, actor=p.producer_user, kind="first")
    evidence = domain.add_evidence(
        dossier, actor=p.producer_user, file=pdf(), title="Giấy ATTP", criterion="1.1"
    )
    client.force_login(p.commune_officer)
    response = client.get(reverse("evaluation:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


# --- list and detail ---------------------------------------------------------------------


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_list_query_count_does_not_grow(client, p, units):
    admin = user_with_role(Role.ADMIN)
    client.force_login(p.agency)
    ready_dossier(p.product, p.producer_user)
    url = reverse("evaluation:dossiers")
    assert p.product.name in client.get(url).content.decode()
    one = _count_queries(client, url)
    for index in range(12):
        commune = units.legacy_commune if index % 2 else units.other_danang_commune
        product = ProductFactory(producer=ProducerFactory(commune=commune))
        dossier = ready_dossier(product, admin)
        if index % 3 == 0:
            _submit_as_of(dossier, datetime.date(2026, 10, 1))
    assert _count_queries(client, url) == one
    assert _count_queries(client, url + "?overdue=on") <= one + 1


def test_detail_query_count_does_not_grow_with_the_timeline(client, p):
    dossier = ready_dossier(p.product, p.producer_user)
    domain.submit(dossier, actor=p.producer_user)
    client.force_login(p.commune_officer)
    url = dossier_url(dossier)
    few = _count_queries(client, url)
    assert few < 40
    for _round in range(4):
        domain.return_dossier(dossier, actor=p.commune_officer, reason="Bổ sung minh chứng.")
        domain.submit(dossier, actor=p.producer_user)
    assert Transition.objects.filter(dossier=dossier).count() == 9
    assert _count_queries(client, url) == few


def test_list_filters(client, p, units):
    other = ProductFactory(producer=ProducerFactory(commune=units.other_danang_commune))
    ready_dossier(p.product, p.producer_user)
    submitted = ready_dossier(other, user_with_role(Role.ADMIN))
    _submit_as_of(submitted, datetime.date.today())
    client.force_login(p.agency)
    url = reverse("evaluation:dossiers")
    content = client.get(url, {"state": "draft"}).content.decode()
    assert p.product.name in content and other.name not in content
    content = client.get(url, {"state": "submitted", "kind": "first"}).content.decode()
    assert p.product.name not in content and other.name in content
    content = client.get(url, {"q": p.product.code}).content.decode()
    assert p.product.name in content and other.name not in content
    assert client.get(url, {"state": "nonsense", "round": "x", "page": "9"}).status_code == 200


def test_overdue_badge_and_filter(client, p, units):
    late_product = ProductFactory(producer=ProducerFactory(commune=units.hai_van))
    late = ready_dossier(late_product, p.commune_officer)
    on_time = ready_dossier(p.product, p.producer_user)
    domain.submit(on_time, actor=p.producer_user)
    _submit_as_of(late, datetime.date(2026, 10, 1))
    assert domain.is_overdue(refresh(late))
    client.force_login(p.agency)
    url = reverse("evaluation:dossiers")
    content = client.get(url).content.decode()
    assert "Quá hạn" in content
    content = client.get(url, {"overdue": "on"}).content.decode()
    assert late_product.name in content
    assert p.product.name not in content


def _submit_as_of(dossier, day):
    """Submit on an earlier day, as the producer of the dossier's product would have."""
    user = user_with_role(Role.PRODUCER, producer=dossier.producer)
    domain.submit(dossier, actor=user, today=day)


def test_product_page_offers_registration_only_when_allowed(client, p, units):
    url = reverse("registry:product_detail", args=[p.product.pk])
    create_url = reverse("evaluation:dossier-create", args=[p.product.pk])
    client.force_login(user_with_role(Role.COUNCIL_MEMBER, unit=units.danang))
    assert create_url not in client.get(url).content.decode()
    client.force_login(p.producer_user)
    assert create_url in client.get(url).content.decode()
    dossier = ready_dossier(p.product, p.producer_user)
    content = client.get(url).content.decode()
    assert create_url not in content
    assert dossier_url(dossier) in content


def test_producer_sees_my_dossiers_with_what_is_missing(client, p):
    domain.create_dossier(p.product, actor=p.producer_user, kind="first")
    client.force_login(p.producer_user)
    content = client.get(reverse("evaluation:my-dossiers")).content.decode()
    assert p.product.name in content
    assert "Còn thiếu" in content
    assert str(forms_spec.REGISTRATION_FIELDS[0].label) in content
    content = client.get(reverse("evaluation:dossiers")).content.decode()
    assert "Hồ sơ của tôi" in content


def test_scoring_dossier_shows_results_to_council_chair(client, p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    client.force_login(p.chair)
    content = client.get(dossier_url(dossier)).content.decode()
    # Offered to the chair, disabled with the domain's reason while sheets are missing.
    assert 'data-action="finalize" data-blocked' in content
    assert "thành viên chưa nộp phiếu chấm" in content
    assert action_url(dossier, "finalize") not in content
    client.force_login(p.members[0])
    content = client.get(dossier_url(dossier)).content.decode()
    assert 'data-action="finalize"' not in content
    score_all(p, dossier, 60)
    client.force_login(p.chair)
    content = client.get(dossier_url(dossier)).content.decode()
    assert action_url(dossier, "finalize") in content
    assert "data-blocked" not in content
    response = client.post(action_url(dossier, "finalize"))
    assert response.status_code == 302
    assert refresh(dossier).state == S.SCORED


def test_ministry_result_recorded_through_the_page(client, p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    score_all(p, dossier, 100)
    domain.finalize(dossier, actor=p.chair)
    client.force_login(p.agency)
    assert client.post(action_url(dossier, "approve")).status_code == 302
    assert refresh(dossier).state == S.SENT_TO_MINISTRY
    content = client.get(dossier_url(dossier)).content.decode()
    assert action_url(dossier, "record-ministry-result") in content
    response = client.post(
        action_url(dossier, "record-ministry-result"),
        {"record_ministry_result-score": "abc", "record_ministry_result-decision_no": ""},
    )
    assert response.status_code == 400
    assert "Điểm phải là một số." in response.content.decode()
    assert refresh(dossier).state == S.SENT_TO_MINISTRY
    response = client.post(
        action_url(dossier, "record-ministry-result"),
        {"record_ministry_result-score": "93", "record_ministry_result-decision_no": "55/QĐ-BNNMT"},
    )
    assert response.status_code == 302
    dossier = refresh(dossier)
    assert (dossier.state, dossier.stars) == (S.RECOGNISED, 5)


def test_district_profile_dossier_offers_inspection_and_shows_the_rule(client, db, units):
    """A dossier under QĐ 1048/2019 is filed with the legacy district, which inspects; handled
    after the transition deadline of QĐ 26/2026, the page shows that rule."""
    district = user_with_role(Role.DISTRICT_OFFICER, unit=units.legacy_district)
    product = ProductFactory(producer=ProducerFactory(commune=units.legacy_commune))
    owner = user_with_role(Role.PRODUCER, producer=product.producer)
    day = datetime.date(2021, 3, 1)
    dossier = ready_dossier(product, owner, today=day)
    assert dossier.rulebook.slug == "qd-1048-2019"
    domain.submit(dossier, actor=owner, today=day)
    domain.receive(dossier, actor=district, today=day)
    client.force_login(district)
    content = client.get(dossier_url(dossier)).content.decode()
    # Offered to the district, disabled with the transition rule (the deadline has passed).
    assert 'data-action="inspect" data-blocked' in content
    assert "đã quá thời hạn" in content
    assert 'data-action="assess"' not in content
    assert "Ghi biên bản kiểm tra thực tế" in content
    # A post anyway is refused with the same rule and changes nothing.
    response = client.post(
        action_url(dossier, "inspect"),
        {
            "inspect-date": "2021-03-05",
            "inspect-people": "Phòng Kinh tế huyện",
            "inspect-findings": "Cơ sở đáp ứng.",
            "inspect-photos": pdf("anh.pdf"),
        },
    )
    assert response.status_code == 400
    assert "đã quá thời hạn" in response.content.decode()
    assert refresh(dossier).state == S.RECEIVED
    assert not Evidence.objects.filter(dossier=dossier).exists()
