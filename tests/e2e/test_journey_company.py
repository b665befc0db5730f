"""Journey b: a company signs up, verifies its e-mail, creates its organisation, invites a
colleague, drafts a solution with an attachment, reloads (nothing lost), submits and sees its
receipt. English UI, selectors by label and role, a screenshot per step."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from cms.models import User
from submissions.models import Attachment, Invitation, Organisation, Submission
from tests.cms.factories_public import build_public_site
from tests.factories import PASSWORD
from tests.submissions.test_uploads import make_pdf

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("page_tree_root"),
]

EMAIL = "lan.tran@halongtech.example"
DRAFT = {
    "Title": "Floating sensors for Ha Long Bay",
    "Summary": "Solar buoys measure water quality every ten minutes.",
    "Description of the solution": "A network of twenty buoys. Each reports over LoRa.",
    "Approach and technology": "Pilot in Bai Chay, then scale to the whole bay.",
    "Expected impact": "Early warning of algal blooms.",
    "Implementation plan": "Six months of pilot.",
    "Team": "Five engineers.",
}


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}"))


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    return tmp_path / "private"


def go(page, control) -> None:
    """Click a control that loads a new page; wait for it and for its background requests
    (the test reads the database next, which the live server shares on SQLite)."""
    with page.expect_navigation():
        control.click()
    page.wait_for_load_state("networkidle")


def settle(page) -> None:
    """Leave the field being typed in so the autosave runs now, and let it finish."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_load_state("networkidle")


def link_path(body: str, marker: str) -> str:
    match = re.search(rf"https?://\S*{marker}\S*", body)
    assert match, body
    return urlsplit(match.group(0)).path


def test_company_signs_up_drafts_and_submits(live_server, browser, screenshots, tmp_path):
    site = build_public_site(problems=1)
    problem = site["problems_en"][0]
    shots = iter(range(1, 100))

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(5000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def snap(name: str) -> None:
        page.screenshot(path=str(screenshots / f"company-{next(shots):02d}-{name}.png"))

    # 1. Sign up.
    page.goto(f"{live_server.url}/en/accounts/signup/")
    page.get_by_label("Email").first.fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("Name").first.fill("Trần Thị Lan")
    snap("signup")
    go(page, page.get_by_role("button", name=re.compile("Sign up", re.I)))
    snap("verification-sent")
    assert User.objects.filter(email=EMAIL).exists()

    # 2. Verify from the sent message.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    page.goto(live_server.url + link_path(mail.outbox[0].body, "confirm-email/"))
    snap("confirm-email")
    go(page, page.get_by_role("button", name=re.compile("Confirm", re.I)))
    snap("confirmed")
    user = User.objects.get(email=EMAIL)
    assert user.emailaddress_set.get().verified

    # 3. Create the organisation.
    page.goto(f"{live_server.url}/en/organisations/new/")
    page.get_by_label("Name", exact=False).first.fill("Ha Long Tech JSC")
    page.get_by_label("Tax code").fill("5701234567")
    page.get_by_label("Address").fill("8 Tran Hung Dao, Ha Long")
    page.get_by_label("Province or city").fill("Quảng Ninh")
    page.get_by_label("Size").select_option("small")
    page.get_by_label("Contact person").fill("Trần Thị Lan")
    page.get_by_label("Contact e-mail").fill(EMAIL)
    snap("organisation-form")
    go(page, page.get_by_role("button", name=re.compile("Create|Save", re.I)))
    snap("organisation")
    organisation = Organisation.objects.get(name="Ha Long Tech JSC")
    assert organisation.memberships.get().user == user

    # 4. Invite a colleague.
    mail.outbox.clear()
    page.get_by_label("E-mail address").fill("minh.le@halongtech.example")
    go(page, page.get_by_role("button", name="Send invitation"))
    snap("invited")
    invitation = Invitation.objects.get(organisation=organisation)
    assert invitation.email == "minh.le@halongtech.example"
    assert [m.to for m in mail.outbox] == [["minh.le@halongtech.example"]]
    assert "/invitations/" in mail.outbox[0].body
    assert "Ha Long Tech JSC" in mail.outbox[0].body

    # 5. Open the problem and start a solution.
    page.goto(live_server.url + problem.url)
    snap("problem")
    go(page, page.get_by_role("link", name="Submit a solution"))
    go(page, page.get_by_role("button", name="Start a draft"))
    submission = Submission.objects.get(organisation=organisation)
    for label, value in DRAFT.items():
        field(page, label).fill(value)
    field(page, "Requested amount").fill("900000000")
    snap("draft-filled")
    settle(page)
    go(page, page.get_by_role("button", name="Save draft"))

    # 6. Attach a small valid PDF.
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(make_pdf())
    page.get_by_label("File").set_input_files(str(pdf))
    go(page, page.get_by_role("button", name="Upload"))
    snap("attachment")
    assert Attachment.objects.get(submission=submission).original_name == "plan.pdf"

    # 7. Reload: nothing lost.
    page.reload()
    snap("reloaded")
    for label, value in DRAFT.items():
        assert value in field(page, label).input_value(), label
    assert field(page, "Requested amount").input_value() == "900000000"
    assert page.get_by_role("link", name="plan.pdf").is_visible()

    # 8. Submit and see the receipt.
    go(page, page.get_by_role("link", name="Review and submit"))
    snap("review")
    go(page, page.get_by_role("button", name="Submit now"))
    snap("receipt")
    submission.refresh_from_db()
    version = submission.versions.get()
    body = page.content()
    assert submission.reference and submission.reference in body
    assert version.sha256 in body
    assert "Submitted. A receipt is on its way by e-mail." in body
    assert errors == []
    context.close()
