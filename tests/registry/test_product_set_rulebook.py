"""Products reference a product set of a rulebook (the rulebook whose taxonomy lists it)."""

import pytest
from django.core.management import call_command

from ocop.criteria.models import Rulebook
from ocop.registry.models import ProductSet
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_every_product_set_belongs_to_the_rulebook_with_the_taxonomy():
    rulebook = Rulebook.objects.get(slug="qd-26-2026")

    assert ProductSet.objects.count() == 26
    assert set(ProductSet.objects.values_list("rulebook", flat=True)) == {rulebook.pk}


def test_a_product_references_a_product_set_of_a_rulebook():
    product = ProductFactory()

    assert product.product_set.rulebook.slug == "qd-26-2026"
    assert product.product_set.rulebook.sheets.filter(set_no=product.product_set.number).exists()


def test_reloading_the_rulebooks_keeps_one_set_per_number():
    ProductSet.objects.filter(number=9).update(name="tên cũ", rulebook=None)

    call_command("load_rulebooks", verbosity=0)
    call_command("load_rulebooks", verbosity=0)

    fish_sauce = ProductSet.objects.get(number=9)
    assert fish_sauce.rulebook.slug == "qd-26-2026"
    assert fish_sauce.name == "Tương, nước mắm, gia vị dạng lỏng khác"
    assert ProductSet.objects.count() == 26
