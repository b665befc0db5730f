"""Hostile uploads through the real upload view: refused with a message, nothing stored.

Already covered the same way through the view in tests/submissions/test_attachments.py, so not
repeated here: an executable named .pdf, an empty file, a ZIP where ZIP is not accepted, a
macro-enabled Word file named .docx, a PDF with JavaScript, damaged PDF/PNG, a file over a
call's own size limit, and a traversal file name (stored under a generated name)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.models import Attachment, CallSettings
from tests.submissions.test_uploads import make_image, make_office, make_pdf, make_zip

pytestmark = pytest.mark.django_db

MiB = 1024 * 1024
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"

HOSTILE = {
    "oversize-default-limit": ("plan.pdf", make_pdf() + b"\x00" * (20 * MiB), "larger than"),
    "spoofed-svg-as-png": ("photo.png", SVG, "not a file type we accept"),
    "spoofed-html-as-pdf": ("plan.pdf", HTML, "not a file type we accept"),
    "spoofed-png-header-html": (
        "photo.png",
        make_image("PNG", (2, 2))[:16] + HTML,
        "“photo.png”",
    ),
    "zip-bomb": ("data.zip", make_zip({"zeros.bin": b"\x00" * (5 * MiB)}), "“data.zip”"),
    "office-bomb": (
        "report.docx",
        make_office("docx", {"word/media/padding.bin": b"\x00" * (5 * MiB)}),
        "“report.docx”",
    ),
    "traversal-in-zip": (
        "code.zip",
        make_zip({"src/main.py": b"print(1)", "../../etc/cron.d/evil": b"x"}),
        "“code.zip”",
    ),
    "absolute-path-in-zip": ("code.zip", make_zip({"/etc/passwd": b"x"}), "“code.zip”"),
    "traversal-in-docx": (
        "report.docx",
        make_office("docx", {"../evil.xml": b"<x/>"}),
        "“report.docx”",
    ),
    "macro-in-pptx": (
        "slides.pptx",
        make_office("pptx", {"ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0fake ole"}),
        "contains macros",
    ),
}


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_upload_is_refused_and_nothing_stored(client, world, private_storage, case):
    name, data, message = HOSTILE[case]
    draft = world.draft_b
    CallSettings.objects.create(call=draft.call, allow_zip=True)
    before = stored_files(private_storage)
    client.force_login(world.users["member_b"])

    response = client.post(
        f"/en/submissions/{draft.pk}/attachments/", {"file": SimpleUploadedFile(name, data)}
    )

    shown = response.context["attachment_form"].errors["file"]
    assert response.status_code == 400
    assert any(message in m for m in shown), shown
    assert not Attachment.objects.filter(submission=draft).exists()
    assert stored_files(private_storage) == before
