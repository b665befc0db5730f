"""Leaving or being removed from an organisation ends the membership and keeps its history."""

from __future__ import annotations

import pytest
from django.utils import translation

from cms.models import AuditEvent
from submissions import actions
from submissions.enums import MemberRole
from submissions.models import FormerMembership, Membership, Submission
from tests.submissions.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def leave(client, user, organisation):
    membership = Membership.objects.get(user=user, organisation=organisation)
    client.force_login(user)
    return client.post(f"/en/organisations/{organisation.pk}/members/{membership.pk}/remove/")


def test_leaving_records_left_at_and_ends_access(client, people, challenge):
    org_a, viewer = people["org_a"], people["viewer_a"]
    submission = SubmissionFactory(call=challenge, organisation=org_a)
    joined = Membership.objects.get(user=viewer).created_at

    response = leave(client, viewer, org_a)
    organisation_page = client.get(f"/en/organisations/{org_a.pk}/")
    submission_page = client.get(f"/en/submissions/{submission.pk}/")
    listed = client.get("/en/organisations/").context["organisations"]

    former = FormerMembership.objects.get()
    assert response.status_code == 302
    assert (former.organisation, former.user, former.role) == (org_a, viewer, MemberRole.VIEWER)
    assert (former.joined_at, former.ended_by) == (joined, viewer)
    assert former.left_at is not None
    assert not Membership.objects.filter(user=viewer, organisation=org_a).exists()
    assert (organisation_page.status_code, submission_page.status_code) == (404, 404)
    assert listed == []
    assert list(Submission.objects.for_user(viewer)) == []
    event = AuditEvent.objects.get(action="membership.leave")
    assert event.after == {"former_membership": former.pk, "left_at": former.left_at.isoformat()}


def test_owner_removing_a_member_records_who_ended_it(client, people):
    org_a, owner, editor = people["org_a"], people["owner_a"], people["editor_a"]
    membership = Membership.objects.get(user=editor)
    client.force_login(owner)

    client.post(f"/en/organisations/{org_a.pk}/members/{membership.pk}/remove/")
    page = client.get(f"/en/organisations/{org_a.pk}/")

    former = FormerMembership.objects.get()
    assert (former.user, former.role, former.ended_by) == (editor, MemberRole.EDITOR, owner)
    assert [m.user for m in page.context["memberships"]] == [owner, people["viewer_a"]]
    assert editor.email not in page.content.decode()


def test_refused_leave_keeps_the_membership_and_no_history(client, people):
    response = leave(client, people["owner_a"], people["org_a"])

    assert response.status_code == 302
    assert Membership.objects.filter(user=people["owner_a"]).exists()
    assert FormerMembership.objects.count() == 0


def test_rejoining_after_leaving_works_and_keeps_the_history(client, people):
    org_a, viewer = people["org_a"], people["viewer_a"]
    leave(client, viewer, org_a)
    invitation = actions.invitation_create(
        organisation=org_a, email=viewer.email, role=MemberRole.EDITOR, invited_by=people["owner_a"]
    )

    actions.invitation_accept(invitation=invitation, user=viewer)
    page = client.get(f"/en/organisations/{org_a.pk}/")
    leave(client, viewer, org_a)

    assert page.status_code == 200
    assert list(
        FormerMembership.objects.filter(user=viewer)
        .order_by("left_at")
        .values_list("role", flat=True)
    ) == [MemberRole.VIEWER, MemberRole.EDITOR]
    assert not Membership.objects.filter(user=viewer, organisation=org_a).exists()
