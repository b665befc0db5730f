"""Journey c: a judge signs in with a password and a TOTP code, declares a conflict, scores an
assigned entry blind and submits. English UI, a screenshot per step."""

from __future__ import annotations

import re
import time
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from judging.enums import ReviewStatus
from judging.models import Conflict, Review
from tests.factories import PASSWORD, ChallengePageFactory, UserFactory, build_site
from tests.judging.factories import (
    AssignmentFactory,
    JudgeProfileFactory,
    OrganisationFactory,
    PanelFactory,
    PanelMemberFactory,
    RoundFactory,
    RubricFactory,
    SubmissionFactory,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("page_tree_root"),
]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"
SCORES = {"Novelty": "7", "Feasibility": "8.5", "Impact": "6"}


def totp_code(secret: str) -> str:
    """The current RFC 6238 code, from a period with at least 5 s left (allauth accepts only
    the current period), so a slow step cannot carry it over the boundary."""
    if 30 - time.time() % 30 < 5:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_judge_signs_in_with_totp_declares_and_scores_blind(live_server, browser, screenshots):
    site = build_site()
    call = ChallengePageFactory(parent=site["index"], code="P03", slug="p03")
    RubricFactory(call=call)
    panel = PanelFactory(name="Environment panel")
    panel.calls.add(call)
    round = RoundFactory(panel=panel, call=call)
    assigned_org = OrganisationFactory(name="Song Bien Ha Long Ltd")
    other_org = OrganisationFactory(name="Vinh Xanh Cooperative")
    entry = SubmissionFactory(
        call=call, organisation=assigned_org, title="Water-quality buoys for the bay"
    )
    SubmissionFactory(call=call, organisation=other_org)
    judge = UserFactory(email="judge@uni.example", display_name="Dr Pham Thu")
    PanelMemberFactory(panel=panel, user=judge)
    JudgeProfileFactory(user=judge)
    TOTP.activate(judge, SECRET)
    assignment = AssignmentFactory(round=round, judge=judge, submission=entry)
    assert round.blind

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(5000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    shots = iter(range(1, 100))

    def snap(name: str) -> None:
        page.screenshot(path=str(screenshots / f"judge-{next(shots):02d}-{name}.png"))

    # 1. Password, then the TOTP code.
    page.goto(f"{live_server.url}/en/accounts/login/?next=/en/judging/")
    page.get_by_label("Email").fill(judge.email)
    page.get_by_label("Password").fill(PASSWORD)
    snap("password")
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url(re.compile(r"/2fa/authenticate/"))
    snap("totp")
    page.get_by_label(re.compile("Authenticator code|Code", re.I)).fill(totp_code(SECRET))
    page.get_by_role("button", name=re.compile("Sign in|Verify|Continue", re.I)).click()
    page.wait_for_url(re.compile(r"/en/judging/$"))
    snap("home")

    # 2. Declare a conflict with the other organisation before seeing any entry.
    page.get_by_role("link", name=re.compile("declar|conflict", re.I)).first.click()
    page.wait_for_url(re.compile(rf"/judging/panels/{panel.pk}/conflicts/"))
    page.get_by_label(other_org.name).check()
    page.locator(f"#id_reason-{other_org.pk}").fill("I advised them in 2025.")
    snap("declaration")
    page.get_by_role("button", name="Confirm my declaration").click()
    page.wait_for_url(re.compile(r"/en/judging/$"))
    page.wait_for_load_state("networkidle")
    snap("declared")
    conflict = Conflict.objects.get(judge=judge)
    assert conflict.organisation == other_org
    assert conflict.reason == "I advised them in 2025."

    # 3. Open the assigned entry: blind, no organisation on the page.
    page.get_by_role("link", name=re.compile("Water-quality buoys|Entry", re.I)).first.click()
    page.wait_for_url(re.compile(rf"/judging/assignments/{assignment.pk}/$"))
    snap("entry")
    text = page.content()
    assert "blind review" in text
    for secret in (assigned_org.name, assigned_org.tax_code, assigned_org.contact_email):
        assert secret not in text

    # 4. Score every criterion and submit.
    criteria = page.locator("fieldset.criterion")
    assert criteria.count() == len(SCORES)
    for name, score in SCORES.items():
        fieldset = criteria.filter(has=page.get_by_role("heading", name=name))
        fieldset.get_by_label(re.compile(r"^Score")).fill(score)
        fieldset.get_by_label("Comment").fill(f"{name}: well argued.")
    page.get_by_label("Overall comment").fill("A promising, affordable pilot.")
    snap("scored")
    page.wait_for_timeout(1600)  # the review autosave fires 1.5 s after the last keystroke
    page.wait_for_load_state("networkidle")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit review").click()
    page.wait_for_load_state("networkidle")
    snap("submitted")

    review = Review.objects.get(assignment=assignment)
    assert review.status == ReviewStatus.SUBMITTED
    stored = {s.criterion.name_en: s.score for s in review.scores.select_related("criterion")}
    assert stored == {name: Decimal(value) for name, value in SCORES.items()}
    assert "Only the panel chair can reopen it." in page.content()
    assert errors == []
    context.close()
