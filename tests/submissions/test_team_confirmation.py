"""Team entries: every member confirms through a signed, single-use, expiring link."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cms.models import AuditEvent, OutboxMessage
from submissions import actions, tasks
from submissions.models import GuardianConsent, SubmissionTeamMember
from tests.factories import ContestCategoryFactory, ContestPageFactory, UserFactory
from tests.submissions.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def youth_contest(site):
    contest = ContestPageFactory(
        parent=site["home"],
        slug="youth",
        title="Youth Creativity Contest",
        min_age=6,
        max_age=25,
        opens_at=timezone.now() - timedelta(days=5),
        closes_at=timezone.now() + timedelta(days=30),
    )
    ContestCategoryFactory(page=contest, key="secondary", name="Secondary", min_age=12, max_age=17)
    ContestCategoryFactory(page=contest, key="youth", name="Youth", min_age=18, max_age=25)
    return contest


def years_ago(years: int, days: int = 30) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def adult(name: str, email: str):
    return ParticipantFactory(
        full_name=name, birth_date=years_ago(19), user=UserFactory(email=email)
    )


def team_entry(contest, lead, title: str = "Thùng rác thông minh"):
    submission = actions.submission_create(call=contest, user=lead.user, participant=lead)
    return actions.submission_save_draft(
        submission=submission,
        user=lead.user,
        data={
            "title": title,
            "summary": "Phân loại rác",
            "description": "Mô tả",
            "approach": "Cách làm",
            "expected_impact": "Tác động",
            "implementation_plan": "Kế hoạch",
            "category_key": "youth",
        },
    )


def link_path(member: SubmissionTeamMember) -> str:
    member.refresh_from_db()
    return f"/en/team-confirmation/{member.confirmation_token}/"


@pytest.fixture
def team(youth_contest):
    lead = adult("Trần Đức Anh", "ducanh@mail.example")
    member = adult("Phạm Thu Hà", "thuha@mail.example")
    submission = team_entry(youth_contest, lead)
    added = actions.team_member_add(submission=submission, participant=member, user=lead.user)
    return lead, member, submission, added


def test_team_member_add_emails_the_member_once_after_commit(
    youth_contest, mailoutbox, django_capture_on_commit_callbacks
):
    lead = adult("Trần Đức Anh", "ducanh@mail.example")
    member = adult("Phạm Thu Hà", "thuha@mail.example")
    submission = team_entry(youth_contest, lead)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        added = actions.team_member_add(submission=submission, participant=member, user=lead.user)
        assert mailoutbox == []  # nothing leaves before the commit
    tasks.send_team_invitation(member_id=added.pk, nonce=added.invitation_nonce)  # a re-delivery

    assert len(callbacks) == 1
    assert [m.to for m in mailoutbox] == [["thuha@mail.example"]]
    assert added.confirmation_token in mailoutbox[0].body
    assert "Thùng rác thông minh" in mailoutbox[0].body
    assert OutboxMessage.objects.filter(task_name="submissions.send_team_invitation").count() == 1
    assert AuditEvent.objects.filter(action="submission.team_member_add").count() == 1


def test_team_confirmation_page_shows_entry_title_and_call(client, team):
    _lead, member, _submission, added = team
    client.force_login(member.user)

    response = client.get(link_path(added))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Thùng rác thông minh" in html
    assert "Youth Creativity Contest" in html


def test_team_confirmation_records_time_and_ip_and_link_works_once(client, team):
    _lead, member, submission, added = team
    client.force_login(member.user)
    path = link_path(added)

    confirmed = client.post(path, {"decision": "confirm"}, REMOTE_ADDR="203.0.113.9")
    again = client.post(path, {"decision": "decline"}, REMOTE_ADDR="203.0.113.9")

    added.refresh_from_db()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == f"/en/submissions/{submission.pk}/"
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert added.confirmed_at is not None
    assert added.declined_at is None
    assert added.ip_address == "203.0.113.9"
    event = AuditEvent.objects.get(action="submission.team_member_confirm")
    assert (event.actor, event.ip_address) == (member.user, "203.0.113.9")


def test_team_confirmation_link_expires_after_seven_days(client, team):
    _lead, member, _submission, added = team
    path = link_path(added)
    SubmissionTeamMember.objects.filter(pk=added.pk).update(
        invited_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    client.force_login(member.user)

    shown = client.get(path)
    posted = client.post(path, {"decision": "confirm"})

    added.refresh_from_db()
    assert (shown.status_code, posted.status_code) == (410, 410)
    assert "expired" in shown.content.decode()
    assert added.confirmed_at is None


def test_team_confirmation_link_still_works_just_before_expiry(client, team):
    _lead, member, _submission, added = team
    path = link_path(added)
    SubmissionTeamMember.objects.filter(pk=added.pk).update(
        invited_at=timezone.now() - timedelta(days=6, hours=23)
    )
    client.force_login(member.user)

    response = client.post(path, {"decision": "confirm"})

    added.refresh_from_db()
    assert response.status_code == 302
    assert added.confirmed_at is not None


def test_team_confirmation_by_another_user_is_404(client, team):
    lead, _member, _submission, added = team
    path = link_path(added)
    results = []
    for user in (lead.user, adult("Người khác", "other@mail.example").user, UserFactory()):
        client.force_login(user)
        results += [
            client.get(path).status_code,
            client.post(path, {"decision": "confirm"}).status_code,
        ]

    added.refresh_from_db()
    assert results == [404] * 6
    assert added.confirmed_at is None


def test_team_confirmation_forged_or_tampered_token_is_404(client, team):
    _lead, member, _submission, added = team
    client.force_login(member.user)
    token = link_path(added).split("/")[-2]
    forged = re.sub(r"^\d+", str(added.pk + 1), token)

    responses = [
        client.get(f"/en/team-confirmation/{forged}/").status_code,
        client.get(f"/en/team-confirmation/{added.pk}.{'0' * 32}/").status_code,
        client.get("/en/team-confirmation/not-a-token/").status_code,
    ]

    assert responses == [404, 404, 404]


def test_team_confirmation_asks_anonymous_visitor_to_sign_in(client, team):
    response = client.get(link_path(team[3]))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_resending_invitation_replaces_the_earlier_link(client, team, mailoutbox):
    lead, member, submission, added = team
    old_path = link_path(added)

    actions.team_member_add(submission=submission, participant=member, user=lead.user)
    client.force_login(member.user)
    old = client.post(old_path, {"decision": "confirm"})
    new = client.post(link_path(added), {"decision": "confirm"})

    assert (old.status_code, new.status_code) == (410, 302)
    assert SubmissionTeamMember.objects.filter(submission=submission).count() == 1


def test_submit_is_refused_listing_members_who_have_not_confirmed(client, youth_contest):
    lead = adult("Trần Đức Anh", "ducanh@mail.example")
    first = adult("Phạm Thu Hà", "thuha@mail.example")
    second = adult("Vũ Hoàng Nam", "nam@mail.example")
    submission = team_entry(youth_contest, lead)
    for person in (first, second):
        actions.team_member_add(submission=submission, participant=person, user=lead.user)
    client.force_login(first.user)
    client.post(
        link_path(SubmissionTeamMember.objects.get(participant=first)), {"decision": "confirm"}
    )
    client.force_login(lead.user)

    response = client.post(f"/en/submissions/{submission.pk}/review/")

    expected = (
        "Not every team member has confirmed taking part yet: Vũ Hoàng Nam. "
        "Each of them confirms through the link we e-mailed them."
    )
    assert response.status_code == 400
    assert response.context["missing"] == [expected]
    assert expected in response.content.decode()
    assert submission.versions.count() == 0


def test_submit_succeeds_once_every_member_confirmed_and_guardian_consented(client, youth_contest):
    lead = adult("Trần Đức Anh", "ducanh@mail.example")
    minor = ParticipantFactory(
        full_name="Lý Thị Mai Anh",
        birth_date=years_ago(15),
        guardian_name="Lý Thị Hạnh",
        guardian_email="hanh@mail.example",
    )
    consent = GuardianConsent.objects.create(
        participant=minor, guardian_name="Lý Thị Hạnh", guardian_email="hanh@mail.example"
    )
    submission = team_entry(youth_contest, lead)
    added = actions.team_member_add(submission=submission, participant=minor, user=lead.user)
    client.force_login(minor.user)
    page = client.get(link_path(added))
    client.post(link_path(added), {"decision": "confirm"})

    with pytest.raises(actions.SubmissionIncomplete) as refused:
        actions.submission_submit(submission=submission, user=lead.user)
    client.post(f"/guardian-consent/{consent.token}/", {"consent": "yes"})
    version, created = actions.submission_submit(submission=submission, user=lead.user)

    assert "your guardian must also consent" in page.content.decode()
    assert refused.value.missing == ["Lý Thị Mai Anh is under 18: a guardian must consent first."]
    assert created is True
    assert version.content["entrant"]["team"] == [minor.pk]


def test_declining_takes_the_member_off_the_team(client, team):
    lead, member, submission, added = team
    client.force_login(member.user)

    response = client.post(link_path(added), {"decision": "decline"})
    detail = client.get(f"/en/submissions/{submission.pk}/")
    client.force_login(lead.user)
    edit = client.get(f"/en/submissions/{submission.pk}/edit/")
    version, created = actions.submission_submit(submission=submission, user=lead.user)

    added.refresh_from_db()
    assert response.status_code == 302
    assert added.declined_at is not None
    assert detail.status_code == 404
    team_section = edit.content.decode().split('id="team"')[1]
    assert "Phạm Thu Hà" in team_section
    assert "Declined and taken off the team." in team_section
    assert created is True
    assert version.content["entrant"]["team"] == []
    assert AuditEvent.objects.filter(action="submission.team_member_decline").count() == 1


def test_adding_a_member_who_declined_invites_them_again(client, team, mailoutbox):
    lead, member, submission, added = team
    client.force_login(member.user)
    client.post(link_path(added), {"decision": "decline"})

    actions.team_member_add(submission=submission, participant=member, user=lead.user)
    response = client.post(link_path(added), {"decision": "confirm"})

    added.refresh_from_db()
    assert response.status_code == 302
    assert (added.declined_at, added.confirmed_at is not None) == (None, True)


def test_adding_a_confirmed_member_again_is_refused(client, team):
    lead, member, submission, added = team
    client.force_login(member.user)
    client.post(link_path(added), {"decision": "confirm"})

    with pytest.raises(actions.ActionRefused, match="already confirmed"):
        actions.team_member_add(submission=submission, participant=member, user=lead.user)


def test_removing_a_member_keeps_the_other_confirmations(client, team, youth_contest):
    lead, member, submission, added = team
    other = adult("Vũ Hoàng Nam", "nam@mail.example")
    second = actions.team_member_add(submission=submission, participant=other, user=lead.user)
    for person, row in ((member, added), (other, second)):
        client.force_login(person.user)
        client.post(link_path(row), {"decision": "confirm"})
    third = adult("Đỗ Minh Châu", "chau@mail.example")
    actions.team_member_add(submission=submission, participant=third, user=lead.user)
    client.force_login(lead.user)

    response = client.post(f"/en/submissions/{submission.pk}/team/{second.pk}/remove/")

    added.refresh_from_db()
    assert response.status_code == 302
    assert not SubmissionTeamMember.objects.filter(pk=second.pk).exists()
    assert added.confirmed_at is not None
    assert AuditEvent.objects.filter(action="submission.team_member_remove").count() == 1


def test_team_member_remove_by_anyone_but_the_lead_is_404(client, team):
    _lead, member, submission, added = team
    client.force_login(member.user)
    client.post(link_path(added), {"decision": "confirm"})
    url = f"/en/submissions/{submission.pk}/team/{added.pk}/remove/"
    statuses = []
    for user in (member.user, UserFactory(), UserFactory(is_staff=True)):
        client.force_login(user)
        statuses.append(client.post(url).status_code)
    client.logout()
    statuses.append(client.post(url).status_code)

    assert statuses == [404, 404, 404, 404]
    assert SubmissionTeamMember.objects.filter(pk=added.pk).exists()


def test_invited_member_sees_the_entry_only_after_confirming(client, team):
    _lead, member, submission, added = team
    client.force_login(member.user)

    before = client.get(f"/en/submissions/{submission.pk}/")
    listed_before = client.get("/en/submissions/").context["submissions"]
    client.post(link_path(added), {"decision": "confirm"})
    after = client.get(f"/en/submissions/{submission.pk}/")
    listed_after = client.get("/en/submissions/").context["submissions"]

    assert (before.status_code, after.status_code) == (404, 200)
    assert (listed_before, [s.pk for s in listed_after]) == ([], [submission.pk])


def test_draft_page_shows_each_status_without_minors_details(client, youth_contest):
    lead = adult("Trần Đức Anh", "ducanh@mail.example")
    minor = ParticipantFactory(
        full_name="Lý Thị Mai Anh",
        birth_date=years_ago(15),
        school="THCS Bình Liêu",
        guardian_name="Lý Thị Hạnh",
        guardian_email="hanh@mail.example",
    )
    invited = adult("Vũ Hoàng Nam", "nam@mail.example")
    submission = team_entry(youth_contest, lead)
    row = actions.team_member_add(submission=submission, participant=minor, user=lead.user)
    actions.team_member_add(submission=submission, participant=invited, user=lead.user)
    client.force_login(minor.user)
    client.post(link_path(row), {"decision": "confirm"})
    client.force_login(lead.user)

    html = client.get(f"/en/submissions/{submission.pk}/edit/").content.decode()

    team_section = html.split('id="team"')[1].split("</section>")[0]
    assert re.search(r"Lý Thị Mai Anh.*?Confirmed.*?Guardian consent pending", team_section, re.S)
    assert re.search(r"Vũ Hoàng Nam.*?Invited", team_section, re.S)
    for private in (
        "THCS Bình Liêu",
        "hanh@mail.example",
        "Lý Thị Hạnh",
        minor.birth_date.strftime("%d/%m/%Y"),
    ):
        assert private not in html


def test_draft_page_query_count_does_not_grow_with_the_team(
    client, youth_contest, django_assert_max_num_queries
):
    lead = adult("Trần Đức Anh", "ducanh@mail.example")
    submission = team_entry(youth_contest, lead)
    actions.team_member_add(
        submission=submission, participant=adult("A", "a@mail.example"), user=lead.user
    )
    client.force_login(lead.user)
    url = f"/en/submissions/{submission.pk}/edit/"
    with CaptureQueriesContext(connection) as one_member:
        client.get(url)
    for n in range(4):
        actions.team_member_add(
            submission=submission,
            participant=ParticipantFactory(birth_date=years_ago(15 + n)),
            user=lead.user,
        )

    with django_assert_max_num_queries(len(one_member)):
        response = client.get(url)

    assert len(response.context["team_members"]) == 5


def test_staff_inspect_screen_shows_team_statuses(client, team):
    from django.contrib.auth.models import Permission

    _lead, member, submission, added = team
    client.force_login(member.user)
    client.post(link_path(added), {"decision": "confirm"}, REMOTE_ADDR="203.0.113.9")
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)

    html = client.get(f"/admin/submissions/inspect/{submission.pk}/").content.decode()

    assert re.search(r"Phạm Thu Hà</td><td>[^<]+</td>\s*<td>[^<]*203\.0\.113\.9", html)


def test_demo_youth_team_members_are_confirmed():
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())

    members = SubmissionTeamMember.objects.filter(submission__call__slug="youth-creativity")
    assert members.exists()
    assert not members.filter(confirmed_at=None).exists()


def test_account_dashboard_links_a_pending_team_invitation_until_answered(client, team):
    _lead, member, _submission, added = team
    client.force_login(member.user)
    path = link_path(added)

    before = client.get("/en/account/").content.decode()
    client.post(path, {"decision": "confirm"})
    after = client.get("/en/account/").content.decode()

    assert path in before
    assert "/team-confirmation/" not in after
