"""Wagtail documents on problem pages: listed with title, type and size, and downloadable."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Locale

from challenges.models import ChallengePage, ContestPage
from tests.factories import ChallengePageFactory, build_site

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/"},
        },
    }


def make_document(title: str, name: str):
    document = get_document_model()(title=title)
    document.file.save(name, ContentFile(PDF), save=False)
    document.save()
    return document


def with_documents(page, heading: str, document):
    block = page.body.stream_block.child_blocks["documents"]
    page.body.append(("documents", block.normalize({"title": heading, "documents": [document]})))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def problem_pages(db):
    site = build_site()
    vi_page = ChallengePageFactory(parent=site["index"], slug="p01", code="P01")
    en_page = vi_page.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    en_page.save_revision().publish()
    en_page = ChallengePage.objects.get(pk=en_page.pk)  # not sharing the body in memory
    vi_doc = make_document("Điều khoản tham chiếu P01", "dktt-p01.pdf")
    en_doc = make_document("Terms of reference P01", "tor-p01.pdf")
    return (
        with_documents(vi_page, "Tài liệu", vi_doc),
        with_documents(en_page, "Documents", en_doc),
        vi_doc,
        en_doc,
    )


def test_problem_page_lists_its_document_in_each_language_and_anyone_can_download_it(
    client, problem_pages
):
    vi_page, en_page, vi_doc, en_doc = problem_pages
    for page, document, other in ((vi_page, vi_doc, en_doc), (en_page, en_doc, vi_doc)):
        text = client.get(page.url).content.decode()
        assert f'href="{document.url}"' in text
        assert document.title in text
        assert "(PDF, " in text  # the file type and its size next to the link
        assert other.title not in text
        download = client.get(document.url)
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content) == PDF


def test_seed_demo_attaches_documents_once():
    call_command("seed_demo", stdout=StringIO())
    documents = get_document_model().objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert get_document_model().objects.count() == documents
    # Three problems and both contests, each with a PDF in Vietnamese and one in English.
    assert documents == 10
    for language, title in (("vi", "Điều khoản tham chiếu P01"), ("en", "Terms of reference P01")):
        page = ChallengePage.objects.get(code="P01", locale__language_code=language)
        blocks = [block for block in page.body if block.block_type == "documents"]
        assert len(blocks) == 1
        assert [doc.title for doc in blocks[0].value["documents"]] == [title]
    english_contest = ContestPage.objects.filter(locale__language_code="en").first()
    text = [
        doc.title
        for block in english_contest.body
        if block.block_type == "documents"
        for doc in block.value["documents"]
    ]
    assert text == [f"Rules: {english_contest.title}"]
