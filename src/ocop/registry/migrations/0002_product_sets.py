import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "product_sets.json"


def load_product_sets(apps, schema_editor):
    """The 26 product sets of QĐ 26/2026 Phụ lục I (a code list until rulebooks hold them)."""
    ProductSet = apps.get_model("registry", "ProductSet")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    sectors = {sector["code"]: sector for sector in data["sectors"]}
    groups = {group["code"]: group for group in data["groups"]}
    for item in data["product_sets"]:
        group = groups[item["group"]]
        sector = sectors[group["sector"]]
        ProductSet.objects.update_or_create(
            number=item["number"],
            defaults={
                "name": item["name"],
                "group_code": group["code"],
                "group_name": group["name"],
                "sector_code": sector["code"],
                "sector_name": sector["name"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load_product_sets, migrations.RunPython.noop)]
