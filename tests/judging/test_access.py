"""Every judging URL × every role: allowed → 200 (or a redirect after a POST), else 404;
anonymous → sign-in; judges without TOTP → TOTP set-up."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from judging import actions
from judging.actions import ScoreInput
from tests.factories import UserFactory
from tests.judging.factories import give_totp

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "judge_no_mfa",
    "judge",
    "unassigned",
    "conflicted",
    "chair",
    "staff",
    "company_member",
]


def _user(world, role):
    if role == "anonymous":
        return None
    if role == "company_member":
        give_totp(world.owner)
        return world.owner
    return getattr(world, role)


def _submitted_review(world):
    scores = {"novelty": 7, "feasibility": 8, "impact": 6}
    return actions.review_submit(
        assignment=world.assignment,
        user=world.judge,
        data=ScoreInput(scores=scores, comments={}, overall_comment=""),
    )


# (name, method, allowed roles, status when allowed)
URLS = [
    ("home", "get", {"judge", "unassigned", "conflicted", "chair", "staff"}, 200),
    ("profile", "get", {"judge", "unassigned", "conflicted", "chair", "staff"}, 200),
    ("conflicts", "get", {"judge", "unassigned", "conflicted", "chair"}, 200),
    ("review", "get", {"judge"}, 200),
    ("autosave", "post", {"judge"}, 200),
    ("attachment", "get", {"judge"}, 200),
    ("reopen", "post", {"chair"}, 302),
    ("dashboard", "get", {"chair", "staff"}, 200),
    ("export", "get", {"chair", "staff"}, 200),
    ("consensus_note", "post", {"chair"}, 302),
]


def _url(world, name):
    kwargs = {
        "home": {},
        "profile": {},
        "conflicts": {"panel_id": world.panel.pk},
        "review": {"pk": world.assignment.pk},
        "autosave": {"pk": world.assignment.pk},
        "attachment": {"pk": world.assignment.pk, "number": 1},
        "reopen": {"pk": _submitted_review(world).pk} if name == "reopen" else {},
        "dashboard": {"pk": world.round.pk},
        "export": {"pk": world.round.pk, "by": "entry", "fmt": "csv"},
        "consensus_note": {"pk": world.round.pk, "submission_id": world.submission.pk},
    }[name]
    with translation.override("en"):
        return reverse(f"judging:{name}", kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "allowed", "ok_status"), URLS)
def test_judging_url_permission_matrix(client, world, role, name, method, allowed, ok_status):
    url = _url(world, name)
    user = _user(world, role)
    if user is not None:
        client.force_login(user)
    data = {"text": "Thống nhất"} if name == "consensus_note" else {"score-novelty": "5"}
    response = client.post(url, data) if method == "post" else client.get(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif role == "judge_no_mfa":
        assert response.status_code == 302
        with translation.override("en"):
            assert response["Location"] == reverse("mfa_activate_totp")
    elif role in allowed:
        assert response.status_code == ok_status
    else:
        assert response.status_code == 404


def test_mfa_redirect_carries_a_message(client, world):
    client.force_login(world.judge_no_mfa)
    response = client.get("/en/judging/", follow=True)
    assert response.redirect_chain[0][0].endswith("/2fa/totp/activate/")
    assert "need two-factor authentication" in response.content.decode()


def test_staff_admin_screens_require_totp(client, world):
    staff = UserFactory(email="staff2@province.example", is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get("/admin/judging/rubrics/")
    assert response.status_code == 302
    assert response["Location"].endswith("/2fa/totp/activate/")
    give_totp(staff)
    assert client.get("/admin/judging/rubrics/").status_code == 200
    assert client.get(f"/admin/judging/rubrics/edit/{world.rubric.pk}/").status_code == 200
    assert client.get(f"/admin/judging/rounds/{world.round.pk}/assign/").status_code == 200


def test_other_judges_draft_is_404(client, world):
    actions.review_save_draft(
        assignment=world.other_assignment,
        user=world.judge_no_mfa,
        data=ScoreInput(scores={"novelty": 5}, comments={}, overall_comment="nháp"),
    )
    client.force_login(world.judge)
    response = client.get(f"/en/judging/assignments/{world.other_assignment.pk}/")
    assert response.status_code == 404


def test_review_page_sends_undeclared_judge_to_conflicts_first(client, world):
    world.judge.conflict_declarations.all().delete()
    client.force_login(world.judge)
    response = client.get(f"/en/judging/assignments/{world.assignment.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/judging/panels/{world.panel.pk}/conflicts/"


def test_home_shows_declared_panels_rows_and_asks_for_the_others(client, world):
    from tests.judging.factories import PanelFactory, PanelMemberFactory

    other = PanelFactory(name="Hội đồng Du lịch")
    PanelMemberFactory(panel=other, user=world.judge)
    client.force_login(world.judge)
    html = client.get("/en/judging/").content.decode()
    assert f"/en/judging/assignments/{world.assignment.pk}/" in html
    assert f"/en/judging/panels/{other.pk}/conflicts/" in html
    assert f"/en/judging/panels/{world.panel.pk}/conflicts/" not in html


def test_declaring_nothing_is_recorded(client, world):
    world.unassigned.conflict_declarations.all().delete()
    client.force_login(world.unassigned)
    response = client.post(f"/en/judging/panels/{world.panel.pk}/conflicts/", {})
    assert response.status_code == 302
    assert world.unassigned.conflict_declarations.filter(panel=world.panel).exists()
    assert not world.unassigned.judging_conflicts.exists()
