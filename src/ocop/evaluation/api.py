"""`/api/v1/dossiers`, `/api/v1/rounds` and `/api/v1/councils`: scoped lists and details, and
every change through the evaluation's domain actions (a DomainError is a 400 naming the rule;
a refusal because of the caller's role a 403, except for the dossier workflow actions)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from ocop.api.base import (
    ACTION_ERRORS,
    CREATE_ERRORS,
    DELETED,
    ERRORS,
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
from ocop.core.errors import DomainError

from . import domain, rules
from .filters import CouncilFilter, DossierFilter, RoundFilter
from .models import (
    Council,
    CouncilMember,
    Dossier,
    Evidence,
    MemberSheet,
    Round,
    Transition,
)
from .queries import (
    councils_for_user,
    dossiers_for_user,
    may_see_member_totals,
    rounds_for_user,
)
from .serializers import (
    AdvisoryReviewSerializer,
    AssessmentRequestSerializer,
    CouncilCreateSerializer,
    CouncilMemberCreateSerializer,
    CouncilMemberSerializer,
    CouncilResultSerializer,
    CouncilSerializer,
    DossierCreateSerializer,
    DossierSerializer,
    DossierUpdateSerializer,
    EvidenceUploadSerializer,
    InspectSerializer,
    MemberSheetSerializer,
    MinistryResultSerializer,
    OptionalReasonSerializer,
    ReasonSerializer,
    ReopenSheetSerializer,
    RoundCreateSerializer,
    RoundSerializer,
    SamplesSerializer,
    ScoreSerializer,
)


def _unit_name(unit):
    return unit.name if unit else ""


# --- dossiers ---------------------------------------------------------------------------------


def _with_details(queryset):
    return queryset.prefetch_related(
        Prefetch("transitions", queryset=Transition.objects.select_related("actor")),
        Prefetch("evidence", queryset=Evidence.objects.order_by("criterion", "pk")),
        "results",
    )


def _dossier_action(name: str, *, call, summary, body=None, response=None, **kwargs):
    """A `POST dossiers/<id>/<name>` view running `call(dossier, actor, data)` (a domain action);
    the answer is the dossier, or what `response` serializes of the call's result."""

    def view(self, request, pk=None):
        dossier = self.get_object()
        data = {}
        if body is not None:
            serializer = body(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        result = call(dossier, request.user, data)
        answer_status = status.HTTP_201_CREATED if name == "evidence" else status.HTTP_200_OK
        if response is not None:
            return Response(response(result).data, status=answer_status)
        return Response(self.represent(dossier.pk), status=answer_status)

    view.__name__ = name.replace("-", "_") if name != "return" else "return_dossier"
    view.__doc__ = f"POST dossiers/<id>/{name}"
    view = action(
        detail=True,
        methods=["post"],
        url_path=name,
        url_name=name,
        # A role refusal is a 400 naming the rule, as any broken rule (API.md, errors).
        role_refusal_status=status.HTTP_400_BAD_REQUEST,
        **kwargs,
    )(view)
    code = 201 if name == "evidence" else 200
    request_schema = body
    if name == "evidence":
        request_schema = {"multipart/form-data": body}
    return extend_schema(
        summary=summary,
        request=request_schema,
        responses={code: response or DossierSerializer, **ACTION_ERRORS},
    )(view)


def _reloaded_sheet(sheet) -> MemberSheet:
    return MemberSheet.objects.select_related("member__user").get(pk=sheet.pk)


@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách hồ sơ trong phạm vi của người dùng"),
        parameters=[SEARCH_PARAMETER, EXPORT_PARAMETER],
        responses=export_responses(DossierSerializer),
    ),
    retrieve=extend_schema(
        summary=_("Một hồ sơ"), responses={200: DossierSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary=_("Lập hồ sơ (bản nháp) cho một sản phẩm"),
        request=DossierCreateSerializer,
        responses={201: DossierSerializer, **CREATE_ERRORS},
    ),
    partial_update=extend_schema(
        summary=_("Sửa phần của chủ thể trong hồ sơ đang soạn hoặc bị trả lại"),
        description=_(
            "Các mục của `registration` và của `self_assessment.report` gửi lên thay mục cũ, "
            "mục không gửi giữ nguyên; `self_assessment.answers` và `notes` gửi lên thay cả "
            "phần cũ. Trạng thái chỉ đổi qua các thao tác."
        ),
        request=DossierUpdateSerializer,
        responses={200: DossierSerializer, **WRITE_ERRORS},
    ),
)
class DossierViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """Dossiers (hồ sơ) within the caller's scope, and their actions."""

    serializer_class = DossierSerializer
    permission_classes = [RulesPermission]
    action_permissions = {"create": "evaluation.add_dossier"}
    filterset_class = DossierFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    export_name = "ho-so-ocop"
    export_title = _("Hồ sơ OCOP")
    export_columns = [
        (_("Mã hồ sơ"), lambda d: d.pk),
        (_("Mã sản phẩm"), lambda d: d.product.code),
        (_("Sản phẩm"), lambda d: d.product.name),
        (_("Bộ sản phẩm"), lambda d: d.product.product_set.number),
        (_("Mã chủ thể"), lambda d: d.producer_id),
        (_("Chủ thể"), lambda d: d.producer.name),
        (_("Mã xã/phường"), lambda d: d.commune.code),
        (_("Thời kỳ"), lambda d: d.commune.era),
        (_("Xã/phường"), lambda d: d.commune.name),
        (_("Tỉnh/thành phố"), lambda d: _unit_name(d.province)),
        (_("Loại hồ sơ"), lambda d: d.get_kind_display()),
        (_("Trạng thái"), lambda d: d.get_state_display()),
        (_("Bộ tiêu chí"), lambda d: d.rulebook.slug),
        (_("Đợt đánh giá"), lambda d: str(d.round) if d.round else ""),
        (_("Ngày nộp"), lambda d: d.submitted_on),
        (_("Ngày đề nghị cấp tỉnh"), lambda d: d.proposed_on),
        (_("Hạn bước hiện tại"), lambda d: domain.due_on(d)),
        (_("Quá hạn"), lambda d: domain.is_overdue(d)),
        (_("Số sao"), lambda d: d.stars),
        (_("Điểm"), lambda d: d.score),
    ]

    def get_queryset(self):
        if self.fake():
            return Dossier.objects.none()
        queryset = dossiers_for_user(self.request.user, query=self.search_query())
        return queryset if self.is_export() else _with_details(queryset)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.fake():
            context["actions"] = rules.Authority(self.request.user).actions
            # What still blocks an offered action costs queries: on one dossier only.
            context["blockers"] = self.action != "list"
        return context

    def represent(self, pk) -> dict:
        """The dossier after an action, as the caller now sees it."""
        dossier = _with_details(
            Dossier.objects.select_related(
                "product__product_set", "producer", "commune", "province", "rulebook", "round"
            )
        ).get(pk=pk)
        return DossierSerializer(dossier, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = DossierCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        product = data.pop("product")
        dossier = domain.create_dossier(product, actor=request.user, **data)
        return Response(self.represent(dossier.pk), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        dossier = self.get_object()
        serializer = DossierUpdateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        if "registration" in data:
            data["registration"] = {**(dossier.registration or {}), **data["registration"]}
        if "self_assessment" in data:
            before = dossier.self_assessment or {}
            given = dict(data["self_assessment"])
            if "report" in given:
                given["report"] = {**(before.get("report") or {}), **given["report"]}
            data["self_assessment"] = {**before, **given}
        domain.update_dossier(dossier, actor=request.user, data=data, reason=reason)
        return Response(self.represent(dossier.pk))

    # State changes (API.md, "Dossier state values").
    submit = _dossier_action(
        "submit",
        summary=_("Nộp hồ sơ (chủ thể)"),
        call=lambda d, user, data: domain.submit(d, actor=user),
    )
    receive = _dossier_action(
        "receive",
        summary=_("Tiếp nhận hồ sơ (xã, hoặc huyện trước 2025)"),
        call=lambda d, user, data: domain.receive(d, actor=user),
    )
    assess = _dossier_action(
        "assess",
        summary=_("Báo cáo đánh giá của xã (Mẫu 03)"),
        body=AssessmentRequestSerializer,
        call=lambda d, user, data: domain.assess(d, actor=user, assessment=data),
    )
    inspect = _dossier_action(
        "inspect",
        summary=_("Biên bản kiểm tra thực tế (huyện, QĐ 1048/2019)"),
        body=InspectSerializer,
        call=lambda d, user, data: domain.inspect(d, actor=user, **data),
    )
    close_district_scoring = _dossier_action(
        "close-district-scoring",
        summary=_("Chốt kết quả hội đồng huyện"),
        call=lambda d, user, data: domain.close_district_scoring(d, actor=user),
    )
    return_dossier = _dossier_action(
        "return",
        summary=_("Trả lại hồ sơ để bổ sung"),
        body=ReasonSerializer,
        call=lambda d, user, data: domain.return_dossier(d, actor=user, reason=data["reason"]),
    )
    disqualify = _dossier_action(
        "disqualify",
        summary=_("Loại hồ sơ"),
        body=ReasonSerializer,
        call=lambda d, user, data: domain.disqualify(d, actor=user, reason=data["reason"]),
    )
    confirm_samples = _dossier_action(
        domain.CONFIRM_SAMPLES,
        summary=_("Xác nhận đã nhận sản phẩm mẫu (xã, hoặc huyện trước 2025)"),
        body=SamplesSerializer,
        call=lambda d, user, data: domain.confirm_samples(
            d, actor=user, count=data["count"], received_on=data["received_on"]
        ),
    )
    propose = _dossier_action(
        "propose",
        summary=_("Đề nghị cấp tỉnh đánh giá"),
        call=lambda d, user, data: domain.propose(d, actor=user),
    )
    accept = _dossier_action(
        "accept",
        summary=_("Hồ sơ đầy đủ, chuyển tổ tư vấn (cơ quan OCOP tỉnh)"),
        call=lambda d, user, data: domain.accept(d, actor=user),
    )
    advisory_review = _dossier_action(
        "advisory-review",
        summary=_("Ghi kết quả thẩm định của tổ tư vấn"),
        body=AdvisoryReviewSerializer,
        call=lambda d, user, data: domain.record_advisory_review(d, actor=user, review=data),
    )
    open_scoring = _dossier_action(
        "open-scoring",
        summary=_("Chuyển hội đồng chấm điểm"),
        call=lambda d, user, data: domain.open_scoring(d, actor=user),
    )
    score = _dossier_action(
        "score",
        summary=_("Nộp phiếu chấm của một thành viên hội đồng (`draft`: lưu nháp)"),
        body=ScoreSerializer,
        response=MemberSheetSerializer,
        call=lambda d, user, data: _reloaded_sheet(
            domain.save_sheet(d, actor=user, answers=data["answers"], submit=not data["draft"])
        ),
    )
    declare_conflict = _dossier_action(
        "declare-conflict",
        summary=_("Khai báo xung đột lợi ích (thành viên hội đồng)"),
        body=ReasonSerializer,
        call=lambda d, user, data: domain.declare_conflict(d, actor=user, reason=data["reason"]),
    )
    reopen_sheet = _dossier_action(
        "reopen-sheet",
        summary=_("Mở lại phiếu chấm đã nộp của một thành viên (chủ tịch hội đồng)"),
        body=ReopenSheetSerializer,
        response=MemberSheetSerializer,
        call=lambda d, user, data: _reloaded_sheet(
            domain.reopen_sheet(
                _submitted_sheet(d, data["member"]), actor=user, reason=data["reason"]
            )
        ),
    )
    finalize = _dossier_action(
        "finalize",
        summary=_("Chốt kết quả hội đồng (chủ tịch)"),
        call=lambda d, user, data: domain.finalize(d, actor=user),
    )
    approve = _dossier_action(
        "approve",
        summary=_("Phê duyệt kết quả hội đồng"),
        call=lambda d, user, data: domain.approve(d, actor=user),
    )
    record_ministry_result = _dossier_action(
        "record-ministry-result",
        summary=_("Ghi nhận kết quả của Bộ (sản phẩm tiềm năng 5 sao)"),
        body=MinistryResultSerializer,
        call=lambda d, user, data: domain.record_ministry_result(
            d, actor=user, score=data["score"], decision_no=data["decision_no"]
        ),
    )
    withdraw = _dossier_action(
        "withdraw",
        summary=_("Rút hồ sơ (chủ thể)"),
        body=OptionalReasonSerializer,
        call=lambda d, user, data: domain.withdraw(d, actor=user, reason=data.get("reason", "")),
    )
    evidence = _dossier_action(
        "evidence",
        summary=_("Đính kèm tài liệu minh chứng (PDF, JPEG, PNG)"),
        body=EvidenceUploadSerializer,
        parser_classes=[MultiPartParser, FormParser],
        call=lambda d, user, data: domain.add_evidence(
            d,
            actor=user,
            file=data["file"],
            title=data.get("title", ""),
            criterion=data.get("criterion", ""),
            kind=data.get("kind") or Evidence.Kind.EVIDENCE,
        ),
    )


def _submitted_sheet(dossier, member_id: int) -> MemberSheet:
    """The member's sheet at the level scoring the dossier now (DomainError when none)."""
    sheet = (
        MemberSheet.objects.filter(
            dossier=dossier, member_id=member_id, level=domain.scoring_level(dossier)
        )
        .select_related("member")
        .first()
    )
    if sheet is None:
        raise DomainError(
            _("Thành viên này không có phiếu chấm của hồ sơ ở bước hiện tại."), field="member"
        )
    return sheet


# --- rounds -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Các đợt đánh giá trong phạm vi của người dùng"),
        parameters=[EXPORT_PARAMETER],
        responses=export_responses(RoundSerializer),
    ),
    retrieve=extend_schema(
        summary=_("Một đợt đánh giá"), responses={200: RoundSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary=_("Mở một đợt đánh giá bổ sung (cơ quan OCOP tỉnh)"),
        request=RoundCreateSerializer,
        responses={201: RoundSerializer, **CREATE_ERRORS},
    ),
)
class RoundViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Evaluation rounds (đợt đánh giá)."""

    serializer_class = RoundSerializer
    permission_classes = [RulesPermission]
    action_permissions = {"create": "evaluation.add_round"}
    filterset_class = RoundFilter
    export_name = "dot-danh-gia"
    export_title = _("Đợt đánh giá")
    export_columns = [
        (_("Mã"), lambda r: r.pk),
        (_("Cấp"), lambda r: r.get_level_display()),
        (_("Tỉnh/thành phố"), lambda r: _unit_name(r.province)),
        (_("Năm"), lambda r: r.year),
        (_("Đợt số"), lambda r: r.number),
        (_("Đợt bổ sung"), lambda r: r.is_extra),
        (_("Nhận đề nghị trước ngày"), lambda r: r.proposals_before),
        (_("Hoàn thành trước ngày"), lambda r: r.decide_before),
        (_("Bộ tiêu chí"), lambda r: r.rulebook.slug),
    ]

    def get_queryset(self):
        if self.fake():
            return Round.objects.none()
        return rounds_for_user(self.request.user).order_by("-year", "-number", "-pk")

    def create(self, request, *args, **kwargs):
        serializer = RoundCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        province = data.pop("province")
        round_ = domain.open_extra_round(province, actor=request.user, **data)
        round_ = Round.objects.select_related("province", "rulebook").get(pk=round_.pk)
        return Response(RoundSerializer(round_).data, status=status.HTTP_201_CREATED)


# --- councils ---------------------------------------------------------------------------------

MEMBER_PARAMETER = OpenApiParameter(
    "member_id",
    {"type": "integer", "minimum": 1},
    OpenApiParameter.PATH,
    description=_("Mã (id) thành viên trong hội đồng."),
)
DOSSIER_PARAMETER = OpenApiParameter(
    "dossier_id",
    {"type": "integer", "minimum": 1},
    OpenApiParameter.PATH,
    description=_("Mã (id) hồ sơ."),
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Các hội đồng trong phạm vi của người dùng"),
        parameters=[EXPORT_PARAMETER],
        responses=export_responses(CouncilSerializer),
    ),
    retrieve=extend_schema(
        summary=_("Một hội đồng và các thành viên"),
        responses={200: CouncilSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary=_("Lập hội đồng đánh giá"),
        request=CouncilCreateSerializer,
        responses={201: CouncilSerializer, **CREATE_ERRORS},
    ),
)
class CouncilViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Evaluation councils (hội đồng) and their members."""

    serializer_class = CouncilSerializer
    permission_classes = [RulesPermission]
    action_permissions = {"create": "evaluation.add_council"}
    filterset_class = CouncilFilter
    http_method_names = ["get", "post", "delete", "head", "options"]
    export_name = "hoi-dong"
    export_title = _("Hội đồng đánh giá")
    export_columns = [
        (_("Mã"), lambda c: c.pk),
        (_("Tên hội đồng"), lambda c: c.name),
        (_("Cấp"), lambda c: c.get_level_display()),
        (_("Đợt đánh giá"), lambda c: str(c.round) if c.round else ""),
        (_("Tỉnh/thành phố"), lambda c: _unit_name(c.province)),
        (_("Huyện (trước 2025)"), lambda c: _unit_name(c.district)),
        (_("Hình thức"), lambda c: c.get_mode_display()),
        (_("Quyết định thành lập"), lambda c: c.established_by),
        (_("Số thành viên"), lambda c: len(c.members.all())),
    ]

    def get_queryset(self):
        if self.fake():
            return Council.objects.none()
        return councils_for_user(self.request.user)

    def _represent(self, pk, code=status.HTTP_200_OK) -> Response:
        council = councils_for_user(self.request.user).filter(pk=pk).first()
        if council is None:  # created outside the creator's own view of councils
            council = Council.objects.prefetch_related("members__user").get(pk=pk)
        return Response(CouncilSerializer(council).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = CouncilCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        council = domain.create_council(actor=request.user, **data)
        return self._represent(council.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Thêm thành viên hội đồng"),
        request=CouncilMemberCreateSerializer,
        responses={201: CouncilSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="members", url_name="members")
    def members(self, request, pk=None):
        council = self.get_object()
        serializer = CouncilMemberCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        domain.add_member(council, actor=request.user, **serializer.validated_data)
        return self._represent(council.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Rút một thành viên khỏi hội đồng"),
        parameters=[MEMBER_PARAMETER, REASON_PARAMETER],
        request=None,
        responses={204: DELETED, **WRITE_ERRORS},
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"members/(?P<member_id>[0-9]+)",
        url_name="member",
    )
    def remove_member(self, request, pk=None, member_id=None):
        council = self.get_object()
        member = CouncilMember.objects.filter(council=council, pk=_int(member_id)).first()
        if member is None:
            raise exceptions.NotFound()
        domain.remove_member(
            member,
            actor=request.user,
            reason=request.query_params.get("reason", "")[:2000],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary=_("Kết quả tổng hợp phiếu chấm của hội đồng cho một hồ sơ"),
        description=_(
            "Tổng hợp các phiếu đã nộp (điểm trung bình, hạng sao, mức tối thiểu chưa đạt, "
            "chênh lệch), phiếu của chính người gọi và các thành viên chưa nộp phiếu. Thành "
            "viên chấm điểm chưa nộp phiếu của mình không được xem điểm của các thành viên khác "
            "(`totals_visible` false, `result` null)."
        ),
        parameters=[DOSSIER_PARAMETER],
        request=None,
        responses={200: CouncilResultSerializer, **{c: ERRORS[c] for c in (400, 401, 404)}},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"dossiers/(?P<dossier_id>[0-9]+)/result",
        url_name="dossier-result",
        filter_backends=[],
        pagination_class=None,
    )
    def result(self, request, pk=None, dossier_id=None):
        council = self.get_object()
        dossier = (
            dossiers_for_user(request.user).filter(pk=_int(dossier_id)).first()
            if _int(dossier_id)
            else None
        )
        if (
            dossier is None
            or not domain.councils_for(dossier, council.level).filter(pk=council.pk).exists()
        ):
            raise exceptions.NotFound()
        level = council.level
        visible = may_see_member_totals(request.user, council, dossier)
        aggregation = domain.council_result(dossier, level) if visible else None
        submitted = MemberSheet.objects.filter(
            dossier=dossier, level=level, submitted_at__isnull=False
        ).count()
        own = (
            MemberSheet.objects.filter(
                dossier=dossier, level=level, member__council=council, member__user=request.user
            )
            .select_related("member__user")
            .first()
        )
        pending = [
            member
            for member in domain.pending_members(dossier, level)
            if member.council_id == council.pk
        ]
        body = {
            "council": council.pk,
            "dossier": dossier.pk,
            "level": level,
            "submitted": submitted,
            "totals_visible": visible,
            "result": aggregation.as_dict() if aggregation is not None else None,
            "own_sheet": MemberSheetSerializer(own).data if own is not None else None,
            "pending": CouncilMemberSerializer(pending, many=True).data,
        }
        return Response(body)


def _int(value) -> int | None:
    """A path number small enough for the database, else None (an unknown object)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


# --- audit trail ------------------------------------------------------------------------------


def _never(user, entry) -> bool:
    return False


register_audit_type("dossier", dossiers_for_user, _never)
register_audit_type("round", rounds_for_user, _never)
register_audit_type("council", councils_for_user, _never)
