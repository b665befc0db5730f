from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from cms.models import AuditEvent
from submissions import actions
from submissions.models import GuardianConsent, Participant, Submission
from tests.factories import ContestCategoryFactory, ContestPageFactory, UserFactory
from tests.submissions.factories import ParticipantFactory


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests assert English messages; Vietnamese is the site's default language."""
    from django.utils import translation

    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


@pytest.fixture
def youth_contest(site):
    contest = ContestPageFactory(
        parent=site["home"],
        slug="youth",
        min_age=6,
        max_age=25,
        opens_at=timezone.now() - timedelta(days=5),
        closes_at=timezone.now() + timedelta(days=30),
    )
    ContestCategoryFactory(page=contest, key="primary", name="Primary", min_age=6, max_age=11)
    ContestCategoryFactory(page=contest, key="secondary", name="Secondary", min_age=12, max_age=17)
    ContestCategoryFactory(page=contest, key="youth", name="Youth", min_age=18, max_age=25)
    return contest


def years_ago(years: int, days: int = 30) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def complete(submission: Submission, category: str) -> Submission:
    return actions.submission_save_draft(
        submission=submission,
        user=None,
        data={
            "title": "Thùng rác thông minh",
            "summary": "Phân loại rác",
            "description": "Mô tả",
            "approach": "Cách làm",
            "expected_impact": "Tác động",
            "implementation_plan": "Kế hoạch",
            "category_key": category,
        },
    )


def test_participant_profile_minor_without_guardian_gets_field_errors(client):
    client.force_login(UserFactory())

    response = client.post(
        "/en/participant/",
        {"full_name": "Lý Thị Mai Anh", "birth_date": years_ago(13).isoformat(), "school": "THCS"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "guardian_name": ["Required when you are under 18."],
        "guardian_email": ["Required when you are under 18."],
    }
    assert Participant.objects.count() == 0


def _profile(client, birth_date: date, **extra):
    return client.post(
        "/en/participant/",
        {
            "full_name": "Phạm Gia Huy",
            "birth_date": birth_date.isoformat(),
            "school": "THPT Hòn Gai",
            **extra,
        },
    )


def test_participant_profile_adult_who_was_minor_when_an_open_contest_began_needs_guardian(
    client, youth_contest
):
    client.force_login(UserFactory())

    response = _profile(client, years_ago(18, days=2))

    message = "Required: you were under 18 when a youth contest that is still open began."
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "guardian_name": [message],
        "guardian_email": [message],
    }
    assert Participant.objects.count() == 0


@pytest.mark.parametrize(
    ("opens", "closes"),
    [
        pytest.param(timedelta(days=-40), timedelta(days=-1), id="contest-closed"),
        pytest.param(timedelta(days=3), timedelta(days=30), id="contest-upcoming"),
    ],
)
def test_participant_profile_adult_needs_no_guardian_without_such_a_contest(
    client, site, opens, closes
):
    contest = ContestPageFactory(
        parent=site["home"],
        slug="youth",
        max_age=25,
        opens_at=timezone.now() + opens,
        closes_at=timezone.now() + closes,
    )
    ContestCategoryFactory(page=contest, key="youth", name="Youth", min_age=6, max_age=25)
    client.force_login(UserFactory())

    response = _profile(client, years_ago(18, days=2))

    assert response.status_code == 302
    assert Participant.objects.get().guardian_email == ""


def test_participant_profile_adult_contest_does_not_ask_for_a_guardian(client, site):
    ContestPageFactory(
        parent=site["home"],
        slug="technical",
        opens_at=timezone.now() - timedelta(days=5),
        closes_at=timezone.now() + timedelta(days=30),
    )
    client.force_login(UserFactory())

    response = _profile(client, years_ago(18, days=2))

    assert response.status_code == 302
    assert Participant.objects.count() == 1


def test_participant_profile_refuses_own_account_email_as_guardian(client, mailoutbox):
    client.force_login(UserFactory(email="huy@student.example"))

    response = _profile(
        client,
        years_ago(13),
        guardian_name="Phạm Văn Long",
        guardian_email="Huy@Student.example",
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "guardian_email": [
            "Enter your guardian's own e-mail address, not the one you sign in with."
        ]
    }
    assert Participant.objects.count() == 0
    assert GuardianConsent.objects.count() == 0
    assert mailoutbox == []


def test_participant_profile_minor_sends_guardian_link_after_commit(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/participant/",
            {
                "full_name": "Lý Thị Mai Anh",
                "birth_date": years_ago(13).isoformat(),
                "school": "THCS Bình Liêu",
                "guardian_name": "Lý Thị Hạnh",
                "guardian_email": "Hanh@Mail.example",
            },
        )

    consent = GuardianConsent.objects.get()
    assert consent.guardian_email == "hanh@mail.example"
    assert [m.to for m in mailoutbox] == [["hanh@mail.example"]]
    assert consent.token in mailoutbox[0].body


def test_minor_entry_blocked_until_guardian_consents(client, youth_contest):
    minor = ParticipantFactory(
        birth_date=years_ago(13),
        guardian_name="Lý Thị Hạnh",
        guardian_email="hanh@mail.example",
    )
    consent = GuardianConsent.objects.create(
        participant=minor, guardian_name="Lý Thị Hạnh", guardian_email="hanh@mail.example"
    )
    submission = actions.submission_create(call=youth_contest, user=minor.user, participant=minor)
    complete(submission, "secondary")

    with pytest.raises(actions.SubmissionIncomplete) as refused:
        actions.submission_submit(submission=submission, user=minor.user)
    assert refused.value.missing == [
        f"{minor.full_name} is under 18: a guardian must consent first."
    ]

    response = client.post(
        f"/guardian-consent/{consent.token}/", {"consent": "yes"}, REMOTE_ADDR="203.0.113.7"
    )
    consent.refresh_from_db()
    version, created = actions.submission_submit(submission=submission, user=minor.user)

    assert response.status_code == 302
    assert consent.ip_address == "203.0.113.7"
    assert consent.consented_at is not None
    assert created is True
    assert version.reference.startswith("QN-C")
    assert AuditEvent.objects.filter(action="guardian_consent.give").count() == 1


def test_adult_entry_needs_no_consent(youth_contest):
    adult = ParticipantFactory(birth_date=years_ago(20))
    submission = actions.submission_create(call=youth_contest, user=adult.user, participant=adult)
    complete(submission, "youth")

    _, created = actions.submission_submit(submission=submission, user=adult.user)

    assert created is True


def test_age_band_decides_category(youth_contest):
    adult = ParticipantFactory(full_name="Trần Đức Anh", birth_date=years_ago(20))
    submission = actions.submission_create(call=youth_contest, user=adult.user, participant=adult)
    complete(submission, "primary")

    with pytest.raises(actions.SubmissionIncomplete) as refused:
        actions.submission_submit(submission=submission, user=adult.user)

    assert refused.value.missing == ["Trần Đức Anh's age does not fit the category “Primary”."]


def test_team_member_minor_without_consent_blocks_entry(youth_contest):
    lead = ParticipantFactory(birth_date=years_ago(19))
    member = ParticipantFactory(
        full_name="Nguyễn Minh Khang",
        birth_date=years_ago(18, days=-20),  # turns 18 after the contest opened
        guardian_name="Nguyễn Văn Long",
        guardian_email="long@mail.example",
    )
    submission = actions.submission_create(call=youth_contest, user=lead.user, participant=lead)
    complete(submission, "youth")
    actions.team_member_add(submission=submission, participant=member, user=lead.user)

    with pytest.raises(actions.SubmissionIncomplete) as refused:
        actions.submission_submit(submission=submission, user=lead.user)

    assert "Nguyễn Minh Khang is under 18: a guardian must consent first." in refused.value.missing


def test_team_member_can_view_but_outsider_cannot(client, youth_contest):
    lead = ParticipantFactory(birth_date=years_ago(19))
    member = ParticipantFactory(birth_date=years_ago(19))
    submission = actions.submission_create(call=youth_contest, user=lead.user, participant=lead)
    added = actions.team_member_add(submission=submission, participant=member, user=lead.user)
    client.force_login(member.user)
    client.post(f"/en/team-confirmation/{added.confirmation_token}/", {"decision": "confirm"})

    as_member = client.get(f"/en/submissions/{submission.pk}/")
    as_member_edit = client.get(f"/en/submissions/{submission.pk}/edit/")
    client.force_login(UserFactory())
    as_outsider = client.get(f"/en/submissions/{submission.pk}/")

    assert (as_member.status_code, as_member_edit.status_code, as_outsider.status_code) == (
        200,
        404,
        404,
    )


def test_youth_contest_start_without_profile_asks_for_one(client, youth_contest):
    client.force_login(UserFactory())

    response = client.get(f"/en/calls/{youth_contest.pk}/submit/")

    assert response.status_code == 200
    assert "/en/participant/?next=" in response.content.decode()


def test_guardian_consent_page_shows_no_birth_date_or_school(client, youth_contest):
    minor = ParticipantFactory(
        full_name="Nguyễn Minh Khang",
        birth_date=date(2016, 4, 18),
        school="Trường Tiểu học Cao Xanh",
        guardian_name="Nguyễn Văn Long",
        guardian_email="long@mail.example",
    )
    consent = GuardianConsent.objects.create(
        participant=minor, guardian_name="Nguyễn Văn Long", guardian_email="long@mail.example"
    )

    content = client.get(f"/en/guardian-consent/{consent.token}/").content.decode()

    assert "Khang" in content
    assert "2016" not in content
    assert "Cao Xanh" not in content


def test_public_name_of_minor_is_given_name_only_once_the_guardian_consented(youth_contest):
    minor = ParticipantFactory(
        full_name="Nguyễn Minh Khang",
        birth_date=years_ago(10),
        guardian_name="Nguyễn Văn Long",
        guardian_email="long@mail.example",
    )
    adult = ParticipantFactory(full_name="Trần Đức Anh", birth_date=years_ago(20))
    minor_entry = actions.submission_create(call=youth_contest, user=minor.user, participant=minor)
    adult_entry = actions.submission_create(call=youth_contest, user=adult.user, participant=adult)
    consent = GuardianConsent.objects.create(
        participant=minor, guardian_name="Nguyễn Văn Long", guardian_email="long@mail.example"
    )

    with translation.override("en"):
        assert minor_entry.public_name() == "Youth participant (name withheld)"
    consent.consented_at = timezone.now()
    consent.save()
    assert (minor_entry.public_name(), adult_entry.public_name()) == ("Khang", "Trần Đức Anh")
