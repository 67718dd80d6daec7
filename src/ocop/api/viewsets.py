"""The base of the scoped resources' view sets."""

from rest_framework import mixins, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated

from .base import AUTHENTICATION
from .exports import ExportMixin


class ScopedViewSet(
    ExportMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A list and detail limited to the caller's scope (outside it: 404), downloadable."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]
    # JSON in (API.md conventions); only the evidence upload takes multipart.
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "head", "options"]
    lookup_value_regex = r"[0-9]+"
    # A write refused because of the caller's role is a 403 (ocop.api.exceptions); the dossier
    # workflow actions set 400.
    role_refusal_status = status.HTTP_403_FORBIDDEN

    def list(self, request, *args, **kwargs):
        if self.is_export():
            return self.export(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    def search_query(self) -> str | None:
        return self.request.query_params.get("q") if self.action == "list" else None

    def fake(self) -> bool:
        return getattr(self, "swagger_fake_view", False)
