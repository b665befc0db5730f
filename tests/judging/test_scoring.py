from __future__ import annotations

from decimal import Decimal

import pytest
from wagtail.admin.panels import ObjectList

from cms.models import AuditEvent
from judging import actions
from judging.actions import ScoreInput
from judging.enums import ReviewStatus
from judging.models import Review, Rubric
from judging.wagtail_hooks import RubricForm


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests assert English messages; Vietnamese is the site's default language."""
    from django.utils import translation

    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


def _url(world, suffix=""):
    return f"/en/judging/assignments/{world.assignment.pk}/{suffix}"


VALID = {
    "score-novelty": "7.5",
    "score-feasibility": "8",
    "score-impact": "6",
    "comment-novelty": "Mới",
    "overall_comment": "Tốt",
}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11", "Enter a score from 0 to 10."),
        ("-1", "Enter a score from 0 to 10."),
        ("7.3", "Scores go in steps of 0.5 (for example 1.5)."),
        ("abc", "Enter a number, such as 7 or 7.5."),
        ("NaN", "Enter a number, such as 7 or 7.5."),
    ],
)
def test_score_invalid_shows_error_and_keeps_values(client, world, value, message):
    client.force_login(world.judge)
    data = {**VALID, "score-novelty": value, "action": "save"}
    response = client.post(_url(world), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f'value="{value}"' in html
    assert "Mới" in html and "Tốt" in html
    assert not Review.objects.filter(assignment=world.assignment).exists()


def test_score_with_decimal_comma_is_accepted(client, world):
    client.force_login(world.judge)
    response = client.post(_url(world), {**VALID, "score-novelty": "7,5", "action": "save"})
    assert response.status_code == 302
    review = Review.objects.get(assignment=world.assignment)
    assert review.status == ReviewStatus.DRAFT
    scores = {s.criterion.key: s.score for s in review.scores.select_related("criterion")}
    assert scores == {
        "novelty": Decimal("7.5"),
        "feasibility": Decimal("8"),
        "impact": Decimal("6"),
    }


def test_review_submit_needs_every_score(client, world):
    client.force_login(world.judge)
    data = {**VALID, "score-impact": "", "action": "submit"}
    response = client.post(_url(world), data)
    assert response.status_code == 400
    assert "Give a score for every criterion before submitting." in response.content.decode()
    assert not Review.objects.filter(status=ReviewStatus.SUBMITTED).exists()


def test_review_submit_then_locked_until_chair_reopens(client, world):
    client.force_login(world.judge)
    assert client.post(_url(world), {**VALID, "action": "submit"}).status_code == 302
    review = Review.objects.get(assignment=world.assignment)
    assert review.status == ReviewStatus.SUBMITTED
    response = client.post(_url(world), {**VALID, "score-impact": "1", "action": "save"})
    assert "only the panel chair can reopen it" in response.content.decode()
    assert client.post(f"/en/judging/reviews/{review.pk}/reopen/").status_code == 404
    client.force_login(world.chair)
    assert client.post(f"/en/judging/reviews/{review.pk}/reopen/").status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT
    actions_seen = list(
        AuditEvent.objects.filter(target_type="judging.review").values_list("action", flat=True)
    )
    assert sorted(actions_seen) == ["review.reopen", "review.submit"]


def test_autosave_saves_draft_and_reports_errors(client, world):
    client.force_login(world.judge)
    ok = client.post(_url(world, "autosave/"), {"score-novelty": "4.5"})
    assert ok.status_code == 200
    assert ok.json() == {"saved": True, "revision": 1}
    bad = client.post(_url(world, "autosave/"), {"score-novelty": "4.4"})
    assert bad.status_code == 400
    assert bad.json()["errors"]["score-novelty"][0]["code"] == "step"
    score = Review.objects.get(assignment=world.assignment).scores.get(criterion__key="novelty")
    assert score.score == Decimal("4.5")


def test_panel_scores_visible_after_submit_only_when_allowed(client, world):
    actions.review_submit(
        assignment=world.other_assignment,
        user=world.judge_no_mfa,
        data=ScoreInput(
            scores={"novelty": Decimal("2"), "feasibility": Decimal("3"), "impact": Decimal("4")},
            comments={},
            overall_comment="",
        ),
    )
    client.force_login(world.judge)
    client.post(_url(world), {**VALID, "action": "submit"})
    assert "Judge 1" not in client.get(_url(world)).content.decode()
    world.round.show_panel_scores = True
    world.round.save()
    html = client.get(_url(world)).content.decode()
    assert "Judge 1" in html
    assert "nomfa@uni.example" not in html


def _rubric_form(rubric, data):
    form_class = ObjectList(Rubric.panels, base_form_class=RubricForm).bind_to_model(Rubric)
    return form_class.get_form_class()(data, instance=rubric)


def test_rubric_frozen_after_first_submitted_review(world):
    assert not world.rubric.is_frozen
    actions.review_submit(
        assignment=world.assignment,
        user=world.judge,
        data=ScoreInput(
            scores={"novelty": Decimal("5"), "feasibility": Decimal("5"), "impact": Decimal("5")},
            comments={},
            overall_comment="",
        ),
    )
    world.rubric.refresh_from_db()
    assert world.rubric.is_frozen
    form = _rubric_form(world.rubric, {"call": world.call.pk, "aggregation": "median"})
    assert not form.is_valid()
    assert "This rubric is frozen" in " ".join(form.non_field_errors())


def test_rubric_not_frozen_by_draft(world):
    actions.review_save_draft(
        assignment=world.assignment,
        user=world.judge,
        data=ScoreInput(scores={"novelty": Decimal("5")}, comments={}, overall_comment=""),
    )
    form = _rubric_form(world.rubric, {"call": world.call.pk, "aggregation": "median"})
    form.is_valid()
    assert "This rubric is frozen" not in " ".join(form.non_field_errors())


def test_review_comments_lose_control_characters_whatever_the_caller(world):
    """Forms refuse NUL already; the action itself must also never hand one to the database."""
    from judging import actions
    from judging.models import ReviewScore

    assignment = world.assignment
    data = actions.ScoreInput(
        scores={},
        comments={"novelty": "good\x00 idea\x07"},
        overall_comment="over\x00all",
    )
    review = actions.review_save_draft(assignment=assignment, user=world.judge, data=data)
    review.refresh_from_db()
    assert review.overall_comment == "overall"
    assert ReviewScore.objects.get(review=review, criterion__key="novelty").comment == "good idea"
