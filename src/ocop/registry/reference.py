"""Reference data of the registry: the product sets of QĐ 26/2026 Phụ lục I, read from the
rulebook's taxonomy file (src/ocop/criteria/data/qd-26-2026/taxonomy.json)."""

import json
from dataclasses import asdict
from pathlib import Path

from ocop.criteria.rules_data import ProductSetSpec, product_sets_of

DATA = Path(__file__).resolve().parent.parent / "criteria" / "data" / "qd-26-2026" / "taxonomy.json"


def sync_product_sets(product_set_model) -> None:
    """Create or update the 26 product sets from the data file.

    Takes the model class so migrations can pass their historical model; columns the model
    does not have yet (English names before migration 0003) are left out."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    columns = {field.name for field in product_set_model._meta.get_fields()}
    for number, values in _product_set_values(product_sets_of(data)).items():
        product_set_model.objects.update_or_create(
            number=number,
            defaults={key: value for key, value in values.items() if key in columns},
        )


def _product_set_values(product_sets: tuple[ProductSetSpec, ...]) -> dict[int, dict]:
    """The columns of each product set (by number)."""
    return {
        spec.number: {key: value for key, value in asdict(spec).items() if key != "number"}
        for spec in product_sets
    }


def sync_rulebook_product_sets(sender, rulebooks, **kwargs) -> None:
    """Product sets belong to the rulebook whose taxonomy lists them (receiver of
    `criteria.signals.rulebooks_loaded`). Sets seeded before any rulebook was loaded are
    attached to it; names follow the rulebook's taxonomy."""
    from .models import ProductSet

    for rulebook in rulebooks:
        product_sets = rulebook.rules.product_sets
        if not product_sets:
            continue
        for number, values in _product_set_values(product_sets).items():
            product_set = (
                ProductSet.objects.filter(rulebook=rulebook, number=number).first()
                or ProductSet.objects.filter(rulebook__isnull=True, number=number).first()
                or ProductSet(number=number)
            )
            changed = product_set.pk is None or product_set.rulebook_id != rulebook.pk
            for name, value in values.items():
                changed |= getattr(product_set, name) != value
                setattr(product_set, name, value)
            if changed:
                product_set.rulebook = rulebook
                product_set.save()
