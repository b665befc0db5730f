from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf.actions import JavaScript

from submissions import actions
from submissions.models import Attachment, CallSettings
from tests.submissions.factories import SubmissionFactory
from tests.submissions.test_uploads import make_image, make_office, make_pdf, make_zip

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(challenge, people):
    return SubmissionFactory(call=challenge, organisation=people["org_a"])


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload(client, draft, name: str, data: bytes):
    return client.post(
        f"/en/submissions/{draft.pk}/attachments/",
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)] or [
        str(m) for m in response.context["messages"]
    ]


BAD_UPLOADS = {
    "spoofed-exe": (
        "report.pdf",
        b"MZ\x90\x00" + b"\x00" * 200,
        "“report.pdf” is not a file type we accept.",
    ),
    "empty": ("empty.pdf", b"", "“empty.pdf” is empty."),
    "zip-not-allowed": (
        "data.zip",
        make_zip({"a.txt": b"hello"}),
        "“data.zip” is a ZIP file, which is not accepted here.",
    ),
    "macro-docm": (
        "letter.docx",
        make_office("docm", {"word/vbaProject.bin": b"\x00" * 10}),
        "“letter.docx” contains macros; please save it without macros.",
    ),
    "pdf-javascript": (
        "scripted.pdf",
        make_pdf(lambda w: w.add_open_action(JavaScript("app.alert(1);"))),
        "“scripted.pdf” contains scripts, launch actions or embedded files",
    ),
    "corrupt-pdf": ("broken.pdf", b"%PDF-1.7\n garbage garbage", "“broken.pdf” "),
    "truncated-png": ("photo.png", make_image("PNG", (40, 40))[:60], "“photo.png” is damaged"),
}


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_attachment_bad_upload_is_refused_and_nothing_stored(
    client, people, draft, private_storage, case
):
    name, data, message = BAD_UPLOADS[case]
    client.force_login(people["editor_a"])

    response = upload(client, draft, name, data)

    shown = [str(m) for m in response.context["messages"]]
    assert response.status_code == 200
    assert any(message in m for m in shown), shown
    assert Attachment.objects.count() == 0
    assert stored_files(private_storage) == []


def test_attachment_over_file_size_limit_is_refused(
    client, people, draft, challenge, private_storage
):
    CallSettings.objects.create(call=challenge, max_file_bytes=1000)
    client.force_login(people["editor_a"])

    response = upload(client, draft, "big.png", make_image("PNG", (300, 300)) + b"\x00" * 2000)

    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["“big.png” is larger than the limit of 1000 bytes."]
    assert Attachment.objects.count() == 0
    assert stored_files(private_storage) == []


def test_attachment_over_count_limit_is_refused(client, people, draft, challenge, private_storage):
    CallSettings.objects.create(call=challenge, max_files=1)
    client.force_login(people["editor_a"])
    upload(client, draft, "one.pdf", make_pdf())

    response = upload(client, draft, "two.pdf", make_pdf())

    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["“two.pdf” was not added: this call accepts at most 1 files."]
    assert Attachment.objects.count() == 1
    assert len(stored_files(private_storage)) == 1


def test_attachment_over_total_size_is_refused(client, people, draft, challenge, private_storage):
    pdf = make_pdf()
    CallSettings.objects.create(call=challenge, max_total_bytes=len(pdf) + 10)
    client.force_login(people["editor_a"])
    upload(client, draft, "one.pdf", pdf)

    response = upload(client, draft, "two.pdf", pdf)

    shown = [str(m) for m in response.context["messages"]]
    assert shown == [
        f"“two.pdf” was not added: all files together may not exceed {len(pdf) + 10} bytes."
    ]
    assert Attachment.objects.count() == 1
    assert len(stored_files(private_storage)) == 1


def test_attachment_zip_accepted_when_call_allows(
    client, people, draft, challenge, private_storage
):
    CallSettings.objects.create(call=challenge, allow_zip=True)
    client.force_login(people["editor_a"])

    upload(client, draft, "code.zip", make_zip({"src/main.py": b"print('hi')"}))

    assert Attachment.objects.get().kind == "zip"


def test_attachment_stored_under_generated_private_name(client, people, draft, private_storage):
    client.force_login(people["editor_a"])

    upload(client, draft, "../../etc/Kế hoạch.pdf", make_pdf())

    attachment = Attachment.objects.get()
    files = stored_files(private_storage)
    assert attachment.original_name == "Kế hoạch.pdf"
    assert len(files) == 1
    assert files[0].name.endswith(".pdf")
    assert "Kế hoạch" not in str(files[0])
    assert str(files[0]).startswith(str(private_storage))
    assert attachment.sha256 == __import__("hashlib").sha256(make_pdf()).hexdigest()


def test_attachment_remove_of_unsubmitted_file_deletes_it(
    client, people, draft, private_storage, django_capture_on_commit_callbacks
):
    client.force_login(people["editor_a"])
    upload(client, draft, "one.pdf", make_pdf())
    attachment = Attachment.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/submissions/{draft.pk}/attachments/{attachment.pk}/remove/")

    assert Attachment.objects.count() == 0
    assert stored_files(private_storage) == []


def test_attachment_remove_of_submitted_file_keeps_it_for_the_version(
    client, people, draft, private_storage
):
    client.force_login(people["editor_a"])
    upload(client, draft, "one.pdf", make_pdf())
    attachment = Attachment.objects.get()
    actions.submission_submit(submission=draft, user=people["editor_a"])

    client.post(f"/en/submissions/{draft.pk}/attachments/{attachment.pk}/remove/")
    response = client.get(f"/en/submissions/{draft.pk}/attachments/{attachment.pk}/")

    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert response.status_code == 200
    assert len(stored_files(private_storage)) == 1
