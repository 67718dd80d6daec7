"""The base of the scoped resources' view sets, and how a refused write becomes a 403."""

from contextlib import contextmanager

from rest_framework import exceptions, mixins, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated

from ocop.core.errors import DomainError

from .base import AUTHENTICATION
from .exports import ExportMixin


@contextmanager
def forbidden_when_not_allowed():
    """A write refused because of who the caller is (DomainError code "permission") is a 403 on
    a visible object or a collection; every other broken rule stays a 400."""
    try:
        yield
    except DomainError as error:
        if error.code == "permission":
            raise exceptions.PermissionDenied(str(error)) from error
        raise


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

    def list(self, request, *args, **kwargs):
        if self.is_export():
            return self.export(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    def search_query(self) -> str | None:
        return self.request.query_params.get("q") if self.action == "list" else None

    def fake(self) -> bool:
        return getattr(self, "swagger_fake_view", False)
