"""Journey d: staff member A signs in with TOTP and runs an award policy on final scores; A cannot
approve their own run; staff member B approves it and publishes the results; the public reads
them in Vietnamese and in English, with the winners' names and amounts and nobody's score.
Staff screens in English, a screenshot per step."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from judging.models import AllocationRun, Award
from tests.factories import PASSWORD, build_site
from tests.judging.award_support import WORKED_SCORES, add_entry, judged_call, make_policy

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("page_tree_root"),
]

SECRET = "JBSWY3DPEHPK3PXP"  # tests.judging.factories.give_totp's secret
POLICY = "Giải thưởng Thách thức P07"
#: DESIGN.md's worked example: rank, score, tier, amount (VND), reason for each entry.
EXPECTED_TABLE = [
    ["1", "90.0000", "First prize", "30,000,000", "AWARDED"],
    ["2", "80.0000", "Second prize", "20,000,000", "AWARDED"],
    ["3", "78.0000", "Second prize", "20,000,000", "AWARDED"],
    ["4", "70.0000", "Third prize", "10,000,000", "AWARDED"],
    ["5", "68.0000", "Third prize", "10,000,000", "AWARDED"],
    ["6", "66.0000", "Third prize", "10,000,000", "AWARDED"],
    ["7", "60.0000", "–", "0", "BUDGET_EXHAUSTED"],
    ["8", "55.0000", "–", "0", "BUDGET_EXHAUSTED"],
    ["–", "45.0000", "–", "0", "BELOW_OVERALL_THRESHOLD"],
]


def totp_code(secret: str) -> str:
    """The current RFC 6238 code, from a period with at least 5 s left (allauth accepts only
    the current period), so a slow step cannot carry it over the boundary."""
    if 30 - time.time() % 30 < 5:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def go(page, control) -> None:
    """Click a control that loads a new page and wait for it (the test reads the database next)."""
    with page.expect_navigation():
        control.click()
    page.wait_for_load_state("networkidle")


def table(page, heading_id: str) -> list[list[str]]:
    rows = page.locator(f"section[aria-labelledby='{heading_id}'] tbody tr")
    return [[cell.strip() for cell in row.locator("td").all_inner_texts()] for row in rows.all()]


def test_staff_run_second_staff_approves_and_the_public_reads_results(
    live_server, browser, screenshots
):
    site = build_site()
    judged = judged_call(site, "P07")
    for score in WORKED_SCORES:
        add_entry(judged, score)
    policy = make_policy(judged.call, name=POLICY)
    call = judged.call
    staff_a, staff_b = judged.staff, judged.second_staff
    winners = [entry.organisation.name for entry in judged.entries[:6]]
    others = [entry.organisation.name for entry in judged.entries[6:]]
    shots = iter(range(1, 100))
    errors: list[str] = []

    def open_page(context):
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    def snap(page, name: str) -> None:
        page.screenshot(
            path=str(screenshots / f"awards-{next(shots):02d}-{name}.png"), full_page=True
        )

    def sign_in(context, user, who: str):
        page = open_page(context)
        page.goto(f"{live_server.url}/en/accounts/login/?next=/en/judging/awards/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        snap(page, f"{who}-password")
        page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
        page.wait_for_url(re.compile(r"/2fa/authenticate/"))
        page.get_by_label(re.compile("Authenticator code|Code", re.I)).fill(totp_code(SECRET))
        snap(page, f"{who}-totp")
        page.get_by_role("button", name=re.compile("Sign in|Verify|Continue", re.I)).click()
        page.wait_for_url(re.compile(r"/en/judging/awards/$"))
        snap(page, f"{who}-policies")
        return page

    def new_context():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(5000)
        return context

    # 1. Staff member A signs in with a password and a TOTP code and opens the policy.
    context_a = new_context()
    page = sign_in(context_a, staff_a, "a")
    go(page, page.get_by_role("link", name=POLICY))
    assert page.get_by_role("heading", name=POLICY, level=1).is_visible()
    assert "No run yet." in page.content()
    snap(page, "a-policy")

    # 2. A starts a run on today's (final) scores and reads the decisions.
    go(page, page.get_by_role("button", name="Start a run on today's scores"))
    run = AllocationRun.objects.get(policy=policy)
    assert page.url.endswith(f"/en/judging/awards/runs/{run.pk}/")
    snap(page, "a-run")
    text = page.content()
    assert "The run is stored. A second staff member approves it." in text
    assert "budget VND&nbsp;100,000,000 · spent VND&nbsp;100,000,000 · unspent VND&nbsp;0" in text
    headers = page.locator("section[aria-labelledby='decisions-title'] thead th")
    assert headers.all_inner_texts() == [
        "Rank",
        "Entry",
        "Score",
        "Tier",
        "Amount (VND)",
        "Reason",
        "Explanation",
    ]
    rows = table(page, "decisions-title")
    assert [[r[0], *r[2:6]] for r in rows] == EXPECTED_TABLE
    assert [r[1] for r in rows] == [f"QN-P07-{n:04d}" for n in range(1, 10)]

    # 3. A is refused approving their own run: no button, the page says why, and a forged
    #    approval is turned down with a message.
    assert page.get_by_role("button", name="Approve this run").count() == 0
    assert "You started this run, so another staff member must approve it." in page.content()
    token = next(c["value"] for c in context_a.cookies() if c["name"] == "csrftoken")
    with page.expect_navigation():
        page.evaluate(
            """token => {
                const form = document.createElement("form");
                form.method = "post";
                for (const [name, value] of [["csrfmiddlewaretoken", token], ["step", "approve"]]) {
                    const input = document.createElement("input");
                    input.type = "hidden";
                    input.name = name;
                    input.value = value;
                    form.append(input);
                }
                document.body.append(form);
                form.submit();
            }""",
            token,
        )
    page.wait_for_load_state("networkidle")
    snap(page, "a-approval-refused")
    assert "The person who started a run cannot approve it." in page.content()
    run.refresh_from_db()
    assert run.approved_at is None
    assert not Award.objects.exists()

    # 4. Staff member B, in a browser of their own, finds the run and approves it.
    context_b = new_context()
    page_b = sign_in(context_b, staff_b, "b")
    go(page_b, page_b.get_by_role("link", name=POLICY))
    snap(page_b, "b-policy")
    go(page_b, page_b.get_by_role("link", name=f"#{run.pk}"))
    assert "You started this run" not in page_b.content()
    snap(page_b, "b-run")
    go(page_b, page_b.get_by_role("button", name="Approve this run"))
    snap(page_b, "b-approved")
    assert "The run is approved and the awards are created." in page_b.content()
    run.refresh_from_db()
    assert run.approved_by == staff_b
    awards = Award.objects.filter(run=run).order_by("pk")
    assert [(a.submission_id, a.amount) for a in awards] == [
        (entry.pk, amount)
        for entry, amount in zip(
            judged.entries,
            [30_000_000, 20_000_000, 20_000_000, 10_000_000, 10_000_000, 10_000_000],
            strict=False,
        )
    ]
    assert [r[1] for r in table(page_b, "awards-title")] == [
        "30,000,000",
        "20,000,000",
        "20,000,000",
        "10,000,000",
        "10,000,000",
        "10,000,000",
    ]

    # 5. B publishes the results; every entrant is told.
    mail.outbox.clear()
    go(page_b, page_b.get_by_role("button", name="Publish the results"))
    snap(page_b, "b-published")
    assert "The results are published; entrants are being told." in page_b.content()
    assert page_b.get_by_role("button", name="Publish the results").count() == 0
    run.refresh_from_db()
    call.refresh_from_db()
    assert run.published_at is not None
    assert call.results_published_at == run.published_at
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in judged.members)

    # 6. The public, signed out: the call page (Vietnamese) links to the results.
    public = new_context()
    page_p = open_page(public)
    page_p.goto(f"{live_server.url}{call.url}")
    page_p.wait_for_load_state("networkidle")
    snap(page_p, "public-call-vi")
    go(page_p, page_p.locator(f"a[href='/results/{call.pk}/']"))
    assert page_p.url == f"{live_server.url}/results/{call.pk}/"
    assert page_p.locator("html").get_attribute("lang") == "vi"
    snap(page_p, "public-results-vi")
    text = page_p.content()
    for name in winners:
        assert name in text
    for hidden in (*others, "60.0000", "90.0000", "BUDGET_EXHAUSTED", "QN-P07-0001"):
        assert hidden not in text
    prizes = page_p.locator("section table").first.locator("tbody tr")
    assert [row.locator("td").all_inner_texts()[:2] for row in prizes.all()] == [
        ["1", "30.000.000"],
        ["2", "20.000.000"],
        ["3", "10.000.000"],
        ["5", "4.000.000"],
    ]
    assert prizes.nth(0).locator(".winner").all_inner_texts() == [
        f"{winners[0]} — Giải pháp 1 · 30.000.000\u00a0₫"
    ]

    # 7. The same results in English.
    page_p.goto(f"{live_server.url}/en/results/{call.pk}/")
    page_p.wait_for_load_state("networkidle")
    snap(page_p, "public-results-en")
    text = page_p.content()
    assert "Prizes and winners" in text
    assert (
        "Budget VND&nbsp;100,000,000 · awarded VND&nbsp;100,000,000 · unspent VND&nbsp;0." in text
    )
    assert "6 awards among 9 entries." in text
    for name in winners:
        assert name in text
    for hidden in (*others, "60.0000", "90.0000", "BUDGET_EXHAUSTED"):
        assert hidden not in text
    rows = page_p.locator("section table").first.locator("tbody tr")
    assert rows.locator("th").all_inner_texts() == [
        "First prize",
        "Second prize",
        "Third prize",
        "Consolation",
    ]
    assert rows.nth(3).locator("td").last.inner_text() == "Not awarded"

    assert errors == []
    for context in (context_a, context_b, public):
        context.close()
