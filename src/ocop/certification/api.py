"""`/api/v1/decisions` and `/api/v1/certificates`: scoped lists and details; decisions are
drafted, issued and discarded through the certification's domain actions (a broken rule is a
400 naming it; a refusal because of the caller's role a 403 on a decision they can see)."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from ocop.accounts.models import Role
from ocop.accounts.scope import memberships_of
from ocop.api.base import (
    CREATE_ERRORS,
    DELETED,
    EXPORT_PARAMETER,
    READ_ERRORS,
    REASON_PARAMETER,
    SEARCH_PARAMETER,
    WRITE_ERRORS,
    export_responses,
)
from ocop.api.permissions import RulesPermission
from ocop.api.views import register_audit_type
from ocop.api.viewsets import ScopedViewSet
from ocop.core.text import filter_search
from ocop.evaluation.queries import dossiers_for_user
from ocop.registry.models import Producer, Product

from . import domain
from .filters import CertificateFilter, DecisionFilter
from .models import Certificate, Decision, DecisionItem
from .queries import certificates_for_user, decisions_for_user, province_ids
from .serializers import CertificateSerializer, DecisionCreateSerializer, DecisionSerializer


def _unit_name(unit):
    return unit.name if unit else ""


def _with_items(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "items",
            queryset=DecisionItem.objects.select_related(
                "dossier__product", "dossier__certificate"
            ),
        )
    )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Các quyết định công nhận trong phạm vi của người dùng"),
        parameters=[EXPORT_PARAMETER],
        responses=export_responses(DecisionSerializer),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Một quyết định công nhận và danh sách sản phẩm"),
        responses={200: DecisionSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary=gettext_lazy("Soạn dự thảo quyết định công nhận từ các hồ sơ đã phê duyệt"),
        request=DecisionCreateSerializer,
        responses={201: DecisionSerializer, **CREATE_ERRORS},
    ),
    destroy=extend_schema(
        summary=gettext_lazy("Huỷ một dự thảo quyết định"),
        parameters=[REASON_PARAMETER],
        responses={204: DELETED, **WRITE_ERRORS},
    ),
)
class DecisionViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedViewSet):
    """Recognition decisions (quyết định công nhận)."""

    serializer_class = DecisionSerializer
    permission_classes = [RulesPermission]
    action_permissions = {"create": "certification.add_decision"}
    filterset_class = DecisionFilter
    http_method_names = ["get", "post", "delete", "head", "options"]
    export_name = "quyet-dinh-cong-nhan"
    export_title = gettext_lazy("Quyết định công nhận")
    export_columns = [
        (gettext_lazy("Mã"), lambda d: d.pk),
        (gettext_lazy("Số quyết định"), lambda d: d.number),
        (gettext_lazy("Ngày ký"), lambda d: d.date),
        (gettext_lazy("Cấp"), lambda d: d.get_level_display()),
        (gettext_lazy("Tỉnh/thành phố"), lambda d: _unit_name(d.province)),
        (gettext_lazy("Người ký"), lambda d: d.signer_name),
        (gettext_lazy("Chức vụ"), lambda d: d.signer_title),
        (gettext_lazy("Trích yếu"), lambda d: d.title),
        (gettext_lazy("Tình trạng"), lambda d: d.get_status_display()),
        (gettext_lazy("Số sản phẩm"), lambda d: len(d.items.all())),
    ]

    def get_queryset(self):
        if self.fake():
            return Decision.objects.none()
        return _with_items(decisions_for_user(self.request.user))

    def _represent(self, pk, code=status.HTTP_200_OK) -> Response:
        decision = _with_items(Decision.objects.select_related("province")).get(pk=pk)
        return Response(DecisionSerializer(decision).data, status=code)

    def _province(self, given):
        """The province a decision is drafted for: the one given, else the caller's own."""
        if given is not None:
            return given
        provinces = {
            m.unit_id: m.unit
            for m in memberships_of(self.request.user)
            if m.role == Role.AGENCY_OFFICER and m.unit_id is not None
        }
        if len(provinces) != 1:
            message = _("Hãy chọn tỉnh/thành phố ban hành quyết định.")
            raise exceptions.ValidationError({"province": [message]})
        return next(iter(provinces.values()))

    def create(self, request, *args, **kwargs):
        serializer = DecisionCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        province = self._province(data.pop("province", None))
        ids = data.pop("dossiers")
        found = {d.pk: d for d in dossiers_for_user(request.user).filter(pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            message = _("Không tìm thấy hồ sơ mã %(ids)s trong phạm vi của bạn.") % {
                "ids": ", ".join(missing)
            }
            raise exceptions.ValidationError({"dossiers": [message]})
        decision = domain.draft_decision(
            actor=request.user,
            province=province,
            dossiers=[found[pk] for pk in ids],
            **data,
        )
        return self._represent(decision.pk, status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        decision = self.get_object()
        domain.discard_decision(
            decision,
            actor=request.user,
            reason=request.query_params.get("reason", "")[:2000],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary=gettext_lazy("Ban hành quyết định: cấp giấy chứng nhận, hồ sơ được công nhận"),
        request=None,
        responses={200: DecisionSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="issue", url_name="issue")
    def issue(self, request, pk=None):
        decision = self.get_object()
        domain.issue_decision(decision, actor=request.user)
        return self._represent(decision.pk)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Các giấy chứng nhận trong phạm vi của người dùng"),
        description=gettext_lazy(
            "`expiring_within_days=180`: danh sách cần phân hạng lại, gồm các giấy còn hiệu "
            "lực có ngày hết hạn (`valid_until`) từ hôm nay đến hôm nay + 180 ngày; giấy đang "
            "gia hạn lọc bằng `status=extended`."
        ),
        parameters=[SEARCH_PARAMETER, EXPORT_PARAMETER],
        responses=export_responses(CertificateSerializer),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Một giấy chứng nhận"),
        responses={200: CertificateSerializer, **READ_ERRORS},
    ),
)
class CertificateViewSet(ScopedViewSet):
    """Certificates (giấy chứng nhận) within the caller's scope; read-only (revocations are
    their own resource)."""

    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter
    http_method_names = ["get", "head", "options"]
    export_name = "giay-chung-nhan-ocop"
    export_title = gettext_lazy("Giấy chứng nhận OCOP")
    export_columns = [
        (gettext_lazy("Mã"), lambda c: c.pk),
        (gettext_lazy("Số giấy chứng nhận"), lambda c: c.number),
        (gettext_lazy("Tình trạng"), lambda c: c.get_status_display()),
        (gettext_lazy("Số sao"), lambda c: c.stars),
        (gettext_lazy("Điểm"), lambda c: c.score),
        (gettext_lazy("Mã sản phẩm"), lambda c: c.product.code),
        (gettext_lazy("Sản phẩm"), lambda c: c.product_name),
        (gettext_lazy("Mã chủ thể"), lambda c: c.producer_id),
        (gettext_lazy("Chủ thể"), lambda c: c.producer_name),
        (gettext_lazy("Tỉnh/thành phố"), lambda c: _unit_name(c.province)),
        (gettext_lazy("Số quyết định"), lambda c: c.decision.number),
        (gettext_lazy("Ngày cấp"), lambda c: c.issued_on),
        (gettext_lazy("Có hiệu lực đến"), lambda c: c.valid_until),
        (gettext_lazy("Ngày thu hồi"), lambda c: c.revoked_on),
        (gettext_lazy("Căn cứ thu hồi"), lambda c: c.revocation_ground),
        (gettext_lazy("Bộ tiêu chí"), lambda c: c.rulebook.slug),
    ]

    def get_queryset(self):
        if self.fake():
            return Certificate.objects.none()
        queryset = certificates_for_user(self.request.user).select_related(
            "decision", "superseded_by"
        )
        query = self.search_query()
        if query:
            queryset = queryset.filter(
                Q(number__icontains=query.strip())
                | Q(product__in=filter_search(Product.objects.all(), query))
                | Q(producer__in=filter_search(Producer.objects.all(), query))
            )
        return queryset.in_number_order()


# --- audit trail ------------------------------------------------------------------------------


def _deleted_decision_visible(user, entry) -> bool:
    """A discarded draft stays readable in the audit trail by its province."""
    province = ((entry.changes or {}).get("province") or [None])[0]
    return province is not None and province in province_ids(user)


register_audit_type("decision", decisions_for_user, _deleted_decision_visible)
register_audit_type("certificate", certificates_for_user, lambda user, entry: False)
