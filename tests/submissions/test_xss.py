"""Every rich-text (and plain) field comes out of the rendered pages harmless."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from submissions import actions
from tests.submissions.factories import CallQuestionFactory, SubmissionFactory
from tests.submissions.test_sanitize import PAYLOADS, assert_safe

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning"),
]

RICH = ["description", "approach", "expected_impact", "implementation_plan", "team"]
PAGE_TAGS = {"article", "div", "h2", "p", "dl", "dt", "dd", "ul", "li", "a", "br", "span"}


def assert_page_safe(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src", "").startswith("/static/"), script
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (element.name, name)
            if name in ("href", "src", "action"):
                text = value if isinstance(value, str) else " ".join(value)
                assert not text.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
    article = soup.find("article")
    for prose in article.select(".prose"):
        assert_safe(prose.decode_contents())


@pytest.fixture
def setup(challenge, people):
    question = CallQuestionFactory(call=challenge, key="notes", kind="long_text", required=False)
    submission = SubmissionFactory(call=challenge, organisation=people["org_a"])
    return submission, question


def test_xss_payloads_in_every_field_are_harmless(client, people, setup):
    """One site for the whole corpus (building pages per payload is slow); failures name it."""
    submission, _ = setup
    client.force_login(people["owner_a"])
    for payload in PAYLOADS:
        data = dict.fromkeys(RICH, payload)
        data.update(title=payload[:200], summary=payload[:1500])
        actions.submission_save_draft(
            submission=submission, user=None, data=data, answers={"notes": payload}
        )

        detail = client.get(f"/en/submissions/{submission.pk}/")

        assert detail.status_code == 200, payload
        try:
            assert_page_safe(detail.content.decode())
            submission.refresh_from_db()
            for name in RICH:
                assert_safe(getattr(submission, name))
        except AssertionError as error:
            raise AssertionError(f"payload {payload!r}: {error}") from error


def test_xss_payloads_posted_through_the_form_are_harmless(client, people, setup):
    submission, _ = setup
    client.force_login(people["owner_a"])
    for payload in PAYLOADS[::5]:
        data = dict.fromkeys(RICH, payload)
        data.update(title=payload[:200], summary=payload[:1500], q_notes=payload[:10000])

        saved = client.post(f"/en/submissions/{submission.pk}/edit/", {**data, "action": "save"})
        edit = client.get(f"/en/submissions/{submission.pk}/edit/")

        assert saved.status_code in (200, 302), payload
        assert_page_safe(client.get(f"/en/submissions/{submission.pk}/").content.decode())
        soup = BeautifulSoup(edit.content.decode(), "html.parser")
        for name in RICH:
            # The textarea shows the stored (clean) HTML as text, never as markup.
            assert soup.find("textarea", attrs={"name": name}).find(True) is None, payload


def test_xss_version_page_is_harmless(client, people, setup):
    submission, _ = setup
    payload = (
        '<img src=x onerror=alert(1)><script>alert(1)</script><a href="javascript:alert(1)">x</a>'
    )
    actions.submission_save_draft(
        submission=submission, user=None, data=dict.fromkeys(RICH, payload)
    )
    version, _ = actions.submission_submit(submission=submission, user=None)
    client.force_login(people["owner_a"])

    html = client.get(f"/en/submissions/{submission.pk}/versions/{version.number}/").content

    assert_page_safe(html.decode())
    assert b"onerror" not in html
    assert b"<script>alert" not in html


def test_rich_text_plain_input_becomes_paragraphs():
    assert actions.rich_text_from_input("One\nline\n\nTwo <b") == (
        "<p>One<br>line</p><p>Two &lt;b</p>"
    )
