"""Role × dossier page → expected status. 404 = outside the user's scope, 403 = visible but not
allowed, 302 = anonymous sent to the login page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.evaluation import domain
from ocop.evaluation.models import DossierState, Transition
from tests.evaluation.builders import ready_dossier
from tests.factories import user_with_role

ROLES = [
    "admin",
    "agency",
    "commune",
    "district",
    "council",
    "inspector",
    "producer",
    "other_producer",
    "hanoi_agency",
    "anonymous",
]

# (url name, object key or None): statuses in the order of ROLES.
TABLE = {
    ("evaluation:dossiers", None): "200 200 200 200 200 200 200 200 200 302",
    ("evaluation:my-dossiers", None): "200 200 200 200 200 200 200 200 200 302",
    # A draft dossier of Phường Hải Vân (Đà Nẵng, 2025), the producer account's.
    ("evaluation:dossier", "dn"): "200 200 200 404 404 404 200 404 404 302",
    ("evaluation:dossier-edit", "dn"): "200 403 200 404 404 404 200 404 404 302",
    ("evaluation:evidence", "dn"): "200 200 200 404 404 404 200 404 404 302",
    ("evaluation:dossier-create", "dn"): "200 200 200 404 403 403 200 404 404 302",
    # A draft dossier of a legacy Điện Bàn commune (now within Đà Nẵng).
    ("evaluation:dossier", "qn"): "200 200 404 200 404 404 404 404 404 302",
    ("evaluation:dossier-edit", "qn"): "200 403 404 200 404 404 404 404 404 302",
    ("evaluation:dossier-create", "qn"): "200 200 404 200 403 403 404 404 404 302",
    # Hà Nội: only the administrator and Hà Nội's agency.
    ("evaluation:dossier", "hn"): "200 404 404 404 404 404 404 200 200 302",
    ("evaluation:dossier-create", "hn"): "200 404 404 404 404 404 404 200 200 302",
}


def _case(url_name, key, role, status):
    return pytest.param(url_name, key, role, int(status))


CASES = [
    _case(url_name, key, role, status)
    for (url_name, key), statuses in TABLE.items()
    for role, status in zip(ROLES, statuses.split(), strict=True)
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def scene(world):
    users = world["users"]
    products = world["products"]
    units = world["units"]
    users["other_producer"] = user_with_role(
        Role.PRODUCER, producer=world["producers"]["hn"], username="t_producer_hn"
    )
    users["hanoi_agency"] = user_with_role(
        Role.AGENCY_OFFICER, unit=units.hanoi, username="t_agency_hn"
    )
    dossiers = {
        "dn": ready_dossier(products["dn"], users["producer"]),
        "qn": ready_dossier(products["qn"], users["district"]),
        "hn": ready_dossier(products["hn"], users["other_producer"]),
    }
    evidence = domain.add_evidence(
        dossiers["dn"],
        actor=users["producer"],
        file=SimpleUploadedFile("giay-chung-nhan.pdf", PDF, content_type="application/pdf"),
        criterion="1.1",
    )
    return {**world, "dossiers": dossiers, "evidence": evidence}


def _url(scene, url_name, key):
    if key is None:
        return reverse(url_name)
    if url_name == "evaluation:dossier-create":
        return reverse(url_name, args=[scene["products"][key].pk])
    if url_name == "evaluation:evidence":
        return reverse(url_name, args=[scene["evidence"].pk])
    return reverse(url_name, args=[scene["dossiers"][key].pk])


@pytest.mark.parametrize(("url_name", "key", "role", "expected"), CASES)
def test_dossier_page_permission_table(client, scene, url_name, key, role, expected):
    if role != "anonymous":
        client.force_login(scene["users"][role])
    response = client.get(_url(scene, url_name, key))
    assert response.status_code == expected, (url_name, key, role)
    if expected == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("agency", ["dn", "qn"], ["hn"]),
        ("commune", ["dn"], ["qn", "hn"]),
        ("district", ["qn"], ["dn", "hn"]),
        ("producer", ["dn"], ["qn", "hn"]),
        ("hanoi_agency", ["hn"], ["dn", "qn"]),
        ("council", [], ["dn", "qn", "hn"]),
    ],
)
def test_dossier_list_shows_only_scope(client, scene, role, visible, hidden):
    client.force_login(scene["users"][role])
    content = client.get(reverse("evaluation:dossiers")).content.decode()
    for key in visible:
        assert scene["products"][key].name in content
    for key in hidden:
        assert scene["products"][key].name not in content


@pytest.mark.parametrize("role", ["hanoi_agency", "other_producer", "district", "council"])
def test_action_outside_scope_answers_404_and_changes_nothing(client, scene, role):
    dossier = scene["dossiers"]["dn"]
    client.force_login(scene["users"][role])
    response = client.post(reverse("evaluation:dossier-action", args=[dossier.pk, "submit"]))
    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DRAFT
    assert not Transition.objects.filter(dossier=dossier).exists()


def test_action_by_anonymous_goes_to_login(client, scene):
    dossier = scene["dossiers"]["dn"]
    response = client.post(reverse("evaluation:dossier-action", args=[dossier.pk, "submit"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DRAFT


def test_evidence_delete_outside_scope_answers_404(client, scene):
    client.force_login(scene["users"]["other_producer"])
    evidence = scene["evidence"]
    response = client.post(reverse("evaluation:evidence-delete", args=[evidence.pk]))
    assert response.status_code == 404
    evidence.refresh_from_db()


def test_visible_dossier_but_action_of_another_role_is_refused(client, scene):
    """The agency sees the draft, but submitting is the producer's: the rule's message, 400."""
    dossier = scene["dossiers"]["dn"]
    client.force_login(scene["users"]["agency"])
    response = client.post(reverse("evaluation:dossier-action", args=[dossier.pk, "submit"]))
    assert response.status_code == 400
    assert "Bạn không có quyền “Nộp hồ sơ”" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DRAFT


def test_actions_panel_offers_only_what_the_user_may_do(client, scene):
    dossier = scene["dossiers"]["dn"]
    submit_url = reverse("evaluation:dossier-action", args=[dossier.pk, "submit"])
    client.force_login(scene["users"]["producer"])
    assert (
        submit_url in client.get(reverse("evaluation:dossier", args=[dossier.pk])).content.decode()
    )
    client.force_login(scene["users"]["agency"])
    content = client.get(reverse("evaluation:dossier", args=[dossier.pk])).content.decode()
    assert submit_url not in content
    assert reverse("evaluation:dossier-edit", args=[dossier.pk]) not in content

    domain.submit(dossier, actor=scene["users"]["producer"])
    receive_url = reverse("evaluation:dossier-action", args=[dossier.pk, "receive"])
    client.force_login(scene["users"]["commune"])
    content = client.get(reverse("evaluation:dossier", args=[dossier.pk])).content.decode()
    assert receive_url in content
    client.force_login(scene["users"]["producer"])
    content = client.get(reverse("evaluation:dossier", args=[dossier.pk])).content.decode()
    assert receive_url not in content
    assert reverse("evaluation:dossier-action", args=[dossier.pk, "withdraw"]) in content
