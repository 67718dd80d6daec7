"""The year and sequence of every certificate number, read back from the number with its
issuer's format, so that numbers sort as numbers."""

from django.db import migrations, models

from ocop.certification.numbering import CENTRAL_FORMAT, DEFAULT_FORMAT, number_parts

BATCH = 1000


def read_number_parts(apps, schema_editor):
    Certificate = apps.get_model("certification", "Certificate")
    ProvinceSettings = apps.get_model("evaluation", "ProvinceSettings")
    formats = dict(ProvinceSettings.objects.values_list("province_id", "certificate_number_format"))
    changed = []
    rows = Certificate.objects.select_related("decision").order_by("pk")
    for certificate in rows.iterator(chunk_size=BATCH):
        own = formats.get(certificate.province_id, DEFAULT_FORMAT)
        if certificate.decision.level == "central":
            order = (CENTRAL_FORMAT, own, DEFAULT_FORMAT)
        else:
            order = (own, DEFAULT_FORMAT, CENTRAL_FORMAT)
        year, sequence = number_parts(certificate.number, order, year=certificate.issued_on.year)
        if sequence is not None:
            certificate.number_year, certificate.number_sequence = year, sequence
            changed.append(certificate)
        if len(changed) >= BATCH:
            Certificate.objects.bulk_update(changed, ["number_year", "number_sequence"])
            changed = []
    Certificate.objects.bulk_update(changed, ["number_year", "number_sequence"])


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0005_certificate_number_ignoring_case"),
        ("evaluation", "0002_dossier_filed_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="number_sequence",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="số thứ tự trong năm"
            ),
        ),
        migrations.AddField(
            model_name="certificate",
            name="number_year",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="năm của số giấy chứng nhận"
            ),
        ),
        migrations.RunPython(read_number_parts, migrations.RunPython.noop, elidable=True),
    ]
