from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from pypdf.actions import JavaScript

from submissions import actions
from submissions.models import Attachment, CallSettings
from submissions.uploads import MiB
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


def refusal(response) -> list[str]:
    """The errors shown beside the file field of the re-rendered edit page."""
    assert response.status_code == 400
    assert list(get_messages(response.wsgi_request)) == []
    errors = response.context["attachment_form"].errors["file"]
    html = response.content.decode()
    field_errors = html.split('id="id_file_error"', 1)[1].split("</ul>", 1)[0]
    for error in errors:
        assert escape(error) in field_errors
    return list(errors)


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_attachment_bad_upload_is_refused_beside_the_field_and_nothing_stored(
    client, people, draft, private_storage, case
):
    name, data, message = BAD_UPLOADS[case]
    client.force_login(people["editor_a"])

    response = upload(client, draft, name, data)

    shown = refusal(response)
    assert any(message in m for m in shown), shown
    assert Attachment.objects.count() == 0
    assert stored_files(private_storage) == []


def test_attachment_refusal_keeps_the_draft_text(client, people, draft, private_storage):
    draft.title = "Hệ thống cảnh báo sạt lở"
    draft.save()
    client.force_login(people["editor_a"])

    response = upload(client, draft, "empty.pdf", b"")

    assert refusal(response) == ["“empty.pdf” is empty."]
    assert response.context["form"]["title"].value() == "Hệ thống cảnh báo sạt lở"
    assert 'value="Hệ thống cảnh báo sạt lở"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Hệ thống cảnh báo sạt lở"


def test_attachment_without_a_file_is_refused_beside_the_field(client, people, draft):
    client.force_login(people["editor_a"])

    response = client.post(f"/en/submissions/{draft.pk}/attachments/", {})

    assert refusal(response) == ["This field is required."]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("corrupt-pdf", "“broken.pdf” is damaged and cannot be read."),
        ("truncated-png", "“photo.png” is damaged and cannot be read."),
    ],
)
def test_attachment_damaged_file_message_names_no_technical_detail(
    client, people, draft, private_storage, case, message
):
    name, data, _ = BAD_UPLOADS[case]
    client.force_login(people["editor_a"])

    assert refusal(upload(client, draft, name, data)) == [message]


def test_attachment_over_file_size_limit_is_refused_in_megabytes(
    client, people, draft, challenge, private_storage
):
    CallSettings.objects.create(call=challenge, max_file_bytes=MiB)
    client.force_login(people["editor_a"])

    response = upload(client, draft, "big.png", make_image("PNG", (300, 300)) + b"\x00" * MiB)

    assert refusal(response) == ["“big.png” is larger than the limit of 1 MB."]
    assert Attachment.objects.count() == 0
    assert stored_files(private_storage) == []


def test_attachment_over_count_limit_is_refused_with_singular(
    client, people, draft, challenge, private_storage
):
    CallSettings.objects.create(call=challenge, max_files=1)
    client.force_login(people["editor_a"])
    upload(client, draft, "one.pdf", make_pdf())

    response = upload(client, draft, "two.pdf", make_pdf())

    assert refusal(response) == ["“two.pdf” was not added: this call accepts at most 1 file."]
    assert Attachment.objects.count() == 1
    assert len(stored_files(private_storage)) == 1


def test_attachment_over_count_limit_is_refused_with_plural(
    client, people, draft, challenge, private_storage
):
    CallSettings.objects.create(call=challenge, max_files=2)
    client.force_login(people["editor_a"])
    upload(client, draft, "one.pdf", make_pdf())
    upload(client, draft, "two.pdf", make_pdf())

    response = upload(client, draft, "three.pdf", make_pdf())

    assert refusal(response) == ["“three.pdf” was not added: this call accepts at most 2 files."]
    assert Attachment.objects.count() == 2


def test_attachment_over_total_size_is_refused_in_megabytes(
    client, people, draft, challenge, private_storage
):
    CallSettings.objects.create(call=challenge, max_total_bytes=2 * MiB)
    client.force_login(people["editor_a"])
    upload(client, draft, "one.pdf", make_pdf())
    Attachment.objects.update(size=2 * MiB - 10)

    response = upload(client, draft, "two.pdf", make_pdf())

    assert refusal(response) == ["“two.pdf” was not added: all files together may not exceed 2 MB."]
    assert Attachment.objects.count() == 1
    assert len(stored_files(private_storage)) == 1


def test_attachment_refusal_is_translated_beside_the_field(client, people, draft, private_storage):
    client.force_login(people["editor_a"])

    response = client.post(
        f"/submissions/{draft.pk}/attachments/", {"file": SimpleUploadedFile("empty.pdf", b"")}
    )

    shown = refusal(response)
    assert len(shown) == 1
    assert "empty.pdf" in shown[0]
    assert "is empty" not in shown[0]


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
