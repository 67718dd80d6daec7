"""Reads of the registry, always scoped to the user who asks."""

from django.db.models import Count, Prefetch

from ocop.accounts.scope import scope_q
from ocop.core.text import filter_search

from .models import Producer, ProducerStatusChange, Product, ProductPhoto


def producers_for_user(user, *, query: str | None = None):
    """Producers the user may see, with their commune (and its parents) loaded."""
    queryset = Producer.objects.filter(
        scope_q(user, commune_field="commune", producer_field="pk")
    ).select_related("commune__parent__parent")
    return filter_search(queryset, query)


def products_for_user(user, *, query: str | None = None):
    """Products the user may see, with producer, set and commune loaded."""
    queryset = Product.objects.filter(
        scope_q(user, commune_field="commune", producer_field="producer")
    ).select_related("producer", "product_set", "commune__parent__parent")
    return filter_search(queryset, query)


def producer_detail_for_user(user, pk):
    """One producer with its products, status history and product count; raises DoesNotExist."""
    return (
        producers_for_user(user)
        .annotate(product_count=Count("products"))
        .prefetch_related(
            Prefetch("products", queryset=Product.objects.select_related("product_set")),
            Prefetch(
                "status_changes",
                queryset=ProducerStatusChange.objects.select_related("recorded_by"),
            ),
        )
        .get(pk=pk)
    )


def product_detail_for_user(user, pk):
    return (
        products_for_user(user)
        .prefetch_related(Prefetch("photos", queryset=ProductPhoto.objects.order_by("position")))
        .get(pk=pk)
    )
