"""Revocation actions: grounds and sources, who may open and decide, refusals that change
nothing, the deadline of the rulebook and the overdue flag, notifications and the audit trail."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.audit.models import AuditAction, AuditEntry
from ocop.certification.models import Certificate
from ocop.core.errors import DomainError
from ocop.criteria.models import Rulebook
from ocop.notifications.models import Notification
from ocop.revocations import domain, grounds
from ocop.revocations.models import Ground, Level, RevocationCase, RevocationEvidence, Source, State
from ocop.revocations.queries import cases_for_user, overdue_count

from .conftest import TODAY, pdf

pytestmark = pytest.mark.django_db

EXEMPT = {Source.INSPECTION_FINDING, Source.PRODUCER_STATUS_CHANGE}


def days(n):
    return datetime.timedelta(days=n)


def open_case(scene, certificates=None, *, actor=None, ground=Ground.C, source=None, **extra):
    source = source or Source.MINISTRY_REQUEST
    extra.setdefault("finding_date", TODAY - days(2))
    extra.setdefault("today", TODAY)
    extra.setdefault("description", "Kết luận thanh tra số 12/KL-SNN: vi phạm ghi nhãn.")
    if "evidence" not in extra and source not in EXEMPT:
        extra["evidence"] = [pdf()]
    return domain.open_case(
        certificates=certificates or [scene.four],
        ground=ground,
        source=source,
        actor=actor or scene.agency,
        **extra,
    )


def status(certificate, on=TODAY):
    return certificate.status_on(on)


# --- grounds and sources ----------------------------------------------------------------------


def test_rulebook_gives_the_grounds_and_the_time_limit():
    rulebook = grounds.rulebook_for(TODAY)
    assert rulebook.slug == "qd-26-2026"
    assert [code for code, _label in grounds.grounds(rulebook)] == ["a", "b", "c", "d", "dd", "e"]
    limit = rulebook.data["time_limits"]["revocation"]
    assert grounds.due_on(rulebook, TODAY) == TODAY + days(limit["days"])
    label = grounds.ground_label(rulebook, "dd")
    assert label.startswith("đ) ")
    assert label[3:] == dict(grounds.grounds(rulebook))["dd"]


def test_a_finding_before_2026_takes_the_rule_of_the_nearest_later_rulebook():
    rulebook = grounds.rulebook_for(datetime.date(2024, 3, 1))
    assert rulebook.slug == "qd-26-2026"


@pytest.mark.parametrize("ground", Ground.values)
def test_a_case_opens_on_each_ground(scene, ground):
    case = open_case(scene, ground=ground)
    assert case.ground == ground
    assert case.state == State.OPEN
    assert case.ground_text == grounds.ground_label(case.rulebook, ground)


@pytest.mark.parametrize("source", Source.values)
def test_a_case_opens_from_each_source_and_is_decided(scene, source):
    if source == Source.PRODUCER_STATUS_CHANGE:
        scene.dn.status = "ceased"
        scene.dn.save()
    case = open_case(scene, source=source, ground=Ground.DD)
    assert case.source == source
    assert case.evidence.count() == (0 if source in EXEMPT else 1)
    domain.decide(case, actor=scene.agency, decision_no="45/QĐ-UBND", date=TODAY, today=TODAY)
    assert status(scene.four) == "revoked"


def test_opening_records_the_case(scene):
    case = open_case(scene, [scene.three, scene.four], ground=Ground.B)
    assert set(case.certificates.all()) == {scene.three, scene.four}
    assert case.producer == scene.dn
    assert case.province == scene.units.danang
    assert case.level == Level.PROVINCE
    assert case.finding_date == TODAY - days(2)
    assert case.opened_by == scene.agency
    entry = AuditEntry.objects.get(object_type="revocationcase", object_id=str(case.pk))
    assert entry.action == AuditAction.CREATE
    assert entry.changes["certificates"] == [None, "1/2025/GCN-OCOP-48, 2/2025/GCN-OCOP-48"]
    assert entry.changes["ground"] == [None, "b"]
    assert entry.changes["evidence"] == [None, "ket-luan.pdf"]


def test_a_five_star_certificate_is_a_central_case_of_its_producers_province(scene):
    case = open_case(scene, [scene.five_star])
    assert case.level == Level.CENTRAL
    assert case.province == scene.units.danang


def test_a_legacy_commune_producer_belongs_to_its_current_province(scene):
    case = open_case(scene, [scene.legacy])
    assert case.province == scene.units.danang


# --- who may open ------------------------------------------------------------------------------


def test_ministry_and_administrator_open_cases_anywhere(scene):
    assert open_case(scene, [scene.hanoi], actor=scene.ministry).province == scene.units.hanoi
    assert open_case(scene, [scene.four], actor=scene.admin)


def test_agency_of_another_province_may_not_open(scene):
    with pytest.raises(DomainError) as refused:
        open_case(scene, [scene.four], actor=scene.hanoi_agency)
    assert refused.value.code == "permission"
    assert not RevocationCase.objects.exists()


def test_commune_officer_passes_on_the_communes_confirmation_of_stopped_production(scene):
    case = open_case(
        scene, [scene.four], actor=scene.commune, ground=Ground.DD, source="commune_confirmation"
    )
    assert case.opened_by == scene.commune


@pytest.mark.parametrize(
    ("ground", "source", "who"),
    [
        (Ground.C, Source.COMMUNE_CONFIRMATION, "commune"),
        (Ground.DD, Source.MINISTRY_REQUEST, "commune"),
        (Ground.DD, Source.COMMUNE_CONFIRMATION, "other_commune"),
        (Ground.DD, Source.COMMUNE_CONFIRMATION, "district"),
        (Ground.B, Source.MINISTRY_REQUEST, "inspector"),
        (Ground.B, Source.INSPECTION_FINDING, "council"),
        (Ground.B, Source.INSPECTION_FINDING, "producer"),
    ],
)
def test_other_roles_may_not_open(scene, ground, source, who):
    with pytest.raises(DomainError, match="không có quyền") as refused:
        open_case(scene, [scene.four], actor=getattr(scene, who), ground=ground, source=source)
    assert refused.value.code == "permission"
    assert not RevocationCase.objects.exists()


def test_inspector_opens_through_an_inspection_finding(scene):
    case = open_case(scene, [scene.four], actor=scene.inspector, source="inspection_finding")
    assert case.source == Source.INSPECTION_FINDING


# --- refusals ----------------------------------------------------------------------------------


def _nothing_changed():
    assert not RevocationCase.objects.exists()
    assert not RevocationEvidence.objects.exists()
    assert not AuditEntry.objects.filter(object_type="revocationcase").exists()


def test_a_revoked_certificate_is_refused(scene):
    Certificate.objects.filter(pk=scene.four.pk).update(revoked_on=TODAY - days(10))
    with pytest.raises(DomainError, match="Đã thu hồi") as refused:
        open_case(scene, [scene.four])
    assert "2/2025/GCN-OCOP-48" in refused.value.message
    assert refused.value.field == "certificates"
    _nothing_changed()


def test_a_superseded_certificate_is_refused(scene):
    Certificate.objects.filter(pk=scene.three.pk).update(
        superseded_by=scene.four, superseded_on=TODAY - days(30)
    )
    with pytest.raises(DomainError, match="Đã được thay thế"):
        open_case(scene, [scene.three, scene.four])
    _nothing_changed()


def test_an_expired_certificate_is_refused(scene):
    Certificate.objects.filter(pk=scene.four.pk).update(valid_until=TODAY - days(1))
    with pytest.raises(DomainError, match="Hết hiệu lực"):
        open_case(scene, [scene.four])
    _nothing_changed()


@pytest.mark.parametrize("source", [Source.COMMUNE_CONFIRMATION, Source.MINISTRY_REQUEST])
def test_evidence_is_required(scene, source):
    with pytest.raises(DomainError, match="tài liệu chứng minh") as refused:
        open_case(scene, source=source, ground=Ground.DD, evidence=[])
    assert refused.value.field == "evidence"
    _nothing_changed()


def test_evidence_must_be_a_pdf_or_an_image(scene):
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ this is no pdf", content_type="application/pdf")
    with pytest.raises(DomainError, match="PDF, JPEG hoặc PNG") as refused:
        open_case(scene, evidence=[fake])
    assert refused.value.field == "evidence"
    _nothing_changed()


@pytest.mark.parametrize("ground", ["", None, "f", "đ"])
def test_a_ground_is_required(scene, ground):
    with pytest.raises(DomainError, match=r"căn cứ|Căn cứ") as refused:
        open_case(scene, ground=ground)
    assert refused.value.field == "ground"
    _nothing_changed()


def test_a_finding_in_the_future_is_refused(scene):
    with pytest.raises(DomainError, match="tương lai"):
        open_case(scene, finding_date=TODAY + days(1))
    _nothing_changed()


def test_certificates_of_two_producers_are_refused(scene):
    with pytest.raises(DomainError, match="một chủ thể"):
        open_case(scene, [scene.four, scene.legacy])
    _nothing_changed()


def test_five_star_and_three_star_certificates_are_not_mixed(scene):
    scene.five_star.producer = scene.dn
    Certificate.objects.filter(pk=scene.five_star.pk).update(producer=scene.dn)
    with pytest.raises(DomainError, match="hồ sơ riêng cho từng cấp") as refused:
        open_case(scene, [scene.four, scene.five_star])
    assert refused.value.code == "level"
    _nothing_changed()


def test_a_certificate_already_in_an_open_case_is_refused(scene):
    open_case(scene, [scene.four])
    with pytest.raises(DomainError, match="đang xử lý") as refused:
        open_case(scene, [scene.three, scene.four])
    assert refused.value.code == "duplicate"
    assert RevocationCase.objects.count() == 1


def test_status_change_source_needs_a_stopped_producer(scene):
    with pytest.raises(DomainError, match="ngừng sản xuất"):
        open_case(scene, source=Source.PRODUCER_STATUS_CHANGE, ground=Ground.DD)
    _nothing_changed()


# --- deciding ------------------------------------------------------------------------------------


def test_decision_revokes_every_certificate_at_once(scene):
    case = open_case(scene, [scene.three, scene.four], ground=Ground.D)
    decided = domain.decide(
        case, actor=scene.agency, decision_no="45/QĐ-UBND", date=TODAY - days(1), today=TODAY
    )
    assert decided.state == State.REVOKED
    assert (decided.decision_no, decided.decision_date) == ("45/QĐ-UBND", TODAY - days(1))
    for certificate in (scene.three, scene.four):
        certificate.refresh_from_db()
        assert certificate.revoked_on == TODAY - days(1)
        assert certificate.revocation_ground == "d"
        assert status(certificate) == "revoked"
        assert status(certificate, TODAY - days(2)) == "valid"
        entry = AuditEntry.objects.get(
            object_type="certificate", object_id=str(certificate.pk), action="status_change"
        )
        assert entry.changes["status"] == ["valid", "revoked"]
        assert entry.changes["revoked_on"] == [None, (TODAY - days(1)).isoformat()]
        assert "45/QĐ-UBND" in entry.reason
    entry = AuditEntry.objects.get(
        object_type="revocationcase", object_id=str(case.pk), action="status_change"
    )
    assert entry.changes["state"] == ["open", "revoked"]


@pytest.mark.parametrize(
    ("certificate", "allowed", "refused"),
    [
        ("four", ("agency", "admin"), ("ministry", "hanoi_agency", "commune", "inspector")),
        ("three", ("agency",), ("ministry", "producer", "council", "district")),
        ("five_star", ("ministry", "admin"), ("agency", "commune", "hanoi_agency")),
    ],
)
def test_only_the_competent_level_decides(scene, certificate, allowed, refused):
    for who in refused:
        case = open_case(scene, [getattr(scene, certificate)], actor=scene.ministry)
        with pytest.raises(DomainError) as error:
            domain.decide(
                case, actor=getattr(scene, who), decision_no="1/QĐ", date=TODAY, today=TODAY
            )
        assert error.value.code == "permission"
        assert "sao" in error.value.message
        case.refresh_from_db()
        assert case.state == State.OPEN
        assert status(getattr(scene, certificate)) == "valid"
        domain.dismiss(case, actor=scene.admin, reason="Thử quyền", today=TODAY)
    for who in allowed:
        case = open_case(scene, [getattr(scene, certificate)], actor=scene.ministry)
        domain.dismiss(case, actor=getattr(scene, who), reason="Không đủ căn cứ", today=TODAY)
    case = open_case(scene, [getattr(scene, certificate)], actor=scene.ministry)
    domain.decide(case, actor=getattr(scene, allowed[0]), decision_no="9/QĐ", date=TODAY)
    assert status(getattr(scene, certificate)) == "revoked"


def test_a_closed_case_is_not_decided_again(scene):
    case = open_case(scene)
    domain.decide(case, actor=scene.agency, decision_no="45/QĐ-UBND", date=TODAY, today=TODAY)
    with pytest.raises(DomainError, match="đã kết thúc") as refused:
        domain.decide(case, actor=scene.agency, decision_no="46/QĐ-UBND", date=TODAY, today=TODAY)
    assert refused.value.code == "state"
    with pytest.raises(DomainError, match="đã kết thúc"):
        domain.dismiss(case, actor=scene.agency, reason="Nhầm")
    case.refresh_from_db()
    assert case.decision_no == "45/QĐ-UBND"


def test_a_certificate_superseded_before_the_decision_is_not_revoked(scene):
    case = open_case(scene)
    Certificate.objects.filter(pk=scene.four.pk).update(
        superseded_by=scene.three, superseded_on=TODAY - days(1)
    )
    with pytest.raises(DomainError, match="không còn hiệu lực"):
        domain.decide(case, actor=scene.agency, decision_no="45/QĐ-UBND", date=TODAY, today=TODAY)
    scene.four.refresh_from_db()
    assert scene.four.revoked_on is None
    assert RevocationCase.objects.get(pk=case.pk).state == State.OPEN


@pytest.mark.parametrize(
    ("decision_no", "date", "field"),
    [
        ("", TODAY, "decision_no"),
        ("   ", TODAY, "decision_no"),
        ("45/QĐ", None, "date"),
        ("45/QĐ", TODAY + days(1), "date"),
        ("45/QĐ", TODAY - days(3), "date"),  # before the finding
    ],
)
def test_decision_input_is_checked(scene, decision_no, date, field):
    case = open_case(scene)
    with pytest.raises(DomainError) as refused:
        domain.decide(case, actor=scene.agency, decision_no=decision_no, date=date, today=TODAY)
    assert refused.value.field == field
    assert RevocationCase.objects.get(pk=case.pk).state == State.OPEN
    assert status(scene.four) == "valid"


def test_dismissal_needs_a_reason_and_revokes_nothing(scene):
    case = open_case(scene)
    with pytest.raises(DomainError, match="lý do"):
        domain.dismiss(case, actor=scene.agency, reason=" ")
    dismissed = domain.dismiss(case, actor=scene.agency, reason="Chủ thể đã khắc phục nhãn.")
    assert dismissed.state == State.DISMISSED
    assert status(scene.four) == "valid"
    # The certificate may be proposed again later.
    assert open_case(scene).state == State.OPEN


def test_evidence_is_added_to_an_open_case_only(scene):
    case = open_case(scene, source=Source.INSPECTION_FINDING)
    domain.add_evidence(case, actor=scene.commune, file=pdf("bien-ban.pdf"), title="Biên bản")
    assert [e.title for e in case.evidence.all()] == ["Biên bản"]
    with pytest.raises(DomainError, match="không có quyền"):
        domain.add_evidence(case, actor=scene.producer, file=pdf())
    domain.decide(case, actor=scene.agency, decision_no="45/QĐ-UBND", date=TODAY, today=TODAY)
    with pytest.raises(DomainError, match="đã kết thúc"):
        domain.add_evidence(case, actor=scene.agency, file=pdf())
    assert case.evidence.count() == 1


# --- deadline ------------------------------------------------------------------------------------


def test_the_deadline_is_the_rulebooks_time_limit_after_the_finding(scene):
    limit = Rulebook.objects.get(slug="qd-26-2026").data["time_limits"]["revocation"]["days"]
    case = open_case(scene, finding_date=TODAY - days(3))
    assert case.due_on == TODAY - days(3) + days(limit)
    assert case.days_left(TODAY) == limit - 3


def test_the_deadline_follows_the_rulebook_data(scene):
    rulebook = Rulebook.objects.get(slug="qd-26-2026")
    rulebook.data["time_limits"]["revocation"]["days"] = 30
    rulebook.save()
    case = open_case(scene, finding_date=TODAY - days(3))
    assert case.due_on == TODAY + days(27)


def test_an_open_case_past_its_deadline_is_overdue(scene):
    limit = Rulebook.objects.get(slug="qd-26-2026").data["time_limits"]["revocation"]["days"]
    finding = TODAY - days(2)
    case = open_case(scene, finding_date=finding)
    last_day = finding + days(limit)
    assert not case.is_overdue(last_day)
    assert case.is_overdue(last_day + days(1))
    assert overdue_count(scene.agency, today=last_day) == 0
    assert overdue_count(scene.agency, today=last_day + days(1)) == 1
    flags = dict(
        cases_for_user(scene.agency, today=last_day + days(1)).values_list("pk", "overdue")
    )
    assert flags == {case.pk: True}
    with time_machine.travel(datetime.datetime.combine(last_day + days(1), datetime.time(9))):
        assert overdue_count(scene.agency) == 1
        assert cases_for_user(scene.agency).get().overdue
    domain.decide(case, actor=scene.agency, decision_no="1/QĐ", date=TODAY, today=TODAY)
    assert overdue_count(scene.agency, today=last_day + days(1)) == 0


def test_overdue_count_is_scoped(scene):
    open_case(scene, finding_date=TODAY - days(40))
    open_case(scene, [scene.hanoi], actor=scene.ministry, finding_date=TODAY - days(40))
    assert overdue_count(scene.agency, today=TODAY) == 1
    assert overdue_count(scene.hanoi_agency, today=TODAY) == 1
    assert overdue_count(scene.ministry, today=TODAY) == 2
    assert overdue_count(scene.council, today=TODAY) == 0


# --- notifications -------------------------------------------------------------------------------


def test_opening_notifies_the_producer_the_commune_and_the_agency(
    scene, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(scene, actor=scene.ministry)
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"r_producer", "r_commune", "r_agency"}
    notification = Notification.objects.get(recipient=scene.producer)
    assert notification.url == f"/revocations/{case.pk}/"
    assert notification.object_type == "revocationcase"
    assert "2/2025/GCN-OCOP-48" in notification.body
    assert {message.to[0] for message in mailoutbox} == {
        scene.producer.email,
        scene.commune.email,
        scene.agency.email,
    }


def test_a_five_star_case_notifies_the_ministry(scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        open_case(scene, [scene.five_star])
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert "r_ministry" in recipients
    assert "r_agency" not in recipients  # the actor


def test_the_decision_notifies_the_producer_and_the_commune(
    scene, django_capture_on_commit_callbacks
):
    case = open_case(scene)
    with django_capture_on_commit_callbacks(execute=True):
        domain.decide(case, actor=scene.agency, decision_no="45/QĐ-UBND", date=TODAY, today=TODAY)
    notes = Notification.objects.filter(object_id=str(case.pk))
    assert set(notes.values_list("recipient__username", flat=True)) == {"r_producer", "r_commune"}
    assert all("45/QĐ-UBND" in note.body for note in notes)


def test_a_refused_action_notifies_nobody(scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        open_case(scene, evidence=[])
    assert not Notification.objects.exists()
