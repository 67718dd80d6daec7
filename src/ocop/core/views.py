from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from ocop.registry.models import ProducerKind, ProducerStatus
from ocop.registry.queries import producers_for_user, products_for_user


@login_required
def home(request):
    """A small dashboard of the registry within the user's scope (anonymous → login)."""
    producers = producers_for_user(request.user)
    products = products_for_user(request.user)
    by_kind = dict(producers.order_by().values_list("kind").annotate(n=Count("pk")))
    by_status = dict(producers.order_by().values_list("status").annotate(n=Count("pk")))
    by_sector = (
        products.order_by()
        .values("product_set__sector_code", "product_set__sector_name")
        .annotate(n=Count("pk"))
        .order_by("product_set__sector_code")
    )
    context = {
        "producer_total": sum(by_kind.values()),
        "product_total": sum(row["n"] for row in by_sector),
        "by_kind": [(kind, by_kind.get(kind.value, 0)) for kind in ProducerKind],
        "by_status": [(status, by_status.get(status.value, 0)) for status in ProducerStatus],
        "by_sector": by_sector,
    }
    return render(request, "core/home.html", context)
