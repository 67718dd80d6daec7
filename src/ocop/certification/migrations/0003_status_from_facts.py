"""The certificate status is computed from facts: the stored flag goes, the date a certificate
was replaced (the issue date of the one replacing it) is kept instead."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def date_replacements(apps, schema_editor):
    Certificate = apps.get_model("certification", "Certificate")
    Certificate.objects.filter(superseded_by__isnull=False).update(
        superseded_on=Subquery(
            Certificate.objects.filter(pk=OuterRef("superseded_by")).values("issued_on")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="superseded_on",
            field=models.DateField(blank=True, null=True, verbose_name="bị thay thế từ ngày"),
        ),
        migrations.RunPython(date_replacements, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="certificate",
            name="status",
        ),
    ]
