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
from tests import stripe_standin as standin_module
from tests.factories import UserFactory
from tests.judging.award_support import WORKED_SCORES, add_entry, judged_call, make_policy
from tests.judging.factories import give_totp
from tests.stripe_standin import signed_event, stripe_standin_fixture, transfer_event  # noqa: F401
from tests.submissions.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


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
    assert "Công ty Đổi Mới 1" in page
    assert "30000000" in page
    assert "unspent VND\u00a00" in page
    for loser in judged.entries[6:]:
        assert loser.organisation.name not in page
    assert "90.0000" not in page
    assert "45.0000" not in page
    assert "BUDGET_EXHAUSTED" not in page


def test_results_page_shows_a_minor_by_given_name_only(client, site):
    judged = judged_call(site, "P13")
    minor = ParticipantFactory(
        full_name="Nguyễn Thị Mai", birth_date=timezone.localdate() - timedelta(days=365 * 14)
    )
    add_entry(judged, 90, participant=minor)
    add_entry(judged, 40)
    publish(judged)
    page = client.get(en("judging:results", page_id=judged.call.pk)).content.decode()
    assert "Mai" in page
    assert "Nguyễn Thị Mai" not in page
    assert minor.school not in page
    assert minor.birth_date.isoformat() not in page


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


def test_call_page_shows_prize_table_and_results_link(client, judged):
    make_policy(judged.call)
    url = judged.call.url
    page = client.get(url).content.decode()
    assert "Giải Nhất" in page
    assert "30000000" in page
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
    run, award = approved
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


def test_prize_table_follows_an_edited_tier(client, judged):
    policy = make_policy(judged.call)
    assert "30000000" in client.get(judged.call.url).content.decode()
    tier = policy.tiers.get(key="first")
    tier.amount = 35_000_000
    tier.save()
    page = client.get(judged.call.url).content.decode()
    assert "35000000" in page
    assert "30000000" not in page


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
