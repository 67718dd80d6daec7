"""One evidence-file model and upload path for dossiers, revocation cases and inspection
findings: each record's files keep their own folder, and are named and checked the same way."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ocop.core.errors import DomainError
from ocop.core.models import EvidenceFile
from ocop.core.uploads import safe_name, validate_upload
from ocop.evaluation.models import Evidence
from ocop.inspections.models import FindingEvidence
from ocop.revocations.models import RevocationEvidence

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    ("record", "folder"),
    [
        (Evidence(dossier_id=7), "dossiers/7"),
        (RevocationEvidence(case_id=7), "revocations/7"),
        (FindingEvidence(finding_id=7), "inspections/findings/7"),
    ],
    ids=["dossier", "revocation", "finding"],
)
def test_each_record_keeps_its_files_in_its_own_folder(record, folder):
    assert isinstance(record, EvidenceFile)
    upload = SimpleUploadedFile("Biên bản kiểm tra (bản chụp).PDF", PDF)

    record.attach(upload, content_type=validate_upload(upload))

    assert record.file.name == f"{folder}/bien-ban-kiem-tra-ban-chup.pdf"
    assert record.title == "Biên bản kiểm tra (bản chụp).PDF"
    assert (record.content_type, record.size) == ("application/pdf", len(PDF))


def test_a_given_title_is_kept_and_the_content_decides_the_extension():
    upload = SimpleUploadedFile("scan.pdf", png())
    record = FindingEvidence(finding_id=3)

    record.attach(upload, content_type=validate_upload(upload), title="  Ảnh nhà xưởng ")

    assert record.title == "Ảnh nhà xưởng"
    assert record.file.name == "inspections/findings/3/scan.png"
    assert record.content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "fallback", "expected"),
    [
        ("Giấy phép.pdf", "file", "giay-phep.pdf"),
        ("???.pdf", "file", "file.pdf"),
        ("", "tai-lieu", "tai-lieu.pdf"),
        ("../scans/giấy phép.pdf", "file", "scans-giay-phep.pdf"),
    ],
)
def test_safe_name_is_ascii_without_folders(name, fallback, expected):
    assert safe_name(name, "application/pdf", fallback=fallback) == expected


def test_an_unnamed_revocation_document_is_stored_as_tai_lieu():
    upload = SimpleUploadedFile("???.pdf", PDF)
    record = RevocationEvidence(case_id=5)

    record.attach(upload, content_type=validate_upload(upload))

    assert record.file.name == "revocations/5/tai-lieu.pdf"


def test_the_size_limit_comes_from_the_setting(settings):
    settings.OCOP_MAX_UPLOAD_BYTES = len(PDF) - 1

    with pytest.raises(DomainError) as refused:
        validate_upload(SimpleUploadedFile("big.pdf", PDF))

    assert refused.value.field == "file"
