from django.contrib.auth.decorators import login_required
from django.db.models import Count, F
from django.shortcuts import render

from ocop.registry.models import ProducerKind, ProducerStatus, localized
from ocop.registry.queries import producers_for_user, products_for_user


@login_required
def home(request):
    """A small dashboard of the registry within the user's scope (anonymous → login)."""
    producers = producers_for_user(request.user)
    products = products_for_user(request.user)
    by_kind = dict(producers.order_by().values_list("kind").annotate(n=Count("pk")))
    by_status = dict(producers.order_by().values_list("status").annotate(n=Count("pk")))
    by_sector = [
        {
            "code": row["sector_code"],
            "name": localized(row["sector_name"], row["sector_en"]),
            "n": row["n"],
        }
        for row in products.order_by()
        .values(
            sector_code=F("product_set__sector_code"),
            sector_name=F("product_set__sector_name"),
            sector_en=F("product_set__sector_name_en"),
        )
        .annotate(n=Count("pk"))
        .order_by("sector_code")
    ]
    context = {
        "producer_total": sum(by_kind.values()),
        "product_total": sum(row["n"] for row in by_sector),
        "by_kind": [(kind, by_kind.get(kind.value, 0)) for kind in ProducerKind],
        "by_status": [(status, by_status.get(status.value, 0)) for status in ProducerStatus],
        "by_sector": by_sector,
    }
    return render(request, "core/home.html", context)
