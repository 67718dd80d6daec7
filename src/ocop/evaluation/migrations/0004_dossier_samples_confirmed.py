"""The product samples the commune (the district under QĐ 1048/148) confirms it received with a
dossier: how many, on which day, by whom (QĐ 26/2026 Art. 6.2.d)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0003_dossier_closed_on"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="samples_confirmed",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="số mẫu sản phẩm đã xác nhận nhận"
            ),
        ),
        migrations.AddField(
            model_name="dossier",
            name="samples_confirmed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người xác nhận nhận mẫu",
            ),
        ),
        migrations.AddField(
            model_name="dossier",
            name="samples_confirmed_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày nhận mẫu"),
        ),
    ]
