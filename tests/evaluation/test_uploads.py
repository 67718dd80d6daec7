"""Evidence files of a dossier: PDF, JPEG and PNG checked by content and size, attached only at
the right step by the right people, stored through the default storage."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ocop.accounts.models import Role
from ocop.audit.models import AuditAction, AuditEntry
from ocop.core.errors import DomainError
from ocop.criteria import scoring
from ocop.evaluation import domain
from ocop.evaluation.models import DossierState as S
from ocop.evaluation.models import Evidence
from tests.factories import ProducerFactory, ProductFactory, user_with_role

from .builders import (
    ADVISORY,
    ASSESSMENT,
    TODAY,
    Province,
    confirm_samples,
    ready_dossier,
    refresh,
)

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def p(units):
    return Province(units)


@pytest.fixture
def draft(p):
    return ready_dossier(p.product, p.producer_user)


def a_criterion(dossier) -> str:
    return next(iter(scoring.criteria_of(domain.sheet_for(dossier).data)))


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("Giấy phép kinh doanh.pdf", PDF, "application/pdf", "pdf"),
        ("ảnh nhà xưởng.png", image("PNG"), "image/png", "png"),
        ("chứng nhận ATTP.jpg", image("JPEG"), "image/jpeg", "jpg"),
        # The content decides the type and the stored extension, not the name.
        ("scan.png", image("JPEG"), "image/jpeg", "jpg"),
        ("hop-dong", PDF, "application/pdf", "pdf"),
    ],
)
def test_pdf_png_and_jpeg_are_accepted(p, draft, media, name, content, content_type, extension):
    code = a_criterion(draft)
    evidence = domain.add_evidence(
        draft, actor=p.producer_user, file=upload(name, content), criterion=code
    )
    evidence.refresh_from_db()
    assert evidence.content_type == content_type
    assert evidence.size == len(content)
    assert evidence.criterion == code
    assert evidence.kind == Evidence.Kind.EVIDENCE
    assert evidence.uploaded_by == p.producer_user
    assert evidence.title == name
    assert evidence.file.name.startswith(f"dossiers/{draft.pk}/")
    assert evidence.file.name.endswith(f".{extension}")
    assert default_storage.exists(evidence.file.name)
    stored = Path(media) / evidence.file.name
    assert stored.read_bytes() == content
    entry = AuditEntry.objects.get(object_type="evidence", object_id=str(evidence.pk))
    assert entry.action == AuditAction.CREATE
    assert entry.actor == p.producer_user


def test_the_stored_name_is_folded_and_safe(p, draft, media):
    evidence = domain.add_evidence(
        draft, actor=p.producer_user, file=upload("../../etc/Ảnh chụp (1).pdf", PDF)
    )
    name = evidence.file.name
    assert name.startswith(f"dossiers/{draft.pk}/")
    assert "/" not in name.removeprefix(f"dossiers/{draft.pk}/")
    assert name.isascii()
    assert (Path(media) / name).resolve().is_relative_to(Path(media).resolve())


@pytest.mark.parametrize("name", ["#.pdf", "..pdf"])
def test_a_name_without_usable_characters_is_stored_as_file(p, draft, name):
    evidence = domain.add_evidence(draft, actor=p.producer_user, file=upload(name, PDF))
    assert evidence.file.name == f"dossiers/{draft.pk}/file.pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("x.pdf", b"Day la mot tep van ban, khong phai PDF.\n" * 4),
        ("anh.png", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200),
        ("anh.gif", image("GIF")),
        ("trang.html", b"<html><body><script>alert(1)</script></body></html>"),
        ("tai-lieu.pdf", b"PK\x03\x04" + b"\x00" * 100),
    ],
)
def test_other_content_is_refused_whatever_the_name(p, draft, media, name, content):
    with pytest.raises(DomainError) as error:
        domain.add_evidence(draft, actor=p.producer_user, file=upload(name, content))
    assert error.value.field == "file"
    assert "PDF" in error.value.message
    assert not Evidence.objects.exists()
    assert not (Path(media) / "dossiers").exists()


def test_an_empty_file_is_refused(p, draft):
    with pytest.raises(DomainError) as error:
        domain.add_evidence(draft, actor=p.producer_user, file=upload("rong.pdf", b""))
    assert error.value.field == "file"
    assert "rỗng" in error.value.message
    assert not Evidence.objects.exists()


def test_an_oversized_file_is_refused(p, draft, settings):
    settings.OCOP_MAX_UPLOAD_BYTES = 1000
    content = image("PNG") + b"\x00" * 1000
    with pytest.raises(DomainError) as error:
        domain.add_evidence(draft, actor=p.producer_user, file=upload("lon.png", content))
    assert error.value.field == "file"
    assert "tối đa" in error.value.message
    assert not Evidence.objects.exists()
    # At the limit it passes.
    exact = PDF + b"%" * (1000 - len(PDF))
    assert len(exact) == 1000
    domain.add_evidence(draft, actor=p.producer_user, file=upload("vua.pdf", exact))


def test_a_criterion_outside_the_sheet_is_refused(p, draft):
    with pytest.raises(DomainError) as error:
        domain.add_evidence(
            draft, actor=p.producer_user, file=upload("x.pdf", PDF), criterion="Z99"
        )
    assert error.value.field == "criterion"
    assert "Z99" in error.value.message
    assert not Evidence.objects.exists()


# --- when and by whom --------------------------------------------------------------------------


def test_evidence_is_added_only_while_the_dossier_is_a_draft_or_returned(p, draft):
    domain.submit(draft, actor=p.producer_user, today=TODAY)
    for actor in (p.producer_user, p.commune_officer):
        with pytest.raises(DomainError) as error:
            domain.add_evidence(draft, actor=actor, file=upload("x.pdf", PDF))
        assert error.value.code == "state"
    domain.return_dossier(draft, actor=p.commune_officer, reason="Thiếu hợp đồng", today=TODAY)
    evidence = domain.add_evidence(draft, actor=p.producer_user, file=upload("hd.pdf", PDF))
    assert evidence.dossier == draft
    assert Evidence.objects.count() == 1


def test_the_commune_officer_may_add_evidence_for_the_producer(p, draft):
    domain.add_evidence(draft, actor=p.commune_officer, file=upload("x.pdf", PDF))
    assert Evidence.objects.get().uploaded_by == p.commune_officer


def test_people_outside_the_dossier_cannot_add_evidence(p, draft, units):
    outsiders = [
        user_with_role(Role.PRODUCER, producer=ProducerFactory()),
        user_with_role(Role.COMMUNE_OFFICER, unit=units.other_danang_commune),
        user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi),
        p.chair,
    ]
    for actor in outsiders:
        with pytest.raises(DomainError) as error:
            domain.add_evidence(draft, actor=actor, file=upload("x.pdf", PDF))
        assert error.value.code == "permission"
    assert not Evidence.objects.exists()


def test_advisory_documents_are_added_by_the_agency_during_the_review(p, draft):
    photo = image("JPEG")
    with pytest.raises(DomainError):
        domain.add_evidence(
            draft, actor=p.agency, file=upload("bc.pdf", PDF), kind=Evidence.Kind.ADVISORY
        )
    domain.submit(draft, actor=p.producer_user, today=TODAY)
    domain.receive(draft, actor=p.commune_officer, today=TODAY)
    confirm_samples(p.commune_officer, draft, today=TODAY)
    domain.assess(draft, actor=p.commune_officer, assessment=ASSESSMENT, today=TODAY)
    domain.propose(draft, actor=p.commune_officer, today=TODAY)
    domain.accept(draft, actor=p.agency, today=TODAY)
    evidence = domain.add_evidence(
        draft, actor=p.agency, file=upload("khảo sát.jpg", photo), kind=Evidence.Kind.ADVISORY
    )
    assert evidence.kind == Evidence.Kind.ADVISORY
    with pytest.raises(DomainError):
        domain.add_evidence(
            draft,
            actor=p.producer_user,
            file=upload("x.pdf", PDF),
            kind=Evidence.Kind.ADVISORY,
        )


def test_field_photos_are_added_by_the_district_after_receiving(units):
    day = datetime.date(2021, 3, 1)
    officer = user_with_role(Role.DISTRICT_OFFICER, unit=units.legacy_district)
    producer = ProducerFactory(commune=units.legacy_commune)
    owner = user_with_role(Role.PRODUCER, producer=producer)
    dossier = ready_dossier(ProductFactory(producer=producer), owner, today=day)
    domain.submit(dossier, actor=owner, today=day)
    photo = upload("nhà xưởng.jpg", image("JPEG"))
    with pytest.raises(DomainError):
        domain.add_evidence(dossier, actor=officer, file=photo, kind=Evidence.Kind.FIELD_PHOTO)
    domain.receive(dossier, actor=officer, today=day)
    evidence = domain.add_evidence(
        dossier, actor=officer, file=photo, kind=Evidence.Kind.FIELD_PHOTO
    )
    assert evidence.kind == Evidence.Kind.FIELD_PHOTO
    with pytest.raises(DomainError):
        domain.add_evidence(
            dossier,
            actor=owner,
            file=upload("x.jpg", image("JPEG")),
            kind=Evidence.Kind.FIELD_PHOTO,
        )


# --- removing ----------------------------------------------------------------------------------


def test_the_producer_removes_evidence_from_a_draft(p, draft, media):
    evidence = domain.add_evidence(draft, actor=p.producer_user, file=upload("x.pdf", PDF))
    name = evidence.file.name
    domain.remove_evidence(evidence, actor=p.producer_user, reason="Nhầm tệp")
    assert not Evidence.objects.exists()
    assert not default_storage.exists(name)
    entry = AuditEntry.objects.get(object_type="evidence", action=AuditAction.DELETE)
    assert entry.reason == "Nhầm tệp"


def test_evidence_stays_once_the_dossier_is_submitted(p, draft):
    evidence = domain.add_evidence(draft, actor=p.producer_user, file=upload("x.pdf", PDF))
    domain.submit(draft, actor=p.producer_user, today=TODAY)
    with pytest.raises(DomainError) as error:
        domain.remove_evidence(evidence, actor=p.producer_user)
    assert error.value.code == "state"
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_another_producer_cannot_remove_evidence(p, draft):
    evidence = domain.add_evidence(draft, actor=p.producer_user, file=upload("x.pdf", PDF))
    other = user_with_role(Role.PRODUCER, producer=ProducerFactory())
    with pytest.raises(DomainError):
        domain.remove_evidence(evidence, actor=other)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_the_producer_cannot_remove_the_advisory_teams_documents(p, draft):
    domain.submit(draft, actor=p.producer_user, today=TODAY)
    domain.receive(draft, actor=p.commune_officer, today=TODAY)
    confirm_samples(p.commune_officer, draft, today=TODAY)
    domain.assess(draft, actor=p.commune_officer, assessment=ASSESSMENT, today=TODAY)
    domain.propose(draft, actor=p.commune_officer, today=TODAY)
    domain.accept(draft, actor=p.agency, today=TODAY)
    report = domain.add_evidence(
        draft, actor=p.agency, file=upload("bao-cao.pdf", PDF), kind=Evidence.Kind.ADVISORY
    )
    domain.record_advisory_review(draft, actor=p.agency, review=ADVISORY)
    with pytest.raises(DomainError):
        domain.remove_evidence(report, actor=p.producer_user, reason="Không đồng ý")
    assert Evidence.objects.filter(pk=report.pk).exists()
    assert refresh(draft).state == S.ADVISORY_REVIEW
