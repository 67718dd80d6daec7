"""The day a dossier reached a final state, kept on the dossier (read from its timeline for
dossiers closed before)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.utils import timezone

FINAL_STATES = ["recognised", "not_recognised", "disqualified", "withdrawn"]


def date_closures(apps, schema_editor):
    Dossier = apps.get_model("evaluation", "Dossier")
    Transition = apps.get_model("evaluation", "Transition")
    last = Transition.objects.filter(dossier=OuterRef("pk"), to_state__in=FINAL_STATES).order_by(
        "-at"
    )
    for dossier in Dossier.objects.filter(state__in=FINAL_STATES).annotate(
        closed_at=Subquery(last.values("at")[:1])
    ):
        if dossier.closed_at:
            dossier.closed_on = timezone.localtime(dossier.closed_at).date()
            dossier.save(update_fields=["closed_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_dossier_filed_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="closed_on",
            field=models.DateField(
                blank=True,
                help_text="Ngày hồ sơ đến trạng thái cuối (công nhận, không công nhận, rút, loại).",
                null=True,
                verbose_name="ngày kết thúc",
            ),
        ),
        migrations.RunPython(date_closures, migrations.RunPython.noop),
    ]
