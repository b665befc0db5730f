from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from cms.models import AuditEvent
from submissions import actions
from submissions.enums import Eligibility, ReminderKind
from submissions.models import ClarificationQuestion, ReminderSent
from submissions.tasks import reminder_kind_due, send_deadline_reminders
from tests.factories import ChallengePageFactory, UserFactory
from tests.submissions.factories import ClarificationQuestionFactory, SubmissionFactory


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests assert English messages; Vietnamese is the site's default language."""
    from django.utils import translation

    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


# --- clarification questions --------------------------------------------------------------


def test_clarification_ask_requires_sign_in(client, challenge):
    response = client.post(f"/en/calls/{challenge.pk}/questions/", {"question": "Hỏi?"})

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert ClarificationQuestion.objects.count() == 0


def test_clarification_ask_stores_question(client, challenge):
    user = UserFactory()
    client.force_login(user)

    response = client.post(f"/en/calls/{challenge.pk}/questions/", {"question": "Deadline?"})

    question = ClarificationQuestion.objects.get()
    assert response.status_code == 302
    assert (question.call_id, question.asked_by_id, question.is_published) == (
        challenge.pk,
        user.pk,
        False,
    )


def test_clarification_ask_empty_returns_form_error(client, challenge):
    client.force_login(UserFactory())

    response = client.post(f"/en/calls/{challenge.pk}/questions/", {"question": ""})

    assert response.status_code == 400
    assert response.context["form"].errors == {"question": ["This field is required."]}


def test_call_page_shows_answered_questions_without_asker(client, challenge):
    asker = UserFactory(email="asker@secret.example", display_name="Người Hỏi Bí Mật")
    answered = ClarificationQuestionFactory(call=challenge, asked_by=asker, question="Có tài trợ?")
    actions.clarification_answer(
        question=answered, answer="Có, tối đa 5 tỷ.", publish=True, actor=UserFactory(is_staff=True)
    )
    ClarificationQuestionFactory(call=challenge, question="Chưa trả lời?")

    content = client.get(challenge.url).content.decode()

    assert "Có tài trợ?" in content
    assert "Có, tối đa 5 tỷ." in content
    assert "Chưa trả lời?" not in content
    assert "asker@secret.example" not in content
    assert "Người Hỏi Bí Mật" not in content
    assert f"/calls/{challenge.pk}/submit/" in content
    assert AuditEvent.objects.filter(action="clarification.answer").count() == 1


# --- staff screens ------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, people):
    from django.contrib.auth.models import Permission

    staff = people["staff"]
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    return client


def test_admin_submissions_index_filters_and_searches(staff_client, people, challenge):
    SubmissionFactory(call=challenge, organisation=people["org_a"], title="Cảm biến nước")
    SubmissionFactory(call=challenge, organisation=people["org_b"], title="Bản đồ số")

    listing = staff_client.get("/admin/submissions/")
    searched = staff_client.get("/admin/submissions/?q=Cảm")
    filtered = staff_client.get(f"/admin/submissions/?call={challenge.pk}&status=draft")

    assert listing.status_code == 200
    assert "Cảm biến nước" in listing.content.decode()
    assert "Bản đồ số" not in searched.content.decode()
    assert "Cảm biến nước" in searched.content.decode()
    assert filtered.status_code == 200


def test_admin_submissions_not_for_non_staff(client, people):
    client.force_login(people["owner_a"])

    response = client.get("/admin/submissions/")

    assert response.status_code == 302


def test_admin_submission_inspect_shows_versions_and_attachments(staff_client, people, challenge):
    from tests.submissions.test_uploads import make_pdf

    submission = SubmissionFactory(call=challenge, organisation=people["org_a"])
    actions.attachment_add(submission=submission, name="plan.pdf", data=make_pdf(), user=None)
    version, _ = actions.submission_submit(submission=submission, user=None)

    content = staff_client.get(f"/admin/submissions/inspect/{submission.pk}/").content.decode()

    assert version.sha256 in content
    assert "plan.pdf" in content
    assert "QN-P03-0001" in content


def test_admin_eligibility_decision_is_audited(staff_client, people, challenge):
    submission = SubmissionFactory(call=challenge, organisation=people["org_a"])

    response = staff_client.post(
        f"/admin/submissions/eligibility/{submission.pk}/",
        {"eligibility": "ineligible", "reason": "Thiếu giấy phép"},
    )

    submission.refresh_from_db()
    event = AuditEvent.objects.get(action="submission.decide_eligibility")
    assert response.status_code == 302
    assert (submission.eligibility, submission.eligibility_reason) == (
        Eligibility.INELIGIBLE,
        "Thiếu giấy phép",
    )
    assert event.actor == people["staff"]
    assert event.before == {"eligibility": "pending", "reason": ""}


def test_admin_ineligible_without_reason_is_refused(staff_client, people, challenge):
    submission = SubmissionFactory(call=challenge, organisation=people["org_a"])

    staff_client.post(
        f"/admin/submissions/eligibility/{submission.pk}/", {"eligibility": "ineligible"}
    )

    submission.refresh_from_db()
    assert submission.eligibility == Eligibility.PENDING


def test_admin_export_csv_and_xlsx(staff_client, people, challenge):
    submission = SubmissionFactory(call=challenge, organisation=people["org_a"], title="Xuất")
    actions.submission_submit(submission=submission, user=None)

    csv_response = staff_client.get("/admin/submissions/?export=csv")
    xlsx_response = staff_client.get("/admin/submissions/?export=xlsx")

    csv_text = b"".join(csv_response.streaming_content).decode("utf-8")
    assert "QN-P03-0001" in csv_text
    assert "Org A" in csv_text
    sheet = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (
        rows[0][0] == "Mã hồ sơ"
    )  # the admin speaks Vietnamese unless the staff member chose English
    assert rows[1][0] == "QN-P03-0001"
    assert rows[1][1] == "Xuất"


def test_admin_extend_deadline_moves_closing_and_audits(staff_client, people, challenge):
    new_close = timezone.localtime(challenge.closes_at + timedelta(days=3))

    response = staff_client.post(
        "/admin/submissions/extend-deadline/",
        {"call": challenge.pk, "closes_at": new_close.strftime("%Y-%m-%dT%H:%M")},
    )

    challenge.refresh_from_db()
    assert response.status_code == 302
    assert challenge.closes_at == new_close.replace(second=0, microsecond=0)
    assert AuditEvent.objects.filter(action="call.extend_deadline").count() == 1


def test_admin_submission_index_links_to_extend_deadline(staff_client):
    response = staff_client.get("/admin/submissions/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/admin/submissions/extend-deadline/"' in html
    with translation.override("vi"):
        assert translation.gettext("Extend deadline") in html  # the admin speaks Vietnamese


def test_admin_call_page_editor_links_to_extend_deadline_for_that_call(client, challenge):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(f"/admin/pages/{challenge.pk}/edit/")

    assert response.status_code == 200
    assert f'href="/admin/submissions/extend-deadline/?call={challenge.pk}"' in (
        response.content.decode()
    )


def test_admin_page_editor_has_no_extend_deadline_link_for_other_pages(client, site):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(f"/admin/pages/{site['index'].pk}/edit/")

    assert response.status_code == 200
    assert "/admin/submissions/extend-deadline/" not in response.content.decode()


def test_admin_extend_deadline_link_preselects_the_call(staff_client, challenge):
    response = staff_client.get(f"/admin/submissions/extend-deadline/?call={challenge.pk}")

    assert response.context["chosen"].pk == challenge.pk
    assert f'<option value="{challenge.pk}" selected>' in response.content.decode()


def _page_form(page, user, **changes):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    def local(moment):
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""

    data = {
        "title": page.title,
        "slug": page.slug,
        "code": page.code,
        "sector": page.sector,
        "summary": page.summary,
        "owning_agency": page.owning_agency,
        "budget_ceiling": page.budget_ceiling,
        "opens_at": local(page.opens_at),
        "closes_at": local(page.closes_at),
        "judging_starts_at": local(page.judging_starts_at),
        "results_expected_at": local(page.results_expected_at),
        "statement": rich_text(page.statement),
        "context": rich_text(page.context),
        "expected_outcomes": rich_text(page.expected_outcomes),
        "constraints": rich_text(page.constraints),
        "body": streamfield([]),
        **changes,
    }
    form_class = type(page).get_edit_handler().get_form_class()
    return form_class(
        nested_form_data(data), instance=page, for_user=user, parent_page=page.get_parent()
    )


def test_page_editor_refuses_a_deadline_change_once_the_call_has_opened(people, challenge):
    later = timezone.localtime(challenge.closes_at + timedelta(days=5))

    form = _page_form(challenge, people["staff"], closes_at=later.strftime("%Y-%m-%d %H:%M"))

    assert not form.is_valid()
    assert form.errors["closes_at"] == [
        "Submissions have opened, so the closing time can no longer be changed here. "
        "Use “Extend deadline” on the staff submissions screen: it is recorded in the audit log."
    ]


def test_page_editor_keeps_the_exact_deadline_when_other_fields_change(people, challenge):
    closes_at = challenge.closes_at + timedelta(seconds=42)
    type(challenge).objects.filter(pk=challenge.pk).update(closes_at=closes_at)
    challenge.refresh_from_db()

    form = _page_form(challenge, people["staff"], summary="Tóm tắt mới.")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["closes_at"] == closes_at
    assert form.cleaned_data["summary"] == "Tóm tắt mới."


def test_page_editor_may_change_the_deadline_before_the_call_opens(people, site):
    upcoming = ChallengePageFactory(
        parent=site["index"],
        opens_at=timezone.now() + timedelta(days=3),
        closes_at=timezone.now() + timedelta(days=30),
    )
    later = timezone.localtime(upcoming.closes_at + timedelta(days=5)).replace(second=0)

    form = _page_form(upcoming, people["staff"], closes_at=later.strftime("%Y-%m-%d %H:%M"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["closes_at"] == later.replace(microsecond=0)


def test_admin_clarification_answer_through_admin_is_audited(staff_client, challenge):
    question = ClarificationQuestionFactory(call=challenge)

    staff_client.post(
        f"/admin/clarification-questions/edit/{question.pk}/",
        {"answer": "Được.", "is_published": "on"},
    )

    question.refresh_from_db()
    assert (question.answer, question.is_published) == ("Được.", True)
    assert AuditEvent.objects.filter(action="clarification.answer").count() == 1


# --- reminders ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "kind"),
    [
        (timedelta(days=8), None),
        (timedelta(days=7), ReminderKind.SEVEN_DAYS),
        (timedelta(days=2), ReminderKind.SEVEN_DAYS),
        (timedelta(days=1), ReminderKind.ONE_DAY),
        (timedelta(seconds=1), ReminderKind.ONE_DAY),
        (timedelta(0), None),
    ],
)
def test_reminder_kind_due_examples(left, kind):
    closes = timezone.now()
    assert reminder_kind_due(closes, closes - left) == kind


def test_reminders_sent_exactly_once_each(people, challenge, mailoutbox):
    draft = SubmissionFactory(call=challenge, organisation=people["org_a"])
    submitted = SubmissionFactory(call=challenge, organisation=people["org_b"])
    actions.submission_submit(submission=submitted, user=None)
    mailoutbox.clear()
    six_days_before = (challenge.closes_at - timedelta(days=6)).isoformat()
    twelve_hours_before = (challenge.closes_at - timedelta(hours=12)).isoformat()

    counts = [
        send_deadline_reminders(six_days_before),
        send_deadline_reminders(six_days_before),
        send_deadline_reminders(twelve_hours_before),
        send_deadline_reminders(twelve_hours_before),
    ]

    assert counts == [1, 0, 1, 0]
    assert list(ReminderSent.objects.values_list("submission_id", "kind").order_by("id")) == [
        (draft.pk, ReminderKind.SEVEN_DAYS),
        (draft.pk, ReminderKind.ONE_DAY),
    ]
    assert sorted({m.to[0] for m in mailoutbox}) == ["editor@a.example", "owner@a.example"]
    assert len(mailoutbox) == 4


def test_reminder_unique_constraint_guards_duplicates(people, challenge):
    from django.db import IntegrityError, transaction

    draft = SubmissionFactory(call=challenge, organisation=people["org_a"])
    ReminderSent.objects.create(submission=draft, kind="7d", closes_at=challenge.closes_at)

    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderSent.objects.create(submission=draft, kind="7d", closes_at=challenge.closes_at)


def test_beat_schedule_runs_the_reminder_task_hourly():
    from celery.schedules import crontab

    from cms.celery import app

    entry = app.conf.beat_schedule["submissions-deadline-reminders"]

    assert entry["task"] == "submissions.send_deadline_reminders"
    assert entry["task"] in app.tasks
    assert entry["schedule"] == crontab(minute=5)


def test_reminder_after_an_smtp_failure_is_delivered_later_exactly_once(
    people, challenge, mailoutbox, monkeypatch
):
    from smtplib import SMTPException

    from submissions import tasks

    draft = SubmissionFactory(call=challenge, organisation=people["org_a"])
    real_send_mail = tasks.send_mail
    failures = ["owner@a.example"]

    def flaky_send_mail(subject, body, sender, recipients):
        if recipients[0] in failures:
            failures.remove(recipients[0])
            raise SMTPException("451 try again later")
        return real_send_mail(subject, body, sender, recipients)

    monkeypatch.setattr(tasks, "send_mail", flaky_send_mail)
    six_days_before = challenge.closes_at - timedelta(days=6)

    counts = [
        send_deadline_reminders(six_days_before.isoformat()),
        send_deadline_reminders((six_days_before + timedelta(hours=1)).isoformat()),
        send_deadline_reminders((six_days_before + timedelta(hours=2)).isoformat()),
    ]

    assert counts == [0, 1, 0]
    assert sorted(m.to[0] for m in mailoutbox) == ["editor@a.example", "owner@a.example"]
    assert list(ReminderSent.objects.values_list("submission_id", "kind")) == [
        (draft.pk, ReminderKind.SEVEN_DAYS)
    ]


def test_withdrawn_entry_gets_no_reminder(people, challenge, mailoutbox):
    entry = SubmissionFactory(call=challenge, organisation=people["org_a"])
    actions.submission_submit(submission=entry, user=None)
    actions.submission_withdraw(submission=entry, user=people["owner_a"])
    mailoutbox.clear()

    sent = send_deadline_reminders((challenge.closes_at - timedelta(hours=12)).isoformat())

    assert sent == 0
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()


def _admin_list_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/admin/submissions/")
    with CaptureQueriesContext(connection) as context:
        response = client.get("/admin/submissions/")
    assert response.status_code == 200
    return len(context.captured_queries)


def test_admin_submissions_index_query_count_does_not_grow_with_rows(
    staff_client, people, site, challenge
):
    from tests.factories import ChallengePageFactory
    from tests.submissions.factories import OrganisationFactory, ParticipantFactory

    SubmissionFactory(call=challenge, organisation=people["org_a"])
    few = _admin_list_queries(staff_client)
    for n in range(10, 16):
        call = ChallengePageFactory(parent=site["index"], code=f"P{n}")
        SubmissionFactory(call=call, organisation=OrganisationFactory())
        SubmissionFactory(call=call, organisation=None, participant=ParticipantFactory())

    many = _admin_list_queries(staff_client)

    assert many == few


def test_edit_page_loads_autosave_script_without_inline_code(client, people, challenge):
    submission = SubmissionFactory(call=challenge, organisation=people["org_a"])
    client.force_login(people["editor_a"])

    content = client.get(f"/en/submissions/{submission.pk}/edit/").content.decode()

    assert 'src="/static/submissions/js/autosave.js"' in content
    assert f'data-autosave-url="/en/submissions/{submission.pk}/autosave/"' in content
    assert "<script>" not in content
