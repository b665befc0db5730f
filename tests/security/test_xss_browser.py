"""Every payload of the corpus (tests/data/xss_payloads.txt, attributed there) through every
user-written field, stored by the real actions and rendered in chromium: no dialog, no probe
call, no live script or handler in the DOM.

The browser context bypasses the site's Content-Security-Policy on purpose: the policy is tested
by test_csp.py; here the sanitiser and the templates' escaping must hold on their own."""

from __future__ import annotations

import pytest
from django.test import Client

from judging import actions as judging_actions
from judging.actions import ScoreInput
from submissions import actions
from submissions.models import ClarificationQuestion
from tests.factories import ChallengePageFactory, UserFactory, build_site
from tests.judging.factories import (
    AssignmentFactory,
    JudgeProfileFactory,
    MembershipFactory,
    OrganisationFactory,
    PanelFactory,
    PanelMemberFactory,
    RoundFactory,
    RubricFactory,
    SubmissionFactory,
    give_totp,
)
from tests.submissions.factories import CallQuestionFactory
from tests.submissions.test_sanitize import PAYLOADS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("page_tree_root"),
]

RICH = ["description", "approach", "expected_impact", "implementation_plan", "team"]
SLOTS = len(RICH) + 3  # the rich fields, title, summary and a long answer

# Installed before any page script: every way a payload usually proves itself is counted.
PROBE = """
window.__xss = 0;
for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
  const original = window[name];
  window[name] = function (...args) { window.__xss += 1; return original.apply(this, args); };
}
"""
# What must not be in the DOM after sanitising: live script, handlers, script URLs, frames.
DOM_CHECK = """
() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (attr.name.toLowerCase().startsWith('on')) found.push(el.tagName + '[' + attr.name + ']');
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(attr.name.toLowerCase())
          && /^(javascript|vbscript|data:text\\/html)/.test(value)) found.push(el.tagName + ' ' + attr.name);
    }
    if (el.tagName === 'SCRIPT' && !(el.getAttribute('src') || '').startsWith('/static/')) found.push('inline script');
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'META'].includes(el.tagName) && !el.closest('head')) found.push(el.tagName);
  }
  return found;
}
"""


def batches(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def packed(items: list[str], limit: int) -> list[str]:
    """Plain-text fields are escaped whole, so payloads can share one, up to its length."""
    chunks, current = [], ""
    for item in items:
        if current and len(current) + len(item) + 1 > limit:
            chunks.append(current)
            current = ""
        current = f"{current}\n{item}" if current else item
    return [*chunks, current]


def session_cookie(live_server, user) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


class Watcher:
    def __init__(self, browser, live_server, user=None):
        self.context = browser.new_context(bypass_csp=True, java_script_enabled=True)
        self.context.add_init_script(PROBE)
        if user is not None:
            self.context.add_cookies([session_cookie(live_server, user)])
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.page.on(
            "dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss())
        )
        self.base = live_server.url
        self.problems: list[str] = []

    def visit(self, path: str, what: str) -> None:
        response = self.page.goto(self.base + path, wait_until="load")
        assert response.status == 200, path
        self.page.wait_for_timeout(30)
        calls = self.page.evaluate("window.__xss")
        dom = self.page.evaluate(DOM_CHECK)
        if calls or dom or self.dialogs:
            self.problems.append(f"{path} ({what}): probe={calls} dom={dom} dialogs={self.dialogs}")
            self.dialogs = []


def test_xss_corpus_is_inert_in_the_browser(live_server, browser):
    assert len(PAYLOADS) >= 100
    site = build_site()
    call = ChallengePageFactory(parent=site["index"], code="P07", slug="p07")
    CallQuestionFactory(call=call, key="notes", kind="long_text", required=False)
    RubricFactory(call=call)
    panel = PanelFactory(name="Hội đồng")
    panel.calls.add(call)
    round = RoundFactory(panel=panel, call=call)
    owner = UserFactory(email="owner@alpha.example")
    organisation = OrganisationFactory(name="Alpha")
    MembershipFactory(organisation=organisation, user=owner)
    submission = SubmissionFactory(call=call, organisation=organisation, submitted=False)
    judge = UserFactory(email="judge@uni.example")
    PanelMemberFactory(panel=panel, user=judge)
    JudgeProfileFactory(user=judge)
    give_totp(judge)
    from judging.models import ConflictDeclaration

    ConflictDeclaration.objects.create(judge=judge, panel=panel)
    panel.chair = judge
    panel.save()
    assignment = AssignmentFactory(round=round, judge=judge, submission=submission)
    staff = UserFactory(email="staff@province.example", is_staff=True)

    company = Watcher(browser, live_server, owner)
    jury = Watcher(browser, live_server, judge)
    public = Watcher(browser, live_server)

    # Submission fields: each payload alone in one field, one page load per batch.
    for batch in batches(PAYLOADS, SLOTS):
        slots = batch + [batch[0]] * (SLOTS - len(batch))
        data = {
            name: f"Phần {name}: {payload}"
            for name, payload in zip(RICH, slots[: len(RICH)], strict=True)
        }
        data.update(
            title=f"Tiêu đề {slots[-3]}"[:200],
            summary=f"Tóm tắt {slots[-2]}"[:1500],
            requested_amount=1_000_000,
        )
        actions.submission_save_draft(
            submission=submission, user=owner, data=data, answers={"notes": slots[-1]}
        )
        version, _ = actions.submission_submit(submission=submission, user=owner)
        company.visit(f"/en/submissions/{submission.pk}/", "detail")
        company.visit(f"/en/submissions/{submission.pk}/edit/", "edit")
        company.visit(f"/en/submissions/{submission.pk}/versions/{version.number}/", "version")
        jury.visit(f"/en/judging/assignments/{assignment.pk}/", "blind review")

    # Judge comments (plain text, escaped): packed per field, drafts then the submitted review.
    criteria = ["novelty", "feasibility", "impact"]
    comment_chunks = packed(PAYLOADS, 3000)
    for chunk in batches(comment_chunks, len(criteria) + 1):
        chunk = chunk + [chunk[0]] * (len(criteria) + 1 - len(chunk))
        judging_actions.review_save_draft(
            assignment=assignment,
            user=judge,
            data=ScoreInput(
                scores=dict.fromkeys(criteria, 5),
                comments=dict(zip(criteria, chunk[: len(criteria)], strict=True)),
                overall_comment=chunk[-1],
            ),
        )
        jury.visit(f"/en/judging/assignments/{assignment.pk}/", "review draft")
    for note in packed(PAYLOADS, 5000):
        judging_actions.consensus_note_add(
            round=round, submission=submission, author=judge, text=note
        )
    judging_actions.review_submit(
        assignment=assignment,
        user=judge,
        data=ScoreInput(
            scores=dict.fromkeys(criteria, 5), comments={}, overall_comment="\n".join(PAYLOADS)
        ),
    )
    jury.visit(f"/en/judging/assignments/{assignment.pk}/", "submitted review")
    jury.visit(f"/en/judging/rounds/{round.pk}/", "dashboard notes")

    # Clarification questions: asked by companies, answered by staff, on the public call page.
    for payload in PAYLOADS:
        question = actions.clarification_ask(call=call, user=owner, question=f"Hỏi: {payload}")
        actions.clarification_answer(
            question=question, answer=f"Đáp: {payload}", publish=True, actor=staff
        )
    assert ClarificationQuestion.objects.filter(is_published=True).count() == len(PAYLOADS)
    public.visit(call.url, "questions and answers")

    problems = company.problems + jury.problems + public.problems
    assert problems == []
