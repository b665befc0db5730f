from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from cms.models import AuditEvent
from submissions import actions
from submissions.enums import SubmissionStatus
from submissions.models import Attachment, Submission, SubmissionVersion
from submissions.versioning import canonical_json, content_sha256
from tests.factories import ChallengePageFactory, UserFactory
from tests.submissions.factories import (
    CallQuestionFactory,
    OrganisationFactory,
    SubmissionFactory,
)
from tests.submissions.test_uploads import make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(challenge, people):
    return SubmissionFactory(call=challenge, organisation=people["org_a"])


@pytest.fixture
def submitted(draft, people, private_storage):
    actions.attachment_add(
        submission=draft, name="plan.pdf", data=make_pdf(), user=people["owner_a"]
    )
    version, _ = actions.submission_submit(submission=draft, user=people["owner_a"])
    draft.refresh_from_db()
    return draft, version


# --- permission matrix --------------------------------------------------------------------

VIEWERS = {"owner_a", "editor_a", "viewer_a", "staff"}
EDITORS = {"owner_a", "editor_a"}
ROLES = ["anonymous", "owner_a", "editor_a", "viewer_a", "owner_b", "outsider", "staff"]


def _urls(submission: Submission, version: SubmissionVersion) -> list[tuple[str, str, set]]:
    attachment = Attachment.objects.get(submission=submission)
    base = f"/en/submissions/{submission.pk}"
    return [
        ("get", f"{base}/", VIEWERS),
        ("get", f"{base}/versions/{version.number}/", VIEWERS),
        ("get", f"{base}/attachments/{attachment.pk}/", VIEWERS),
        ("get", f"{base}/edit/", EDITORS),
        ("get", f"{base}/review/", EDITORS),
        ("post", f"{base}/autosave/", EDITORS),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_submission_urls_permission_matrix(client, people, submitted, role):
    submission, version = submitted
    if role != "anonymous":
        client.force_login(people[role])

    for method, url, allowed in _urls(submission, version):
        response = getattr(client, method)(url)
        expected = 200 if role in allowed else 404
        assert response.status_code == expected, (role, url, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_submission_other_orgs_version_and_attachment_ids_are_404(
    client, people, submitted, challenge, role
):
    """An attachment id of submission X requested under submission Y is never served."""
    submission, _ = submitted
    other = SubmissionFactory(call=challenge, organisation=people["org_b"])
    attachment = Attachment.objects.get(submission=submission)
    if role != "anonymous":
        client.force_login(people[role])

    response = client.get(f"/en/submissions/{other.pk}/attachments/{attachment.pk}/")
    version = client.get(f"/en/submissions/{other.pk}/versions/1/")

    assert response.status_code == 404
    assert version.status_code == 404


def test_submission_attachment_download_headers(client, people, submitted):
    submission, _ = submitted
    attachment = Attachment.objects.get(submission=submission)
    client.force_login(people["viewer_a"])

    response = client.get(f"/en/submissions/{submission.pk}/attachments/{attachment.pk}/")

    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == make_pdf()


# --- submitting ---------------------------------------------------------------------------


def test_submission_submit_creates_version_with_reference_and_hash(people, submitted):
    submission, version = submitted

    assert submission.status == SubmissionStatus.SUBMITTED
    assert version.reference == "QN-P03-0001"
    assert version.number == 1
    assert version.sha256 == content_sha256(canonical_json(version.content))
    assert version.content["fields"]["title"] == submission.title
    assert version.content["attachments"][0]["sha256"] == Attachment.objects.get().sha256
    assert AuditEvent.objects.filter(action="submission.submit").count() == 1


def test_submission_reference_is_per_call_sequence(challenge, people, site):
    other_call = ChallengePageFactory(parent=site["index"], code="P07")
    first = SubmissionFactory(call=challenge, organisation=people["org_a"])
    second = SubmissionFactory(call=challenge, organisation=people["org_b"])
    third = SubmissionFactory(call=other_call, organisation=people["org_a"])

    refs = [
        actions.submission_submit(submission=s, user=None)[0].reference
        for s in (first, second, third)
    ]

    assert refs == ["QN-P03-0001", "QN-P03-0002", "QN-P07-0001"]


def test_submission_version_is_immutable(submitted):
    _, version = submitted
    version.sha256 = "0" * 64

    with pytest.raises(actions.ValidationError):
        version.save()
    with pytest.raises(actions.ValidationError):
        version.delete()


def test_submission_new_version_after_change_keeps_old_version(people, submitted):
    submission, first = submitted
    actions.submission_save_draft(
        submission=submission, user=people["editor_a"], data={"title": "Tiêu đề mới"}
    )

    second, created = actions.submission_submit(submission=submission, user=people["editor_a"])

    assert created is True
    assert (second.number, second.reference) == (2, first.reference)
    assert second.sha256 != first.sha256
    assert SubmissionVersion.objects.get(pk=first.pk).content["fields"]["title"] != "Tiêu đề mới"


def test_submission_submit_twice_same_draft_gives_one_version(people, draft):
    first, created_first = actions.submission_submit(submission=draft, user=people["owner_a"])
    second, created_second = actions.submission_submit(submission=draft, user=people["owner_a"])

    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert SubmissionVersion.objects.filter(submission=draft).count() == 1


def test_submission_version_unique_per_draft_revision_guard(people, draft):
    version, _ = actions.submission_submit(submission=draft, user=people["owner_a"])

    with pytest.raises(IntegrityError), transaction.atomic():
        SubmissionVersion.objects.create(
            submission=draft,
            number=2,
            reference=version.reference,
            draft_revision=version.draft_revision,
            content={},
            canonical_json="{}",
            sha256="0" * 64,
        )


def test_submission_submit_losing_race_returns_winner(people, draft, monkeypatch):
    """The loser of a race sees the winner's row only when inserting; it returns that row."""
    winner, _ = actions.submission_submit(submission=draft, user=people["owner_a"])
    # Pretend the loser read the submission before the winner committed: still a draft.
    Submission.objects.filter(pk=draft.pk).update(status=SubmissionStatus.DRAFT)

    loser, created = actions.submission_submit(submission=draft, user=people["editor_a"])

    assert created is False
    assert loser.pk == winner.pk
    assert SubmissionVersion.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_submission_racing_submits_make_one_version(challenge, people):
    import threading

    from django.db import connections

    submission = SubmissionFactory(call=challenge, organisation=people["org_a"])
    barrier = threading.Barrier(4)
    results: list = []

    def click():
        try:
            barrier.wait()
            results.append(actions.submission_submit(submission=submission, user=None))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert SubmissionVersion.objects.filter(submission=submission).count() == 1
    assert sorted(created for _, created in results) == [False, False, False, True]
    assert len({version.pk for version, _ in results}) == 1


def test_submission_submit_one_second_before_closing_is_accepted(client, people, draft, challenge):
    with time_machine.travel(challenge.closes_at - timedelta(seconds=1), tick=False):
        client.force_login(people["editor_a"])
        response = client.post(f"/en/submissions/{draft.pk}/review/")

    assert response.status_code == 302
    assert response["Location"] == f"/en/submissions/{draft.pk}/versions/1/"
    assert SubmissionVersion.objects.filter(submission=draft).count() == 1


def test_submission_submit_one_second_after_closing_is_refused(client, people, draft, challenge):
    with time_machine.travel(challenge.closes_at + timedelta(seconds=1), tick=False):
        client.force_login(people["editor_a"])
        response = client.post(f"/en/submissions/{draft.pk}/review/")
        detail = client.get(f"/en/submissions/{draft.pk}/")
        edit = client.get(f"/en/submissions/{draft.pk}/edit/")

    assert response.status_code == 409
    assert "closed at" in response.content.decode()
    assert "(Asia/Ho_Chi_Minh)" in response.content.decode()
    assert SubmissionVersion.objects.count() == 0
    assert detail.status_code == 200
    assert draft.title in detail.content.decode()
    assert edit.status_code == 302


def test_submission_submit_at_closing_instant_is_refused(people, draft, challenge):
    with pytest.raises(actions.SubmissionClosed):
        actions.submission_submit(submission=draft, user=None, now=challenge.closes_at)


def test_submission_withdraw_then_resubmit_makes_new_version(client, people, submitted):
    submission, _ = submitted
    client.force_login(people["owner_a"])

    client.post(f"/en/submissions/{submission.pk}/withdraw/")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WITHDRAWN
    response = client.post(f"/en/submissions/{submission.pk}/review/")

    submission.refresh_from_db()
    assert response.status_code == 302
    assert submission.status == SubmissionStatus.SUBMITTED
    assert list(submission.versions.values_list("number", flat=True).order_by("number")) == [1, 2]


def test_submission_withdraw_after_deadline_is_refused(people, submitted, challenge):
    submission, _ = submitted

    with pytest.raises(actions.SubmissionClosed):
        actions.submission_withdraw(
            submission=submission, user=None, now=challenge.closes_at + timedelta(seconds=1)
        )


def test_submission_missing_parts_are_listed(client, people, challenge):
    empty = Submission.objects.create(call=challenge, organisation=people["org_a"])
    CallQuestionFactory(call=challenge, label_en="Pilot site", kind="text", required=True)
    client.force_login(people["owner_a"])

    response = client.post(f"/en/submissions/{empty.pk}/review/")

    assert response.status_code == 400
    assert response.context["missing"] == [
        "Title is empty.",
        "Summary is empty.",
        "Description of the solution is empty.",
        "Approach and technology is empty.",
        "Expected impact is empty.",
        "Implementation plan is empty.",
        "The requested amount is empty.",
        "The question “Pilot site” is not answered.",
    ]
    assert SubmissionVersion.objects.count() == 0


EXTRA_QUESTIONS = {
    # kind: (choices, what the entrant posts, the stored answer, how the edit page shows it)
    "number": ("", "12.5", "12.5", 'value="12.5"'),
    "choice": ("Hạ Long\nCẩm Phả", "Cẩm Phả", "Cẩm Phả", '<option value="Cẩm Phả" selected>'),
    "yes_no": ("", "yes", True, '<option value="yes" selected>'),
    "file": ("", None, None, "plan.pdf</a> · PDF"),
}


@pytest.mark.parametrize("kind", sorted(EXTRA_QUESTIONS))
def test_submission_extra_question_renders_stores_and_is_required(
    client, people, draft, private_storage, kind
):
    choices, posted, stored, shown = EXTRA_QUESTIONS[kind]
    question = CallQuestionFactory(
        call=draft.call, key="pilot", label_en="Pilot site", kind=kind, choices=choices
    )
    client.force_login(people["owner_a"])

    page = client.get(f"/en/submissions/{draft.pk}/edit/").content.decode()
    refused = client.post(f"/en/submissions/{draft.pk}/review/")
    if kind == "file":
        assert f'<option value="{question.pk}">Pilot site</option>' in page
        client.post(
            f"/en/submissions/{draft.pk}/attachments/",
            {"file": SimpleUploadedFile("plan.pdf", make_pdf()), "question": question.pk},
        )
        assert Attachment.objects.get(submission=draft).question == question
    else:
        assert 'name="q_pilot"' in page
        fields = {name: getattr(draft, name) for name in actions.DRAFT_FIELDS}
        client.post(
            f"/en/submissions/{draft.pk}/edit/", {**fields, "q_pilot": posted, "action": "save"}
        )
        assert draft.answers.get(question=question).value == stored
    answered_page = client.get(f"/en/submissions/{draft.pk}/edit/").content.decode()
    accepted = client.post(f"/en/submissions/{draft.pk}/review/")

    assert refused.status_code == 400
    assert refused.context["missing"] == ["The question “Pilot site” is not answered."]
    assert shown in answered_page
    assert accepted.status_code == 302
    assert SubmissionVersion.objects.filter(submission=draft).count() == 1


def test_submission_requested_amount_above_ceiling_is_a_field_error(client, people, draft):
    client.force_login(people["owner_a"])

    response = client.post(
        f"/en/submissions/{draft.pk}/edit/",
        {"title": "Tiêu đề đã gõ", "requested_amount": "5000000001", "action": "save"},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["requested_amount"]
    draft.refresh_from_db()
    assert draft.title == "Tiêu đề đã gõ"
    assert draft.requested_amount == 1_000_000_000


def test_submission_bad_input_keeps_what_was_typed(client, people, draft):
    client.force_login(people["owner_a"])

    response = client.post(
        f"/en/submissions/{draft.pk}/edit/",
        {
            "title": "Hệ thống cảnh báo",
            "summary": "Tóm tắt mới đã gõ",
            "requested_amount": "abc",
            "action": "save",
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["requested_amount"] == ["Enter a whole number."]
    assert 'value="abc"' in content
    assert "Tóm tắt mới đã gõ" in content
    assert 'id="id_requested_amount_error"' in content
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Hệ thống cảnh báo", "Tóm tắt mới đã gõ")


def test_submission_autosave_saves_and_reports_revision(client, people, draft):
    client.force_login(people["editor_a"])

    response = client.post(
        f"/en/submissions/{draft.pk}/autosave/",
        {"title": "Autosaved", "revision": draft.draft_revision},
    )

    draft.refresh_from_db()
    body = response.json()
    assert response.status_code == 200
    assert draft.title == "Autosaved"
    assert body["revision"] == draft.draft_revision
    assert body["errors"] == {}


def test_submission_autosave_from_stale_tab_keeps_replaced_text(client, people, draft):
    client.force_login(people["editor_a"])
    stale = draft.draft_revision
    client.post(f"/en/submissions/{draft.pk}/autosave/", {"title": "Tab one", "revision": stale})

    client.post(f"/en/submissions/{draft.pk}/autosave/", {"title": "Tab two", "revision": stale})

    draft.refresh_from_db()
    snapshot = draft.draft_snapshots.get()
    assert draft.title == "Tab two"
    assert snapshot.content["title"] == "Tab one"


def test_submission_create_second_active_for_same_org_is_refused(people, challenge, draft):
    with pytest.raises(actions.ActionRefused):
        actions.submission_create(
            call=challenge, user=people["owner_a"], organisation=people["org_a"]
        )


def test_submission_start_by_viewer_offers_no_organisation(client, people, challenge):
    client.force_login(people["viewer_a"])

    response = client.post(
        f"/en/calls/{challenge.pk}/submit/", {"organisation": people["org_a"].pk}
    )

    assert response.status_code == 200
    assert Submission.objects.count() == 0


def test_submission_start_by_editor_creates_draft(client, people, challenge):
    client.force_login(people["editor_a"])

    response = client.post(
        f"/en/calls/{challenge.pk}/submit/", {"organisation": people["org_a"].pk}
    )

    submission = Submission.objects.get()
    assert response["Location"] == f"/en/submissions/{submission.pk}/edit/"
    assert (submission.call_id, submission.organisation_id) == (challenge.pk, people["org_a"].pk)


# --- receipt ------------------------------------------------------------------------------


def test_submission_receipt_is_queued_once_after_commit(
    people, draft, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version, _ = actions.submission_submit(submission=draft, user=people["owner_a"])
        actions.submission_submit(submission=draft, user=people["owner_a"])

    assert len(callbacks) == 1
    assert mailoutbox == []
    callbacks[0]()
    assert sorted(m.to[0] for m in mailoutbox) == ["editor@a.example", "owner@a.example"]
    assert version.reference in mailoutbox[0].body
    assert version.sha256 in mailoutbox[0].body


def test_submission_receipt_not_sent_when_transaction_rolls_back(
    people, draft, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        actions.submission_submit(submission=draft, user=people["owner_a"])
        raise RuntimeError

    assert callbacks == []
    assert mailoutbox == []
    assert SubmissionVersion.objects.count() == 0


def test_submission_receipt_is_written_to_the_outbox_once_per_version(people, draft):
    from cms.models import OutboxMessage

    version, _ = actions.submission_submit(submission=draft, user=people["owner_a"])
    actions.submission_submit(submission=draft, user=people["owner_a"])

    message = OutboxMessage.objects.get()
    assert message.task_name == "submissions.send_submission_receipt"
    assert message.kwargs == {"version_id": version.pk}
    assert message.dedup_key == f"receipt:{version.pk}"


def test_submission_receipt_task_run_twice_sends_once(people, submitted, mailoutbox):
    from submissions.tasks import send_submission_receipt

    _, version = submitted
    mailoutbox.clear()
    send_submission_receipt(version.pk)
    send_submission_receipt(version.pk)

    assert len(mailoutbox) == 2  # owner and editor, once each


# --- list query count ---------------------------------------------------------------------


def _list_queries(client) -> int:
    client.get("/en/submissions/")
    with CaptureQueriesContext(connection) as context:
        response = client.get("/en/submissions/")
    assert response.status_code == 200
    return len(context.captured_queries)


def test_submission_list_query_count_does_not_grow_with_rows(
    client, people, site, django_assert_max_num_queries
):
    user = people["owner_a"]
    client.force_login(user)
    calls = [ChallengePageFactory(parent=site["index"], code=f"P{n:02d}") for n in range(1, 9)]
    for call in calls[:2]:
        SubmissionFactory(call=call, organisation=people["org_a"])
    few = _list_queries(client)
    for call in calls[2:]:
        SubmissionFactory(call=call, organisation=people["org_a"])
        org = OrganisationFactory()
        SubmissionFactory(call=call, organisation=org)  # not visible to this user

    many = _list_queries(client)

    assert many == few
    with django_assert_max_num_queries(few):
        client.get("/en/submissions/")


def test_submission_list_shows_only_own(client, people, challenge):
    SubmissionFactory(call=challenge, organisation=people["org_a"], title="Của A")
    SubmissionFactory(call=challenge, organisation=people["org_b"], title="Của B")
    client.force_login(people["viewer_a"])

    content = client.get("/en/submissions/").content.decode()

    assert "Của A" in content
    assert "Của B" not in content


def test_submission_pages_render_in_vietnamese(client, people, submitted):
    submission, version = submitted
    client.force_login(people["owner_a"])

    for url in (
        f"/submissions/{submission.pk}/",
        f"/submissions/{submission.pk}/edit/",
        f"/submissions/{submission.pk}/versions/{version.number}/",
        "/submissions/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="vi">' in response.content.decode()


def test_submission_outsider_can_not_start_for_foreign_org(client, people, challenge):
    client.force_login(UserFactory())

    response = client.post(
        f"/en/calls/{challenge.pk}/submit/", {"organisation": people["org_a"].pk}
    )

    assert response.status_code == 200
    assert Submission.objects.count() == 0


def test_submission_edit_post_after_session_ended_gives_text_back(client, draft):
    response = client.post(
        f"/en/submissions/{draft.pk}/edit/",
        {"title": "Văn bản chưa lưu", "description": "Đoạn dài đã gõ", "action": "save"},
    )

    content = response.content.decode()
    assert response.status_code == 403
    assert "Văn bản chưa lưu" in content
    assert "Đoạn dài đã gõ" in content
    assert draft.title not in content


def test_submission_edit_post_after_closing_gives_text_back_and_keeps_draft(
    client, people, draft, challenge
):
    with time_machine.travel(challenge.closes_at + timedelta(seconds=1), tick=False):
        client.force_login(people["editor_a"])
        response = client.post(
            f"/en/submissions/{draft.pk}/edit/", {"title": "Quá hạn", "action": "save"}
        )

    draft.refresh_from_db()
    assert response.status_code == 409
    assert "Quá hạn" in response.content.decode()
    assert draft.title != "Quá hạn"


def test_submission_autosave_reports_field_errors_and_saves_the_rest(client, people, draft):
    client.force_login(people["editor_a"])

    response = client.post(
        f"/en/submissions/{draft.pk}/autosave/",
        {"title": "Vẫn được lưu", "requested_amount": "-5", "revision": draft.draft_revision},
    )

    draft.refresh_from_db()
    assert response.json()["errors"] == {
        "requested_amount": ["Ensure this value is greater than or equal to 0."]
    }
    assert draft.title == "Vẫn được lưu"
    assert draft.requested_amount == 1_000_000_000


def test_home_page_counts_submitted_entries_only(client, people, challenge):
    submitted = SubmissionFactory(call=challenge, organisation=people["org_a"])
    actions.submission_submit(submission=submitted, user=None)
    SubmissionFactory(call=challenge, organisation=people["org_b"])  # a draft is not counted

    response = client.get("/en/")

    assert response.status_code == 200
    assert response.context["submissions_received_count"] == 1
    assert "Submissions received" in response.text
