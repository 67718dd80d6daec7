from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from ocop.certification.api import CertificateViewSet, DecisionViewSet
from ocop.certification.verify_views import VerifyKeysView, VerifyView
from ocop.criteria.api import EvaluateView, RulebookListView, SheetDetailView, SheetListView
from ocop.evaluation.api import CouncilViewSet, DossierViewSet, RoundViewSet
from ocop.geo.api import UnitViewSet
from ocop.inspections.api import InspectionPlanViewSet
from ocop.registry.api import ProducerViewSet, ProductViewSet
from ocop.revocations.api import RevocationViewSet

from . import views

app_name = "api"


class Router(SimpleRouter):
    """API paths have no trailing slash (docs: API.md conventions)."""

    def __init__(self):
        super().__init__(trailing_slash="")


router = Router()
router.register("units", UnitViewSet, basename="unit")
router.register("producers", ProducerViewSet, basename="producer")
router.register("products", ProductViewSet, basename="product")
router.register("rounds", RoundViewSet, basename="round")
router.register("dossiers", DossierViewSet, basename="dossier")
router.register("councils", CouncilViewSet, basename="council")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("certificates", CertificateViewSet, basename="certificate")
router.register("revocations", RevocationViewSet, basename="revocation")
router.register("inspections", InspectionPlanViewSet, basename="inspection")

v1 = [
    # First: the busiest public addresses resolve without walking the other routes.
    # `keys` is reserved: the public keys of the QR signatures, never a certificate number.
    path("verify/keys", VerifyKeysView.as_view(), name="verify-keys"),
    # Any text, newlines included: every unknown or malformed number gets the same 404.
    re_path(r"^verify/(?P<number>[\s\S]+)$", VerifyView.as_view(), name="verify"),
    path("health", views.HealthView.as_view(), name="health"),
    path("auth/token", views.ObtainTokenView.as_view(), name="token"),
    path("audit", views.AuditListView.as_view(), name="audit"),
    path("rulebooks", RulebookListView.as_view(), name="rulebooks"),
    path("rulebooks/<slug:slug>/sheets", SheetListView.as_view(), name="rulebook-sheets"),
    path(
        "rulebooks/<slug:slug>/sheets/<int:set_no>",
        SheetDetailView.as_view(),
        name="rulebook-sheet",
    ),
    path(
        "rulebooks/<slug:slug>/sheets/<int:set_no>/evaluate",
        EvaluateView.as_view(),
        name="rulebook-sheet-evaluate",
    ),
    path("", include(router.urls)),
    # Anything else under the API is a JSON 404, like an unknown object (never an HTML page).
    re_path(r"^[\s\S]*$", views.not_found, name="not_found"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
