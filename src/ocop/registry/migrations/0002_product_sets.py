from django.db import migrations


def load_product_sets(apps, schema_editor):
    """The 26 product sets of QĐ 26/2026 Phụ lục I."""
    from ocop.registry.reference import sync_product_sets

    sync_product_sets(apps.get_model("registry", "ProductSet"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load_product_sets, migrations.RunPython.noop)]
