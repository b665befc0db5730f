"""Staff screens in the Wagtail admin (TOTP required) and the invitation flow."""

from __future__ import annotations

import pytest
from django.core import mail

from cms.models import AuditEvent
from judging.enums import ConflictSource
from judging.models import Assignment, Conflict, PanelInvitation, PanelMember, RoundEntry
from tests.factories import UserFactory
from tests.judging.factories import give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    from wagtail.users.models import UserProfile

    world.staff.is_superuser = True
    world.staff.save()
    # These tests read English labels; the admin speaks each staff member's chosen language.
    profile = UserProfile.get_for_user(world.staff)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(world.staff)
    return client


def test_admin_assign_preview_adjust_confirm(
    admin_client, world, django_capture_on_commit_callbacks
):
    Assignment.objects.filter(round=world.round).delete()
    url = f"/admin/judging/rounds/{world.round.pk}/assign/"
    admin_client.post(url, {"step": "propose"})
    proposed = list(Assignment.objects.filter(round=world.round))
    assert proposed and all(a.confirmed_at is None for a in proposed)
    page = admin_client.get(url).content.decode()
    assert "proposed" in page
    removed = proposed[0]
    admin_client.post(url, {"step": "remove", "assignment": removed.pk})
    assert not Assignment.objects.filter(pk=removed.pk).exists()
    admin_client.post(
        url, {"step": "add", "judge": removed.judge_id, "submission": removed.submission_id}
    )
    assert (
        Assignment.objects.get(judge=removed.judge, submission=removed.submission).source
        == "manual"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"step": "confirm"})
    assert Assignment.objects.filter(round=world.round, confirmed_at=None).count() == 0
    assert {m.to[0] for m in mail.outbox} == set(
        Assignment.objects.filter(round=world.round).values_list("judge__email", flat=True)
    )
    assert AuditEvent.objects.filter(action="assignment.confirm").count() == 1


def test_admin_add_conflicted_pair_refused(admin_client, world):
    url = f"/admin/judging/rounds/{world.round.pk}/assign/"
    Assignment.objects.filter(round=world.round).delete()
    response = admin_client.post(
        url,
        {"step": "add", "judge": world.conflicted.pk, "submission": world.submission.pk},
        follow=True,
    )
    assert "conflict of interest" in response.content.decode()
    assert not Assignment.objects.filter(judge=world.conflicted).exists()


def test_admin_advance_creates_final_round(admin_client, world):
    from judging import actions
    from judging.actions import ScoreInput

    actions.review_submit(
        assignment=world.assignment,
        user=world.judge,
        data=ScoreInput(
            scores={"novelty": 5, "feasibility": 5, "impact": 5}, comments={}, overall_comment=""
        ),
    )
    response = admin_client.post(f"/admin/judging/rounds/{world.round.pk}/advance/", {"top_n": "1"})
    assert response.status_code == 302
    assert list(RoundEntry.objects.values_list("submission_id", flat=True)) == [world.submission.pk]


def test_admin_conflict_list_shows_source(admin_client, world):
    html = admin_client.get("/admin/judging/conflicts/").content.decode()
    assert "Declared by the judge" in html
    assert world.conflicted.email in html or str(world.conflicted) in html


def test_admin_conflict_create_by_staff(admin_client, world):
    response = admin_client.post(
        "/admin/judging/conflicts/new/",
        {
            "judge": world.judge.pk,
            "organisation": world.organisation.pk,
            "submission": "",
            "reason": "Người thân",
        },
    )
    assert response.status_code == 302
    conflict = Conflict.objects.get(judge=world.judge)
    assert conflict.source == ConflictSource.STAFF
    world.assignment.refresh_from_db()
    assert world.assignment.voided_at is not None


def test_admin_detect_conflicts(admin_client, world):
    colleague = UserFactory(email="expert@songbien.example")
    PanelMember.objects.create(panel=world.panel, user=colleague)
    admin_client.post(f"/admin/judging/panels/{world.panel.pk}/detect/")
    assert Conflict.objects.get(judge=colleague).source == ConflictSource.DETECTED


def test_panel_invitation_sent_and_accepted(
    admin_client, client, world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/judging/invitations/new/",
            {"panel": world.panel.pk, "email": "New.Expert@uni.example"},
        )
    assert response.status_code == 302
    invitation = PanelInvitation.objects.get()
    assert mail.outbox[0].to == ["new.expert@uni.example"]
    assert f"/judging/invitations/{invitation.token}/" in mail.outbox[0].body
    expert = UserFactory(email="new.expert@uni.example")
    client.force_login(expert)
    assert client.post(f"/en/judging/invitations/{invitation.token}/").status_code == 302
    assert PanelMember.objects.filter(panel=world.panel, user=expert).exists()
    # Member now, but without TOTP: judging pages send them to set it up.
    response = client.get("/en/judging/")
    assert response["Location"].endswith("/2fa/totp/activate/")
    give_totp(expert)
    assert client.get("/en/judging/").status_code == 200
    assert (
        client.post(f"/en/judging/invitations/{invitation.token}/", follow=True).redirect_chain
        == []
    )


def test_account_dashboard_shows_judging_panel(client, world):
    client.force_login(world.judge)
    html = client.get("/en/account/").content.decode()
    assert "0 of 1 review submitted." in html


def test_frozen_rubric_cannot_be_deleted(admin_client, world):
    from judging import actions
    from judging.actions import ScoreInput

    assert admin_client.get(f"/admin/judging/rubrics/delete/{world.rubric.pk}/").status_code == 200
    actions.review_submit(
        assignment=world.assignment,
        user=world.judge,
        data=ScoreInput(
            scores={"novelty": 5, "feasibility": 5, "impact": 5}, comments={}, overall_comment=""
        ),
    )
    response = admin_client.get(f"/admin/judging/rubrics/delete/{world.rubric.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/judging/rubrics/edit/{world.rubric.pk}/"
