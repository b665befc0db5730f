"""Drafts are never lost: a second tab, an expired session and a sign-in that rotates the CSRF
token all keep what was typed; the edit page says when the draft was last saved."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import dateformat, timezone

from cms.models import AuditEvent
from submissions.models import Answer, DraftSnapshot
from tests.factories import PASSWORD
from tests.submissions.factories import CallQuestionFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

CONFLICT_LABEL = (
    "This draft was changed in another tab or by a colleague at {time}; "
    "the replaced text is kept under Earlier versions."
)


@pytest.fixture
def question(challenge):
    return CallQuestionFactory(call=challenge, key="notes", kind="long_text", label_en="Notes")


@pytest.fixture
def draft(challenge, people, question):
    return SubmissionFactory(call=challenge, organisation=people["org_a"])


def _local(moment, fmt: str) -> str:
    return dateformat.format(timezone.localtime(moment), fmt)


def _autosave(client, draft, revision, **fields):
    return client.post(f"/en/submissions/{draft.pk}/autosave/", {"revision": revision, **fields})


def _two_tabs(client, draft):
    """Tab one saves at ``first``; tab two, opened before that save, saves five minutes later."""
    loaded = draft.draft_revision
    first = timezone.now().replace(microsecond=0)
    with time_machine.travel(first, tick=False):
        one = _autosave(client, draft, loaded, title="Tab one", q_notes="Ghi chú của tab một")
    with time_machine.travel(first + timedelta(minutes=5), tick=False):
        two = _autosave(client, draft, loaded, title="Tab two", q_notes="Ghi chú của tab hai")
    return first, one, two


# --- a second tab -------------------------------------------------------------------------


def test_draft_autosave_from_older_tab_reports_conflict_with_time_of_newer_save(
    client, people, draft
):
    client.force_login(people["editor_a"])

    first, one, two = _two_tabs(client, draft)

    assert one.json()["conflict"] is False
    body = two.json()
    assert body["conflict"] is True
    assert body["conflict_at_label"] == _local(first, "H:i")
    assert body["conflict_at"] == timezone.localtime(first).isoformat()
    snapshot = DraftSnapshot.objects.get(submission=draft)
    assert snapshot.content["title"] == "Tab one"
    assert snapshot.content["answers"] == {"notes": "Ghi chú của tab một"}


def test_draft_autosave_from_up_to_date_tab_reports_no_conflict(client, people, draft):
    client.force_login(people["editor_a"])
    first = _autosave(client, draft, draft.draft_revision, title="Một").json()

    second = _autosave(client, draft, first["revision"], title="Hai").json()

    assert second["conflict"] is False
    assert "conflict_at" not in second
    assert DraftSnapshot.objects.count() == 0


def test_draft_older_tab_saving_nothing_new_keeps_no_snapshot(client, people, draft):
    client.force_login(people["editor_a"])
    loaded = draft.draft_revision
    _autosave(client, draft, loaded, title="Cùng một tiêu đề")

    body = _autosave(client, draft, loaded, title="Cùng một tiêu đề").json()

    assert body["conflict"] is False
    assert DraftSnapshot.objects.count() == 0


def test_draft_edit_page_lists_replaced_text_with_restore_and_conflict_notice(
    client, people, draft
):
    client.force_login(people["editor_a"])
    _two_tabs(client, draft)
    snapshot = DraftSnapshot.objects.get(submission=draft)

    content = client.get(f"/en/submissions/{draft.pk}/edit/").content.decode()

    earlier = content[content.index('id="earlier-versions"') :]
    assert "Earlier versions" in earlier
    assert "“Tab one”" in earlier
    assert f"replaced by {people['editor_a']}" in earlier
    assert _local(snapshot.saved_at, "H:i:s d/m/Y") in earlier
    assert f'action="/en/submissions/{draft.pk}/earlier-versions/{snapshot.pk}/restore/"' in earlier
    assert f'data-label="{CONFLICT_LABEL}"' in content


def test_draft_save_button_from_older_tab_warns_about_the_replaced_text(client, people, draft):
    client.force_login(people["editor_a"])
    loaded = draft.draft_revision
    first = timezone.now().replace(microsecond=0)
    with time_machine.travel(first, tick=False):
        _autosave(client, draft, loaded, title="Tab one")

    response = client.post(
        f"/en/submissions/{draft.pk}/edit/",
        {"title": "Tab two", "revision": loaded, "action": "save"},
        follow=True,
    )

    assert CONFLICT_LABEL.format(time=_local(first, "H:i")) in response.content.decode()


def test_draft_restore_brings_text_back_and_keeps_the_replaced_text(client, people, draft):
    client.force_login(people["owner_a"])
    _two_tabs(client, draft)
    snapshot = DraftSnapshot.objects.get(submission=draft)

    response = client.post(f"/en/submissions/{draft.pk}/earlier-versions/{snapshot.pk}/restore/")

    draft.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/en/submissions/{draft.pk}/edit/"
    assert draft.title == "Tab one"
    assert Answer.objects.get(submission=draft).value == "Ghi chú của tab một"
    kept = DraftSnapshot.objects.exclude(pk=snapshot.pk).get(submission=draft)
    assert kept.content["title"] == "Tab two"
    assert kept.content["answers"] == {"notes": "Ghi chú của tab hai"}
    event = AuditEvent.objects.get(action="submission.restore_draft")
    assert event.actor == people["owner_a"]
    assert event.after == {"revision": draft.draft_revision, "restored": snapshot.pk}
    page = client.get(response["Location"]).content.decode()
    assert 'value="Tab one"' in page
    assert "“Tab two”" in page


@pytest.mark.parametrize("role", ["owner_b", "viewer_a", "outsider", "anonymous"])
def test_draft_earlier_versions_are_not_listed_or_restored_by_others(
    client, people, challenge, draft, role
):
    editor = Client()
    editor.force_login(people["editor_a"])
    _two_tabs(editor, draft)
    snapshot = DraftSnapshot.objects.get(submission=draft)
    own = SubmissionFactory(call=challenge, organisation=people["org_b"])
    if role != "anonymous":
        client.force_login(people[role])

    page = client.get(f"/en/submissions/{draft.pk}/edit/")
    restore = client.post(f"/en/submissions/{draft.pk}/earlier-versions/{snapshot.pk}/restore/")
    through_own = client.post(f"/en/submissions/{own.pk}/earlier-versions/{snapshot.pk}/restore/")

    draft.refresh_from_db()
    assert (page.status_code, restore.status_code, through_own.status_code) == (404, 404, 404)
    assert draft.title == "Tab two"
    assert DraftSnapshot.objects.count() == 1
    assert not AuditEvent.objects.filter(action="submission.restore_draft").exists()


# --- an expired session -------------------------------------------------------------------


def _csrf_in(content: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content)[1]


def _kept_post(token: str, kept_for: str, revision: int) -> dict:
    return {
        "csrfmiddlewaretoken": token,
        "kept_for": kept_for,
        "revision": revision,
        "title": "Tiêu đề chưa lưu",
        "summary": "Tóm tắt đã gõ khi phiên hết hạn",
        "q_notes": "Ghi chú chưa lưu",
        "action": "save",
    }


def _assert_kept_with_labels(content: str) -> None:
    for label, value in (
        ("Title", "Tiêu đề chưa lưu"),
        ("Summary", "Tóm tắt đã gõ khi phiên hết hạn"),
        ("Notes", "Ghi chú chưa lưu"),
    ):
        field = re.search(
            rf'<label for="(kept-\d+)">{label}</label>\s*<textarea id="\1" name="[^"]+" rows="4">'
            rf"{value}</textarea>",
            content,
        )
        assert field, (label, value)
    assert ">q_notes<" not in content


def test_draft_posted_after_session_ended_then_saved_after_signing_in_again(people, draft):
    browser = Client(enforce_csrf_checks=True)
    editor = people["editor_a"]
    browser.force_login(editor)
    edit = browser.get(f"/en/submissions/{draft.pk}/edit/")
    token, kept_for = _csrf_in(edit.content.decode()), edit.context["kept_for"]
    data = _kept_post(token, kept_for, draft.draft_revision)
    del browser.cookies[settings.SESSION_COOKIE_NAME]  # the session ended

    expired = browser.post(f"/en/submissions/{draft.pk}/edit/", data)

    assert expired.status_code == 403
    assert "Your session has ended" in expired.content.decode()
    _assert_kept_with_labels(expired.content.decode())
    # Signing in again (in another tab) gives the browser a new CSRF token.
    login_page = browser.get("/en/accounts/login/")
    signed_in = browser.post(
        "/en/accounts/login/",
        {
            "login": editor.email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": _csrf_in(login_page.content.decode()),
        },
    )
    assert signed_in.status_code == 302
    # "Save draft" on the kept page, which still has the old token: refused, but kept.
    refused = browser.post(f"/en/submissions/{draft.pk}/edit/", data)
    draft.refresh_from_db()
    assert refused.status_code == 403
    assert "press “Save draft” again" in refused.content.decode()
    _assert_kept_with_labels(refused.content.decode())
    assert draft.title != "Tiêu đề chưa lưu"
    # The refused page carries a fresh token: pressing "Save draft" there saves the draft.
    fresh = _csrf_in(refused.content.decode())
    saved = browser.post(
        f"/en/submissions/{draft.pk}/edit/", {**data, "csrfmiddlewaretoken": fresh}
    )

    draft.refresh_from_db()
    assert saved.status_code == 302
    assert (draft.title, draft.summary) == ("Tiêu đề chưa lưu", "Tóm tắt đã gõ khi phiên hết hạn")
    assert Answer.objects.get(submission=draft).value == "Ghi chú chưa lưu"


def test_draft_kept_page_saves_with_token_fetched_after_signing_in(people, draft):
    """What kept_draft.js does: fetch a fresh token, then post the kept form with it."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["editor_a"])
    edit = browser.get(f"/en/submissions/{draft.pk}/edit/")
    data = _kept_post(_csrf_in(edit.content.decode()), edit.context["kept_for"], 0)
    # Signing in again (in another tab) rotates the token.
    browser.cookies[settings.CSRF_COOKIE_NAME] = _get_new_csrf_string()
    assert browser.post(f"/en/submissions/{draft.pk}/edit/", data).status_code == 403

    token = browser.get("/en/submissions/csrf-token/").json()["token"]
    saved = browser.post(
        f"/en/submissions/{draft.pk}/edit/", {**data, "csrfmiddlewaretoken": token}
    )

    draft.refresh_from_db()
    assert saved.status_code == 302
    assert draft.title == "Tiêu đề chưa lưu"


def test_draft_kept_page_without_the_edit_pages_key_names_only_the_fixed_fields(client, draft):
    """A post that did not come from the edit page learns nothing about the call's questions."""
    response = client.post(
        f"/en/submissions/{draft.pk}/edit/",
        {"title": "Tiêu đề", "q_notes": "Ghi chú", "kept_for": "forged"},
    )

    content = response.content.decode()
    assert response.status_code == 403
    assert '<label for="kept-1">Title</label>' in content
    assert '<label for="kept-2">q_notes</label>' in content
    assert "Notes" not in content


def test_csrf_refusal_of_a_post_not_from_the_edit_page_is_djangos_page(people, draft):
    """A forged cross-site post is not shown back in a form that would save it."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["owner_a"])

    elsewhere = browser.post(f"/en/organisations/{people['org_a'].pk}/edit/", {"name": "X"})
    forged = browser.post(
        f"/en/submissions/{draft.pk}/edit/", {"title": "Chèn vào", "kept_for": "forged"}
    )

    for response in (elsewhere, forged):
        assert response.status_code == 403
        assert "CSRF verification failed" in response.content.decode()
    assert "Chèn vào" not in forged.content.decode()


# --- last saved ---------------------------------------------------------------------------


def test_draft_edit_page_and_autosave_reply_show_the_last_saved_time(client, people, draft):
    client.force_login(people["editor_a"])
    saved_at = timezone.now().replace(microsecond=0) - timedelta(hours=2)
    with time_machine.travel(saved_at, tick=False):
        body = _autosave(client, draft, draft.draft_revision, title="Đã lưu").json()

    content = client.get(f"/en/submissions/{draft.pk}/edit/").content.decode()

    label = _local(saved_at, "H:i:s d/m/Y")
    assert body["saved_at_label"] == label
    assert body["saved_at"] == timezone.localtime(saved_at).isoformat()
    status = content[content.index('id="save-status"') :]
    status = status[: status.index("</p>")]
    assert 'data-saved-label="Saved at"' in status
    assert "Saved at <time datetime=" in status
    assert f">{label}</time>" in status
