from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from cms.models import AuditEvent
from submissions import actions
from submissions.enums import MemberRole
from submissions.models import Invitation, Membership, Organisation, tax_code_validator
from tests.factories import UserFactory
from tests.submissions.factories import MembershipFactory


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests assert English messages; Vietnamese is the site's default language."""
    from django.utils import translation

    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

VALID = {
    "name": "Công ty TNHH Vịnh Xanh",
    "tax_code": "5701948362",
    "address": "27 Lê Thánh Tông",
    "province": "Quảng Ninh",
    "sector": "digital_government",
    "size": "small",
    "website": "https://vinhxanh.example",
    "contact_name": "Phạm Hoàng Sơn",
    "contact_email": "son@vinhxanh.example",
    "contact_phone": "0912 345 678",
}


@pytest.mark.parametrize("code", ["0123456789", "0123456789-001", "5701948362"])
def test_tax_code_validator_accepts_valid_forms(code):
    tax_code_validator(code)


@pytest.mark.parametrize(
    "code", ["012345678", "01234567890", "0123456789-01", "0123456789001", "abcdefghij", ""]
)
def test_tax_code_validator_rejects_bad_forms(code):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        tax_code_validator(code)


def test_organisation_create_makes_creator_owner_and_audits(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/en/organisations/new/", VALID)

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/organisations/{organisation.pk}/"
    assert list(organisation.memberships.values_list("user_id", "role")) == [
        (user.pk, MemberRole.OWNER)
    ]
    assert AuditEvent.objects.filter(action="organisation.create").count() == 1


def test_organisation_create_bad_tax_code_returns_form_with_error_and_input(client):
    client.force_login(UserFactory())

    response = client.post("/en/organisations/new/", {**VALID, "tax_code": "12345"})

    assert response.status_code == 200
    assert Organisation.objects.count() == 0
    form = response.context["form"]
    assert list(form.errors) == ["tax_code"]
    content = response.content.decode()
    assert 'value="12345"' in content
    assert 'value="Công ty TNHH Vịnh Xanh"' in content
    assert "field--error" in content


def test_organisation_edit_by_editor_is_404(client, people):
    client.force_login(people["editor_a"])

    response = client.get(f"/en/organisations/{people['org_a'].pk}/edit/")

    assert response.status_code == 404


def test_organisation_detail_by_other_org_member_is_404(client, people):
    client.force_login(people["owner_b"])

    response = client.get(f"/en/organisations/{people['org_a'].pk}/")

    assert response.status_code == 404


def test_invitation_accept_creates_membership_once(client, people):
    invitee = UserFactory(email="new@a.example")
    invitation = actions.invitation_create(
        organisation=people["org_a"],
        email="New@A.example",
        role=MemberRole.EDITOR,
        invited_by=people["owner_a"],
    )
    client.force_login(invitee)

    first = client.post(f"/en/invitations/{invitation.token}/", {"decision": "accept"})
    second = client.post(f"/en/invitations/{invitation.token}/", {"decision": "accept"})

    assert first.status_code == 302
    assert second.status_code == 410
    assert "already been used" in second.content.decode()
    assert Membership.objects.filter(user=invitee).count() == 1
    assert Membership.objects.get(user=invitee).role == MemberRole.EDITOR


def test_invitation_accept_after_seven_days_is_refused(client, people):
    invitee = UserFactory(email="late@a.example")
    invitation = actions.invitation_create(
        organisation=people["org_a"],
        email=invitee.email,
        role=MemberRole.VIEWER,
        invited_by=people["owner_a"],
    )
    with time_machine.travel(invitation.created_at + timedelta(days=7, seconds=1)):
        client.force_login(invitee)
        response = client.post(f"/en/invitations/{invitation.token}/", {"decision": "accept"})

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_invitation_accept_just_before_expiry_works(people):
    invitee = UserFactory(email="ontime@a.example")
    invitation = actions.invitation_create(
        organisation=people["org_a"],
        email=invitee.email,
        role=MemberRole.VIEWER,
        invited_by=people["owner_a"],
    )

    with time_machine.travel(invitation.created_at + timedelta(days=7, seconds=-1)):
        membership = actions.invitation_accept(invitation=invitation, user=invitee)

    assert membership.role == MemberRole.VIEWER


def test_invitation_for_another_address_is_refused(people):
    invitation = actions.invitation_create(
        organisation=people["org_a"],
        email="someone@a.example",
        role=MemberRole.VIEWER,
        invited_by=people["owner_a"],
    )

    with pytest.raises(actions.ActionRefused):
        actions.invitation_accept(invitation=invitation, user=people["outsider"])

    assert not Membership.objects.filter(user=people["outsider"]).exists()


def test_invitation_decline_then_accept_is_refused(people):
    invitee = UserFactory(email="maybe@a.example")
    invitation = actions.invitation_create(
        organisation=people["org_a"], email=invitee.email, role="viewer", invited_by=None
    )
    actions.invitation_decline(invitation=invitation, user=invitee)

    with pytest.raises(actions.ActionRefused, match="already been used"):
        actions.invitation_accept(invitation=invitation, user=invitee)


def test_invitation_email_is_sent_once_after_commit(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation = actions.invitation_create(
            organisation=people["org_a"],
            email="colleague@a.example",
            role="editor",
            invited_by=people["owner_a"],
        )

    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["colleague@a.example"]
    assert invitation.token in mailoutbox[0].body


def test_invitation_by_viewer_is_404(client, people):
    client.force_login(people["viewer_a"])

    response = client.post(
        f"/en/organisations/{people['org_a'].pk}/invite/",
        {"email": "x@a.example", "role": "editor"},
    )

    assert response.status_code == 404
    assert Invitation.objects.count() == 0


def test_membership_last_owner_cannot_leave(client, people):
    owner = people["owner_a"]
    membership = Membership.objects.get(user=owner)
    client.force_login(owner)

    response = client.post(
        f"/en/organisations/{people['org_a'].pk}/members/{membership.pk}/remove/", follow=True
    )

    assert Membership.objects.filter(pk=membership.pk).exists()
    assert "at least one owner" in response.content.decode()


def test_membership_last_owner_cannot_be_demoted(people):
    membership = Membership.objects.get(user=people["owner_a"])

    with pytest.raises(actions.ActionRefused):
        actions.membership_change_role(
            membership=membership, role=MemberRole.EDITOR, actor=people["owner_a"]
        )

    membership.refresh_from_db()
    assert membership.role == MemberRole.OWNER


def test_membership_owner_can_leave_when_another_owner_exists(client, people):
    second = UserFactory()
    MembershipFactory(organisation=people["org_a"], user=second, role=MemberRole.OWNER)
    membership = Membership.objects.get(user=people["owner_a"])
    client.force_login(people["owner_a"])

    response = client.post(
        f"/en/organisations/{people['org_a'].pk}/members/{membership.pk}/remove/"
    )

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="membership.leave").count() == 1


def test_membership_viewer_can_leave(client, people):
    membership = Membership.objects.get(user=people["viewer_a"])
    client.force_login(people["viewer_a"])

    client.post(f"/en/organisations/{people['org_a'].pk}/members/{membership.pk}/remove/")

    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_membership_editor_cannot_remove_others(client, people):
    viewer = Membership.objects.get(user=people["viewer_a"])
    client.force_login(people["editor_a"])

    response = client.post(f"/en/organisations/{people['org_a'].pk}/members/{viewer.pk}/remove/")

    assert response.status_code == 404
    assert Membership.objects.filter(pk=viewer.pk).exists()


def test_organisation_transfer_ownership_swaps_roles(client, people):
    editor = Membership.objects.get(user=people["editor_a"])
    client.force_login(people["owner_a"])

    client.post(f"/en/organisations/{people['org_a'].pk}/transfer/", {"membership": editor.pk})

    roles = dict(
        Membership.objects.filter(organisation=people["org_a"]).values_list("user__email", "role")
    )
    assert roles == {
        "owner@a.example": MemberRole.EDITOR,
        "editor@a.example": MemberRole.OWNER,
        "viewer@a.example": MemberRole.VIEWER,
    }


def test_organisation_pages_render_for_owner(client, people):
    client.force_login(people["owner_a"])

    for url in (
        "/en/organisations/",
        f"/en/organisations/{people['org_a'].pk}/",
        f"/en/organisations/{people['org_a'].pk}/edit/",
        "/en/account/",
    ):
        assert client.get(url).status_code == 200, url


def test_account_dashboard_lists_my_organisations_and_submissions(client, people, challenge):
    from tests.submissions.factories import SubmissionFactory

    SubmissionFactory(call=challenge, organisation=people["org_a"], title="Giải pháp của tôi")
    client.force_login(people["viewer_a"])

    content = client.get("/en/account/").content.decode()

    assert "Org A" in content
    assert "Org B" not in content
    assert "Giải pháp của tôi" in content


ORG_ROLES = ["anonymous", "owner_a", "editor_a", "viewer_a", "owner_b", "outsider", "staff"]


@pytest.mark.parametrize("role", ORG_ROLES)
def test_organisation_urls_permission_matrix(client, people, role):
    org = people["org_a"]
    urls = [
        (f"/en/organisations/{org.pk}/", {"owner_a", "editor_a", "viewer_a"}),
        (f"/en/organisations/{org.pk}/edit/", {"owner_a"}),
    ]
    if role != "anonymous":
        client.force_login(people[role])

    for url, allowed in urls:
        assert client.get(url).status_code == (200 if role in allowed else 404), (role, url)
