"""Reference data of the registry: the product sets of QĐ 26/2026 Phụ lục I, read from the
rulebook's taxonomy file (src/ocop/criteria/data/qd-26-2026/taxonomy.json)."""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "criteria" / "data" / "qd-26-2026" / "taxonomy.json"


def sync_product_sets(product_set_model) -> None:
    """Create or update the 26 product sets from the data file.

    Takes the model class so migrations can pass their historical model; columns the model
    does not have yet (English names before migration 0003) are left out."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    sectors = {sector["code"]: sector for sector in data["sectors"]}
    groups = {group["code"]: group for group in data["groups"]}
    columns = {field.name for field in product_set_model._meta.get_fields()}
    for item in data["product_sets"]:
        group = groups[item["group"]]
        sector = sectors[group["sector"]]
        values = {
            "name": item["name"],
            "name_en": item.get("name_en", ""),
            "group_code": group["code"],
            "group_name": group["name"],
            "group_name_en": group.get("name_en", ""),
            "sector_code": sector["code"],
            "sector_name": sector["name"],
            "sector_name_en": sector.get("name_en", ""),
        }
        product_set_model.objects.update_or_create(
            number=item["number"],
            defaults={key: value for key, value in values.items() if key in columns},
        )
