"""Who hears of a dossier's steps: the producer's accounts, and the officers who act next."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from ocop.accounts.models import Membership, Role
from ocop.accounts.scope import covering_q
from ocop.notifications import services

from .models import CouncilMember, Dossier, DossierState, MemberSheet

S = DossierState

# Who acts after a move into a state (besides the producer, who hears of every step).
NEXT_ACTORS = {
    S.SUBMITTED: {Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER},
    S.DISTRICT_SCORED: {Role.DISTRICT_OFFICER},
    S.PROPOSED: {Role.AGENCY_OFFICER},
    S.SCORED: {Role.AGENCY_OFFICER},
    S.SENT_TO_MINISTRY: {Role.MINISTRY_OFFICER},
}


def _officers(dossier: Dossier, roles) -> list:
    """The users holding one of `roles` over the dossier, in one query: the OCOP agency of its
    province, the other officers whose scope covers its commune (the Ministry: all)."""
    if not roles:
        return []
    agency = Q(role=Role.AGENCY_OFFICER)
    in_scope = ~agency & covering_q(dossier.commune)
    if dossier.province_id is not None:
        in_scope |= agency & Q(unit_id=dossier.province_id)
    memberships = (
        Membership.objects.filter(in_scope, role__in=roles, is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    return [membership.user for membership in memberships]


def _producer_accounts(dossier: Dossier) -> list:
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.PRODUCER, producer_id=dossier.producer_id, is_active=True
        ).select_related("user")
    ]


def _url(dossier: Dossier) -> str:
    return reverse("evaluation:dossier", args=[dossier.pk])


def dossier_moved(dossier_id: int, action: str, actor) -> None:
    dossier = Dossier.objects.select_related("product", "commune").get(pk=dossier_id)
    state = DossierState(dossier.state)
    recipients = _producer_accounts(dossier) + _officers(dossier, NEXT_ACTORS.get(state, ()))
    if state == S.COUNCIL_SCORING:
        recipients += [
            member.user
            for member in CouncilMember.objects.filter(
                council__round_id=dossier.round_id
            ).select_related("user")
        ]
    recipients = [user for user in recipients if user != actor]
    subject = _("Hồ sơ %(product)s: %(state)s") % {
        "product": dossier.product.name,
        "state": state.label,
    }
    body = _("Hồ sơ số %(id)s của sản phẩm %(product)s chuyển sang bước “%(state)s”.") % {
        "id": dossier.pk,
        "product": dossier.product.name,
        "state": state.label,
    }
    if dossier.reason and state in (S.RETURNED, S.DISQUALIFIED):
        body += " " + _("Lý do: %(reason)s") % {"reason": dossier.reason}
    services.send(
        recipients,
        subject=subject,
        body=body,
        url=_url(dossier),
        object_type="dossier",
        object_id=str(dossier.pk),
    )


def _chair_of(sheet: MemberSheet):
    chair = CouncilMember.objects.filter(council_id=sheet.member.council_id, role="chair").first()
    return chair.user if chair else None


def sheet_submitted(sheet_id: int) -> None:
    sheet = MemberSheet.objects.select_related(
        "member__user", "member__council", "dossier__product"
    ).get(pk=sheet_id)
    services.send(
        [_chair_of(sheet)],
        subject=_("Phiếu chấm đã nộp: %(product)s") % {"product": sheet.dossier.product.name},
        body=_("%(member)s đã nộp phiếu chấm hồ sơ %(product)s.")
        % {"member": sheet.member.user, "product": sheet.dossier.product.name},
        url=_url(sheet.dossier),
        object_type="dossier",
        object_id=str(sheet.dossier_id),
    )


def sheet_reopened(sheet_id: int, reason: str) -> None:
    sheet = MemberSheet.objects.select_related("member__user", "dossier__product").get(pk=sheet_id)
    services.send(
        [sheet.member.user],
        subject=_("Phiếu chấm được mở lại: %(product)s") % {"product": sheet.dossier.product.name},
        body=_("Chủ tịch hội đồng đã mở lại phiếu chấm của bạn. Lý do: %(reason)s")
        % {"reason": reason},
        url=_url(sheet.dossier),
        object_type="dossier",
        object_id=str(sheet.dossier_id),
    )
