from django.contrib.auth.decorators import login_required
from django.db.models import Count, F
from django.shortcuts import render

from ocop.certification.models import CertificateStatus
from ocop.certification.queries import certificates_for_user
from ocop.certification.reranking import rerank_list
from ocop.certification.status import CURRENT as CURRENT_CERTIFICATE
from ocop.evaluation.domain import OPEN_STATES
from ocop.evaluation.models import DossierState
from ocop.evaluation.queries import dossiers_for_user, overdue_only
from ocop.registry.models import ProducerKind, ProducerStatus, localized
from ocop.registry.queries import producers_for_user, products_for_user
from ocop.revocations.queries import open_count as revocations_open
from ocop.revocations.queries import overdue_count as revocations_overdue


@login_required
def home(request):
    """A small dashboard of the programme within the user's scope (anonymous → login): the
    registry, the products holding a certificate by stars, and the dossiers in progress."""
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
    certified = certificates_for_user(request.user).filter(status__in=CURRENT_CERTIFICATE)
    by_stars = dict(certified.order_by().values_list("stars").annotate(n=Count("pk")))
    open_dossiers = dossiers_for_user(request.user).filter(state__in=OPEN_STATES)
    by_state = dict(open_dossiers.order_by().values_list("state").annotate(n=Count("pk")))
    context = {
        "certified_total": sum(by_stars.values()),
        "by_stars": [(stars, by_stars.get(stars, 0)) for stars in (3, 4, 5)],
        "open_total": sum(by_state.values()),
        "overdue_total": overdue_only(open_dossiers).count(),
        "by_state": [
            (state, by_state[state.value]) for state in DossierState if state.value in by_state
        ],
        "producer_total": sum(by_kind.values()),
        "product_total": sum(row["n"] for row in by_sector),
        "by_kind": [(kind, by_kind.get(kind.value, 0)) for kind in ProducerKind],
        "by_status": [(status, by_status.get(status.value, 0)) for status in ProducerStatus],
        "by_sector": by_sector,
        "rerank_due": rerank_list(certificates_for_user(request.user)).count(),
        "extended_total": certificates_for_user(request.user)
        .filter(status=CertificateStatus.EXTENDED)
        .count(),
        "revocations_open": revocations_open(request.user),
        "revocations_overdue": revocations_overdue(request.user),
    }
    return render(request, "core/home.html", context)
