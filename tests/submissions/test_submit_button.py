"""The call page's submit button follows the call's state and the visitor's situation."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import Locale

from submissions.enums import SubmissionStatus
from tests.factories import ChallengePageFactory, ContestPageFactory, UserFactory
from tests.submissions.factories import (
    MembershipFactory,
    ParticipantFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db


def english(page):
    copy = page.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def action_box(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    start = text.index('class="aside-box call-action"')
    return text[start : text.index("</div>", start)]


def start_url(page) -> str:
    return reverse("submissions:call_start", args=[page.pk])


@pytest.fixture
def upcoming(site):
    return ChallengePageFactory(
        parent=site["index"],
        slug="sap-mo",
        opens_at=timezone.now() + timedelta(days=5),
        closes_at=timezone.now() + timedelta(days=40),
    )


@pytest.fixture
def closed(site):
    return ChallengePageFactory(
        parent=site["index"],
        slug="da-dong",
        opens_at=timezone.now() - timedelta(days=40),
        closes_at=timezone.now() - timedelta(days=1),
    )


@pytest.fixture
def contest(site):
    """A youth contest (it has an age band), so people enter it, not organisations."""
    return ContestPageFactory(parent=site["home"], slug="cuoc-thi-tre", min_age=6, max_age=25)


def test_upcoming_call_says_when_it_opens_instead_of_a_button(client, upcoming):
    with translation.override("vi"):
        shown = date_format(timezone.localtime(upcoming.opens_at), "DATETIME_FORMAT")
    box = action_box(client, upcoming)
    assert shown in box
    assert start_url(upcoming) not in box
    box_en = action_box(client, english(upcoming))
    assert "Submissions open on" in box_en
    assert start_url(upcoming) not in box_en


def test_closed_call_says_submissions_are_not_open(client, closed):
    box = action_box(client, english(closed))
    assert "Submissions are not open." in box
    assert start_url(closed) not in box
    assert "Submit a solution" not in box


def test_anonymous_visitor_is_asked_to_sign_in_or_sign_up_then_lands_on_the_form(client, challenge):
    def links(language):
        with translation.override(language):
            then = "?next=" + start_url(challenge)
            return reverse("account_login") + then, reverse("account_signup") + then

    box = action_box(client, english(challenge))
    sign_in, sign_up = links("en")
    assert "Sign in to submit a solution" in box
    assert f'href="{sign_in}"' in box
    assert "Create an account" in box
    assert f'href="{sign_up}"' in box
    # The Vietnamese page carries the same links, to the Vietnamese screens.
    box_vi = action_box(client, challenge)
    sign_in, sign_up = links("vi")
    assert f'href="{sign_in}"' in box_vi
    assert f'href="{sign_up}"' in box_vi
    assert "Submit a solution" not in box_vi


def test_signed_in_user_without_an_organisation_is_told_to_create_one(client, challenge):
    client.force_login(UserFactory())
    box = action_box(client, english(challenge))
    assert "Create an organisation" in box
    assert reverse("submissions:organisation_create") in box
    assert start_url(challenge) not in box


def test_member_of_an_organisation_gets_the_submit_button(client, challenge):
    membership = MembershipFactory()
    client.force_login(membership.user)
    box = action_box(client, english(challenge))
    assert "Submit a solution" in box
    assert f'href="{start_url(challenge)}"' in box


def test_user_with_a_draft_is_offered_to_continue_it(client, challenge):
    membership = MembershipFactory()
    draft = SubmissionFactory(
        call=challenge, organisation=membership.organisation, status=SubmissionStatus.DRAFT
    )
    client.force_login(membership.user)
    box = action_box(client, english(challenge))
    assert "Continue your draft" in box
    assert reverse("submissions:edit", args=[draft.pk]) in box
    assert "You have 1 submission here." in box


def test_user_with_a_submitted_entry_is_shown_it(client, challenge):
    membership = MembershipFactory()
    entry = SubmissionFactory(
        call=challenge, organisation=membership.organisation, status=SubmissionStatus.SUBMITTED
    )
    client.force_login(membership.user)
    box = action_box(client, english(challenge))
    assert "Your entry has been submitted." in box
    assert reverse("submissions:detail", args=[entry.pk]) in box
    assert "Continue your draft" not in box


def test_withdrawn_entry_does_not_count(client, challenge):
    membership = MembershipFactory()
    SubmissionFactory(
        call=challenge, organisation=membership.organisation, status=SubmissionStatus.WITHDRAWN
    )
    client.force_login(membership.user)
    box = action_box(client, english(challenge))
    assert "Submit a solution" in box
    assert "You have" not in box


def test_contest_entrant_without_a_participant_profile_is_sent_to_fill_it_in(client, contest):
    client.force_login(UserFactory())
    box = action_box(client, english(contest))
    assert "fill in your participant profile" in box.lower()
    assert reverse("submissions:participant") in box
    assert start_url(contest) not in box


def test_contest_entrant_with_a_profile_gets_the_enter_button(client, contest):
    participant = ParticipantFactory()
    client.force_login(participant.user)
    box = action_box(client, english(contest))
    assert "Enter the contest" in box
    assert f'href="{start_url(contest)}"' in box


def test_anonymous_visitor_of_a_contest_is_asked_to_sign_in_to_enter(client, contest):
    box = action_box(client, english(contest))
    assert "Sign in to enter the contest" in box
