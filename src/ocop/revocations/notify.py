"""Who hears of a revocation case: the producer's accounts, the officers of its commune, the
province's OCOP agency and, for a 5★ case, the Ministry."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ocop.accounts.models import Membership, Role
from ocop.notifications import services

from .models import Level, RevocationCase, State

OBJECT_TYPE = "revocationcase"


def recipients(case: RevocationCase) -> list:
    """The producer's accounts, the commune officers of the producer's commune (of 2025, the one
    a legacy commune became), the province's agency officers and, for a 5★ case, the Ministry's
    officers."""
    producer = case.producer
    q = Membership.objects.filter(is_active=True).select_related("user")
    users = [m.user for m in q.filter(role=Role.PRODUCER, producer_id=producer.pk)]
    users += [
        m.user
        for m in q.filter(
            role=Role.COMMUNE_OFFICER, unit__in=producer.commune.current_communes().values("pk")
        )
    ]
    users += [m.user for m in q.filter(role=Role.AGENCY_OFFICER, unit_id=case.province_id)]
    if case.level == Level.CENTRAL:
        users += [m.user for m in q.filter(role=Role.MINISTRY_OFFICER)]
    return users


def _numbers(case: RevocationCase) -> str:
    return ", ".join(c.number for c in case.certificates.order_by("number"))


def _send(case: RevocationCase, actor, *, subject: str, body: str) -> None:
    actor_pk = getattr(actor, "pk", None)
    services.send(
        [user for user in recipients(case) if user.pk != actor_pk],
        subject=subject,
        body=body,
        url=reverse("revocations:detail", args=[case.pk]),
        object_type=OBJECT_TYPE,
        object_id=case.pk,
    )


def _load(case_id: int) -> RevocationCase:
    return RevocationCase.objects.select_related("producer__commune", "rulebook").get(pk=case_id)


def case_opened(case_id: int, actor) -> None:
    case = _load(case_id)
    _send(
        case,
        actor,
        subject=_("Đề xuất thu hồi giấy chứng nhận OCOP: %(producer)s")
        % {"producer": case.producer.name},
        body=_(
            "Hồ sơ thu hồi số %(id)s đối với giấy chứng nhận %(numbers)s của %(producer)s "
            "(căn cứ %(ground)s, Điều 8). Ngày phát hiện %(found)s; hạn xử lý %(due)s."
        )
        % {
            "id": case.pk,
            "numbers": _numbers(case),
            "producer": case.producer.name,
            "ground": case.ground_letter,
            "found": date_format(case.finding_date, "SHORT_DATE_FORMAT"),
            "due": date_format(case.due_on, "SHORT_DATE_FORMAT"),
        },
    )


def case_closed(case_id: int, actor) -> None:
    case = _load(case_id)
    if case.state == State.REVOKED:
        subject = _("Đã thu hồi giấy chứng nhận OCOP: %(numbers)s") % {"numbers": _numbers(case)}
        body = _(
            "Quyết định số %(decision)s ngày %(date)s thu hồi giấy chứng nhận %(numbers)s của "
            "%(producer)s (căn cứ %(ground)s, Điều 8). Sản phẩm không còn được sử dụng nhãn "
            "hiệu OCOP từ ngày này."
        ) % {
            "decision": case.decision_no,
            "date": date_format(case.decision_date, "SHORT_DATE_FORMAT"),
            "numbers": _numbers(case),
            "producer": case.producer.name,
            "ground": case.ground_letter,
        }
    else:
        subject = _("Không thu hồi giấy chứng nhận OCOP: %(numbers)s") % {"numbers": _numbers(case)}
        body = _("Hồ sơ thu hồi số %(id)s được kết thúc, không thu hồi. Lý do: %(reason)s") % {
            "id": case.pk,
            "reason": case.dismissal_reason,
        }
    _send(case, actor, subject=subject, body=body)
