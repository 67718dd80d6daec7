import pytest
from django.utils import translation

from ocop.registry.models import ProductSet

pytestmark = pytest.mark.django_db


def test_product_sets_are_the_26_sets_of_the_law():
    sets = list(ProductSet.objects.order_by("number"))

    assert [s.number for s in sets] == list(range(1, 27))
    assert len({s.group_code for s in sets}) == 17
    assert len({s.sector_code for s in sets}) == 6
    assert sets[8].name == "Tương, nước mắm, gia vị dạng lỏng khác"


def test_product_set_names_follow_the_language():
    fish_sauce = ProductSet.objects.get(number=9)

    with translation.override("vi"):
        assert str(fish_sauce) == "9. Tương, nước mắm, gia vị dạng lỏng khác"
        assert fish_sauce.sector_label == "Sản phẩm thực phẩm"
    with translation.override("en"):
        assert str(fish_sauce) == "9. Sauces, fish sauce and other liquid condiments"
        assert fish_sauce.group_label == "Condiments"
        assert fish_sauce.sector_label == "Food"
