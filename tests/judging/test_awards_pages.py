"""Award pages: permission matrix, results page content and query counts, notifications,
appeals, payouts and the Stripe webhook."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from judging import awards
from judging.models import Appeal, AwardNotice, BudgetLedger, PayeeAccount, Payout, StripeEvent
from submissions.models import GuardianConsent
from tests import stripe_standin as standin_module
from tests.cms.factories_public import translate
from tests.factories import UserFactory
from tests.judging.award_support import WORKED_SCORES, add_entry, judged_call, make_policy
from tests.judging.factories import give_totp
from tests.stripe_standin import signed_event, stripe_standin_fixture, transfer_event  # noqa: F401
from tests.submissions.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def en_url(site, page) -> str:
    """The URL of the call page's English translation (made here, with its index's)."""
    if "index_en" not in site:
        site["index_en"] = translate(site["index"], site["en"], title="Problems", slug="problems")
    return translate(page, site["en"], title="Problem in English").url


@pytest.fixture
def judged(site):
    judged = judged_call(site)
    for score in WORKED_SCORES:
        add_entry(judged, score)
    return judged


def publish(judged, policy=None):
    policy = policy or make_policy(judged.call)
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    awards.allocation_approve(run=run, actor=judged.second_staff)
    return awards.results_publish(run=run, actor=judged.second_staff)


# --- permission matrix -------------------------------------------------------------------------


@pytest.fixture
def roles(judged):
    other = UserFactory(email="other@firm.example")
    return {
        "anonymous": None,
        "member": judged.members[0],
        "other": other,
        "judge": judged.judges[0],
        "staff": judged.staff,
        "second_staff": judged.second_staff,
    }


STAFF_ONLY = {
    "anonymous": 302,
    "member": 404,
    "other": 404,
    "judge": 404,
    "staff": 200,
    "second_staff": 200,
}
PUBLIC = dict.fromkeys(STAFF_ONLY, 200)


@pytest.mark.parametrize("role", list(STAFF_ONLY))
@pytest.mark.parametrize("screen", ["policies", "policy", "run", "results"])
def test_award_url_matrix(client, judged, roles, role, screen):
    run = publish(judged)
    urls = {
        "policies": (en("judging:award_policies"), STAFF_ONLY),
        "policy": (en("judging:award_policy", pk=run.policy_id), STAFF_ONLY),
        "run": (en("judging:award_run", pk=run.pk), STAFF_ONLY),
        "results": (en("judging:results", page_id=judged.call.pk), PUBLIC),
    }
    url, expected = urls[screen]
    if roles[role] is not None:
        client.force_login(roles[role])
    assert client.get(url).status_code == expected[role]


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 404), ("member", 302), ("other", 404), ("judge", 404), ("staff", 404)],
)
def test_appeal_url_matrix(client, judged, roles, role, status):
    run = publish(judged)
    decision = run.decisions.get(submission=judged.entries[0])
    if roles[role] is not None:
        client.force_login(roles[role])
    response = client.post(
        en("judging:appeal", page_id=judged.call.pk, decision_id=decision.pk),
        {f"d{decision.pk}-text": "Xin xem lại điểm."},
    )
    assert response.status_code == status
    assert Appeal.objects.count() == (1 if status == 302 else 0)


def test_results_are_404_before_publication(client, judged):
    policy = make_policy(judged.call)
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    awards.allocation_approve(run=run, actor=judged.second_staff)
    assert client.get(en("judging:results", page_id=judged.call.pk)).status_code == 404


# --- staff screens ------------------------------------------------------------------------------


def test_staff_start_then_second_staff_approves_and_publishes_through_the_pages(client, judged):
    policy = make_policy(judged.call)
    client.force_login(judged.staff)
    response = client.post(en("judging:award_policy", pk=policy.pk), {"step": "start"})
    run = policy.runs.get()
    assert response.status_code == 302
    page = client.get(en("judging:award_run", pk=run.pk)).content.decode()
    assert "Approve this run" not in page
    assert "BUDGET_EXHAUSTED" in page
    assert "unspent VND\u00a00" in page
    client.post(en("judging:award_run", pk=run.pk), {"step": "approve"})
    run.refresh_from_db()
    assert run.approved_at is None
    client.force_login(judged.second_staff)
    client.post(en("judging:award_run", pk=run.pk), {"step": "approve"})
    client.post(en("judging:award_run", pk=run.pk), {"step": "publish"})
    run.refresh_from_db()
    judged.call.refresh_from_db()
    assert run.approved_by == judged.second_staff
    assert run.published_at is not None
    assert judged.call.results_published_at == run.published_at


def test_try_changed_parameters_shows_the_result_and_saves_nothing(client, judged):
    policy = make_policy(judged.call)
    client.force_login(judged.staff)
    response = client.post(
        en("judging:award_policy", pk=policy.pk),
        {"step": "simulate", "budget": "40000000"},
    )
    page = response.content.decode()
    assert "Simulation (not saved)" in page
    assert "spent VND\u00a040,000,000" in page
    assert policy.runs.count() == 0


def test_run_table_query_count_does_not_grow_with_rows(client, site):
    judged = judged_call(site, "P12")
    for score in (90, 80):
        add_entry(judged, score)
    small = awards.allocation_start(policy=make_policy(judged.call), actor=judged.staff)
    for score in (78, 70, 68, 66, 60, 55):
        add_entry(judged, score)
    big = awards.allocation_start(policy=small.policy, actor=judged.staff)
    client.force_login(judged.staff)
    counts = []
    for run in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(en("judging:award_run", pk=run.pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- results --------------------------------------------------------------------------------------


def test_results_page_names_winners_by_tier_and_hides_everything_else(client, judged):
    publish(judged)
    page = client.get(en("judging:results", page_id=judged.call.pk)).content.decode()
    assert "First prize" in page
    assert (
        'Công ty Đổi Mới 1 — Giải pháp 1 · <span class="amount">VND\u00a030,000,000</span>' in page
    )
    assert '<td class="num">30,000,000</td>' in page
    assert "30000000" not in page
    assert "unspent VND\u00a00" in page
    for loser in judged.entries[6:]:
        assert loser.organisation.name not in page
    assert "90.0000" not in page
    assert "45.0000" not in page
    assert "BUDGET_EXHAUSTED" not in page


def minor_participant(*, consented: bool):
    """A 14-year-old; with ``consented`` their guardian has given consent through the link."""
    minor = ParticipantFactory(
        full_name="Nguyễn Thị Mai",
        birth_date=timezone.localdate() - timedelta(days=365 * 14),
        guardian_name="Nguyễn Văn Hùng",
        guardian_email="hung@mail.example",
    )
    GuardianConsent.objects.create(
        participant=minor,
        guardian_name="Nguyễn Văn Hùng",
        guardian_email="hung@mail.example",
        consented_at=timezone.now() if consented else None,
    )
    return minor


def test_results_page_shows_a_minor_by_given_name_only(client, site):
    judged = judged_call(site, "P13")
    minor = minor_participant(consented=True)
    add_entry(judged, 90, participant=minor)
    add_entry(judged, 40)
    publish(judged)
    page = client.get(en("judging:results", page_id=judged.call.pk)).content.decode()
    assert "Mai" in page
    assert "Nguyễn Thị Mai" not in page
    assert "Youth participant (name withheld)" not in page
    assert minor.school not in page
    assert minor.birth_date.isoformat() not in page


def test_results_page_withholds_a_minors_name_without_guardian_consent(client, site):
    judged = judged_call(site, "P13")
    minor = minor_participant(consented=False)
    add_entry(judged, 90, participant=minor)
    add_entry(judged, 40)
    publish(judged)
    page = client.get(en("judging:results", page_id=judged.call.pk)).content.decode()
    assert "Youth participant (name withheld)" in page
    assert "Mai" not in page
    assert minor.school not in page


def test_results_page_shows_each_winners_own_amount_after_a_shared_tie(client, site):
    judged = judged_call(site, "P12")
    add_entry(judged, 90, name="Công ty Đồng Hạng A")
    add_entry(judged, 90, name="Công ty Đồng Hạng B")
    add_entry(judged, 70)
    publish(judged, make_policy(judged.call, tie_fallback="share"))
    page = client.get(en("judging:results", page_id=judged.call.pk)).text
    # The tie pooled the first and a second prize (30M + 20M) and split it equally.
    for name in ("Công ty Đồng Hạng A", "Công ty Đồng Hạng B"):
        assert f"{name} — " in page
        start = page.index(f"{name} — ")
        assert (
            'class="amount">VND\u00a025,000,000</span>' in page[start : page.index("</div>", start)]
        )
    assert '<td class="num">30,000,000</td>' in page  # the prize as set in the policy
    assert "VND\u00a030,000,000</span>" not in page
    with translation.override("vi"):
        page = client.get(reverse("judging:results", kwargs={"page_id": judged.call.pk})).text
    assert page.count('class="amount">25.000.000\u00a0₫</span>') == 2


def test_results_page_query_count_does_not_grow_with_winners(client, site):
    counts = []
    for code, scores in (("P14", [90, 80]), ("P15", [90, 80, 78, 70, 68, 66])):
        judged = judged_call(site, code)
        for score in scores:
            add_entry(judged, score)
        publish(judged)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(en("judging:results", page_id=judged.call.pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_call_page_shows_prize_table_and_results_link(client, site, judged):
    make_policy(judged.call)
    url = judged.call.url
    page = client.get(url).content.decode()
    assert "Giải Nhất" in page
    assert '<td class="num">30.000.000</td>' in page
    assert "100.000.000\u00a0₫." in page
    assert "30000000" not in page
    english = client.get(en_url(site, judged.call)).content.decode()
    assert '<td class="num">30,000,000</td>' in english
    assert "Budget: VND\u00a0100,000,000." in english
    assert reverse("judging:results", kwargs={"page_id": judged.call.pk}) not in page
    publish(judged, judged.call.award_policies.get())
    page = client.get(url).content.decode()
    assert reverse("judging:results", kwargs={"page_id": judged.call.pk}) in page


# --- notifications --------------------------------------------------------------------------------


def test_every_entrant_is_told_once_after_commit_in_their_language(
    judged, django_capture_on_commit_callbacks
):
    english = judged.members[0]
    english.preferred_language = "en"
    english.save()
    policy = make_policy(judged.call)
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    awards.allocation_approve(run=run, actor=judged.second_staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        awards.results_publish(run=run, actor=judged.second_staff)
    assert len(mail.outbox) == 0
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == len(WORKED_SCORES)
    first = next(m for m in mail.outbox if m.to == [english.email])
    decision = run.decisions.get(submission=judged.entries[0])
    assert decision.explanation_en in first.body
    last = next(m for m in mail.outbox if m.to == [judged.members[-1].email])
    assert run.decisions.get(submission=judged.entries[-1]).explanation_vi in last.body
    from judging.tasks import notify_award_decisions

    assert notify_award_decisions(run.pk) == 0
    assert AwardNotice.objects.count() == len(WORKED_SCORES)
    assert len(mail.outbox) == len(WORKED_SCORES)


# --- appeals -----------------------------------------------------------------------------------------


def test_entrant_appeals_staff_answer_and_the_trail_is_visible(client, judged):
    run = publish(judged)
    member = judged.members[7]
    decision = run.decisions.get(submission=judged.entries[7])
    client.force_login(member)
    client.post(
        en("judging:appeal", page_id=judged.call.pk, decision_id=decision.pk),
        {f"d{decision.pk}-text": "Hồ sơ của chúng tôi bị chấm thiếu."},
    )
    appeal = Appeal.objects.get()
    client.force_login(judged.staff)
    client.post(
        en("judging:award_run", pk=run.pk),
        {"step": "answer", "appeal": appeal.pk, "answer": "Đã xem lại, giữ nguyên."},
    )
    client.force_login(member)
    page = client.get(en("judging:results", page_id=judged.call.pk)).content.decode()
    assert "Hồ sơ của chúng tôi bị chấm thiếu." in page
    assert "Đã xem lại, giữ nguyên." in page
    assert decision.explanation_en in page


def test_appeal_after_the_window_is_refused(judged):
    run = publish(judged)
    type(run).objects.filter(pk=run.pk).update(published_at=timezone.now() - timedelta(days=15))
    decision = run.decisions.first()
    with pytest.raises(awards.ActionRefused):
        awards.appeal_file(decision=decision, text="Muộn", actor=judged.members[0])


# --- payouts and webhooks ------------------------------------------------------------------------------


@pytest.fixture
def approved(judged):
    run = publish(judged)
    award = run.awards.get(submission=judged.entries[0])
    PayeeAccount.objects.create(
        organisation=award.submission.organisation, stripe_account_id="acct_1QnWinnerHaLong"
    )
    return run, award


def test_payout_pays_once_and_moves_the_ledger(stripe_standin, approved, judged):
    run, award = approved
    first = awards.payout_create(award=award, actor=judged.staff)
    again = awards.payout_create(award=award, actor=judged.staff)
    assert first.status == again.status == "paid"
    assert len(stripe_standin.requests_to("POST", "/v1/transfers")) == 1
    ledger = BudgetLedger.objects.get(policy=run.policy)
    assert (ledger.committed, ledger.paid) == (70_000_000, 30_000_000)


def test_payout_retried_after_a_network_failure_makes_one_transfer(
    stripe_standin, approved, judged
):
    run, award = approved
    stripe_standin.fail_next("server_error", times=5)
    with pytest.raises(awards.ActionRefused):
        awards.payout_create(award=award, actor=judged.staff)
    assert Payout.objects.get(award=award).status == "pending"
    assert BudgetLedger.objects.get(policy=run.policy).paid == 0
    awards.payout_create(award=award, actor=judged.staff)
    keys = {
        {k.lower(): v for k, v in r.headers.items()}.get("idempotency-key")
        for r in stripe_standin.requests_to("POST", "/v1/transfers")
    }
    assert keys == {f"qnoi-award-{award.pk}-transfer-v1"}
    assert BudgetLedger.objects.get(policy=run.policy).paid == 30_000_000


def test_bank_transfer_recorded_once(approved, judged):
    from django.contrib.auth.models import Group

    run, award = approved
    judged.staff.groups.add(Group.objects.get_or_create(name="Finance")[0])
    awards.payout_record_bank(award=award, reference="VCB-2026-0001", actor=judged.staff)
    with pytest.raises(awards.ActionRefused):
        awards.payout_record_bank(award=award, reference="VCB-2026-0002", actor=judged.staff)
    assert BudgetLedger.objects.get(policy=run.policy).paid == 30_000_000


def test_only_finance_staff_can_pay_through_the_page(client, approved, judged):
    run, award = approved
    client.force_login(judged.staff)
    response = client.post(
        en("judging:award_run", pk=run.pk), {"step": "bank", "award": award.pk, "reference": "X1"}
    )
    assert response.status_code == 404
    from django.contrib.auth.models import Group

    judged.staff.groups.add(Group.objects.get_or_create(name="Finance")[0])
    client.post(
        en("judging:award_run", pk=run.pk), {"step": "bank", "award": award.pk, "reference": "X1"}
    )
    assert Payout.objects.get(award=award).reference == "X1"


def _post_event(client, payload, secret=standin_module.WEBHOOK_SECRET):
    body, header = signed_event(payload, secret=secret)
    return client.post(
        "/stripe/webhook/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )


def test_webhook_rejects_forged_and_wrong_secret(client, stripe_standin, approved):
    payload = transfer_event("transfer.reversed", "evt_forged", "tr_x", reversed=True)
    assert _post_event(client, payload, secret="whsec_wrong").status_code == 400
    body, header = signed_event(payload)
    tampered = body.replace(b"evt_forged", b"evt_forgee")
    response = client.post(
        "/stripe/webhook/",
        tampered,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 400
    assert client.get("/stripe/webhook/").status_code == 405
    assert StripeEvent.objects.count() == 0


def test_webhook_duplicate_and_out_of_order_events(client, stripe_standin, approved, judged):
    run, award = approved
    payout = awards.payout_create(award=award, actor=judged.staff)
    stripe_standin.reverse_transfer(payout.transfer_id)
    reversed_event = transfer_event(
        "transfer.reversed",
        "evt_2",
        payout.transfer_id,
        reversed=True,
        amount_reversed=30_000_000,
    )
    assert _post_event(client, reversed_event).status_code == 200
    assert _post_event(client, reversed_event).status_code == 200
    late_created = transfer_event("transfer.created", "evt_1", payout.transfer_id)
    assert _post_event(client, late_created).status_code == 200
    payout.refresh_from_db()
    assert payout.status == "reversed"
    assert StripeEvent.objects.count() == 2
    # The reversed money goes back from paid to committed, once: the award still stands.
    ledger = BudgetLedger.objects.get(policy=run.policy)
    assert (ledger.committed, ledger.paid) == (100_000_000, 0)


def test_webhook_marks_a_pending_payout_paid_once(client, stripe_standin, approved, judged):
    run, award = approved
    Payout.objects.create(
        award=award, method="stripe", amount=award.amount, transfer_id="tr_pending1"
    )
    stripe_standin.add_transfer("tr_pending1", award.amount)
    assert (
        _post_event(client, transfer_event("transfer.created", "evt_9", "tr_pending1")).status_code
        == 200
    )
    assert Payout.objects.get(award=award).status == "paid"
    assert BudgetLedger.objects.get(policy=run.policy).paid == 30_000_000


def test_youth_names_are_never_in_staff_free_pages_for_adults(client, site):
    judged = judged_call(site, "P16")
    adult = ParticipantFactory(full_name="Trần Văn Nam", birth_date=date(1990, 1, 1))
    add_entry(judged, 90, participant=adult)
    publish(judged)
    page = client.get(en("judging:results", page_id=judged.call.pk)).content.decode()
    assert "Trần Văn Nam" in page


def test_judges_with_totp_see_404_on_staff_screens(client, judged):
    judge = UserFactory(email="another-judge@uni.example")
    give_totp(judge)
    client.force_login(judge)
    assert client.get(en("judging:award_policies")).status_code == 404


def test_prize_table_follows_an_edited_tier(client, site, judged):
    policy = make_policy(judged.call)
    assert '<td class="num">30.000.000</td>' in client.get(judged.call.url).content.decode()
    tier = policy.tiers.get(key="first")
    tier.amount = 35_000_000
    tier.save()
    page = client.get(judged.call.url).content.decode()
    assert '<td class="num">35.000.000</td>' in page
    assert "30.000.000" not in page
    assert '<td class="num">35,000,000</td>' in client.get(en_url(site, judged.call)).text


def test_results_page_in_vietnamese_too(client, judged):
    publish(judged)
    response = client.get(reverse("judging:results", kwargs={"page_id": judged.call.pk}))
    assert response.status_code == 200
    assert "Giải Nhất" in response.content.decode()


def test_policy_list_query_count_does_not_grow_with_policies(client, judged):
    client.force_login(judged.staff)
    counts = []
    for extra in (1, 4):
        for _ in range(extra):
            make_policy(judged.call)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(en("judging:award_policies")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_publishing_results_purges_the_call_page_and_the_results_files(
    judged, settings, django_capture_on_commit_callbacks
):
    from tests.cms.test_caching import RecordingBackend

    settings.WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": "tests.cms.test_caching.RecordingBackend"}
    }
    RecordingBackend.purged = []
    with django_capture_on_commit_callbacks(execute=True):
        run = publish(judged)

    purged = set(RecordingBackend.purged)
    page_id = judged.call.pk
    assert {
        f"http://testserver/en/results/{page_id}/",
        f"http://testserver/results/{page_id}/results.csv",
        "http://testserver/en/open-data/results.json",
    } <= purged
    assert any(url.endswith(judged.call.url) for url in purged)
    assert run.published_at is not None


# --- budgets and criteria on call pages and the home page --------------------------------------


@pytest.fixture
def public_site(db):
    from tests.cms.factories_public import build_public_site

    return build_public_site(problems=1)


def small_policy(contest, name: str, budget: int, category: str = ""):
    tiers = [("first", "Giải Nhất", "First prize", 1, budget // 2, None)]
    return make_policy(contest, name=name, budget=budget, category_key=category, tiers=tiers)


def test_contest_and_home_pages_show_the_award_policies_budget_total(client, public_site):
    contest, contest_en = public_site["contest"], public_site["contest_en"]
    young = small_policy(contest, "Giải Thiếu niên", 100_000_000, "young")
    small_policy(contest, "Giải chung", 20_000_000)

    page = client.get(contest.url).text
    assert "120.000.000\u00a0₫" in page
    assert "1.500.000.000" not in page  # the page field is not the prize budget
    english = client.get(contest_en.url).text
    assert "Prize budget" in english
    assert "VND\u00a0120,000,000" in english
    figure = '<dt>{}</dt><dd class="amount">{}</dd>'
    home = client.get("/en/").text
    assert figure.format("Contest prize budgets", "VND\u00a0120,000,000") in home

    young.budget = 150_000_000
    young.save()
    assert "170.000.000\u00a0₫" in client.get(contest.url).text
    assert "VND\u00a0170,000,000" in client.get(contest_en.url).text
    assert figure.format("Contest prize budgets", "VND\u00a0170,000,000") in client.get("/en/").text
    with translation.override("vi"):
        label = translation.gettext("Contest prize budgets")
    assert figure.format(label, "170.000.000\u00a0₫") in client.get("/").text


def test_problem_page_labels_the_ceiling_per_solution(client, public_site):
    problem = public_site["problems_en"][0]
    page = client.get(problem.url).text
    assert "Pilot budget ceiling per solution" in page
    assert "Award budget" not in page  # no award policy covers it yet
    small_policy(public_site["problems"][0], "Kinh phí P01", 900_000_000)
    page = client.get(problem.url).text
    assert '<dt>Award budget</dt><dd><span class="amount">VND\u00a0900,000,000</span></dd>' in page
    pool = make_policy(None, name="Quỹ chung", budget=5_000_000_000, mode="funding", tiers=[])
    pool.pool_calls.set([public_site["problems"][0]])
    page = client.get(problem.url).text
    assert (
        'VND\u00a05,900,000,000</span> <span class="help">(shared with other calls)</span>' in page
    )


def test_contest_page_shows_the_criteria_table_by_category_name(client, public_site):
    from tests.judging.factories import RubricFactory

    contest, contest_en = public_site["contest"], public_site["contest_en"]
    RubricFactory(call=contest, category_key="young")
    contest_en.categories.filter(key="young").update(name="Young people")

    english = client.get(contest_en.url).text
    assert "Category: Young people" in english
    assert "Category: young" not in english
    rows = [
        '<th scope="row">Novelty<div class="help">How good the novelty is</div></th>'
        '<td class="num">10</td><td class="num">3</td>',
        '<th scope="row">Feasibility<div class="help">How good the feasibility is</div></th>'
        '<td class="num">10</td><td class="num">4</td>',
        '<th scope="row">Impact<div class="help">How good the impact is</div></th>'
        '<td class="num">10</td><td class="num">3</td>',
    ]
    for row in rows:
        assert row in english
    page = client.get(contest.url).text
    assert "Thiếu niên" in page.split('id="criteria-title"')[1]
    assert '<th scope="row">Tính mới' in page
