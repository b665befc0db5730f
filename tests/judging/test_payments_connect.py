"""Stripe Connect onboarding of winning organisations, the account.updated webhook, the Finance
group, and results staying published when the call page is edited — against the local stand-in."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from cms.models import AuditEvent
from judging import awards
from judging.models import PayeeAccount, Payout, StripeEvent
from submissions.enums import MemberRole
from tests import stripe_standin as standin_module
from tests.factories import UserFactory
from tests.judging.award_support import add_entry, judged_call, make_policy
from tests.judging.factories import MembershipFactory, give_totp
from tests.stripe_standin import signed_event, stripe_standin_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@dataclass
class Winners:
    judged: object
    run: object
    award: object
    organisation: object
    owner: object
    policy: object


@pytest.fixture(name="winners")
def winners_fixture(site) -> Winners:
    """A published run of the worked tiers over two entries: 30 000 000 and 20 000 000 đồng."""
    judged = judged_call(site)
    add_entry(judged, 90)
    add_entry(judged, 80)
    policy = make_policy(judged.call)
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    awards.allocation_approve(run=run, actor=judged.second_staff)
    run = awards.results_publish(run=run, actor=judged.second_staff)
    award = run.awards.get(submission=judged.entries[0])
    return Winners(
        judged=judged,
        run=run,
        award=award,
        organisation=award.submission.organisation,
        owner=judged.members[0],
        policy=policy,
    )


def account_updated_event(event_id: str, account_id: str, **fields) -> dict:
    return {
        "id": event_id,
        "object": "event",
        "created": 1_760_000_000,
        "livemode": False,
        "type": "account.updated",
        "account": account_id,
        "data": {
            "object": {
                "id": account_id,
                "object": "account",
                "details_submitted": False,
                "payouts_enabled": False,
                "charges_enabled": False,
                **fields,
            }
        },
    }


def post_event(client, payload):
    body, header = signed_event(payload)
    return client.post(
        "/stripe/webhook/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )


def onboard(client, winners):
    client.force_login(winners.owner)
    return client.post(en("judging:payee_onboard", organisation_id=winners.organisation.pk))


# --- onboarding -------------------------------------------------------------------------------


def test_onboarding_creates_one_express_account_and_redirects_to_the_account_link(
    client, settings, stripe_standin, winners
):
    first = onboard(client, winners)
    second = onboard(client, winners)

    [create] = stripe_standin.requests_to("POST", "/v1/accounts")
    org = winners.organisation.pk
    assert create.headers["idempotency-key"] == f"qnoi-org-{org}-account-v1"
    assert create.form == {
        "type": "express",
        "country": "VN",
        "business_type": "company",
        "capabilities[transfers][requested]": "true",
        "metadata[organisation_id]": str(org),
        "tos_acceptance[service_agreement]": "recipient",
    }
    [account_id] = stripe_standin.accounts
    account = PayeeAccount.objects.get(organisation=winners.organisation)
    assert (account.stripe_account_id, account.ready) == (account_id, False)
    links = stripe_standin.account_links
    assert [first.status_code, second.status_code] == [302, 302]
    assert [first["Location"], second["Location"]] == [link["url"] for link in links]
    assert links[0]["account"] == account_id
    assert links[0]["refresh_url"] == f"{settings.SITE_URL}/en/payouts/{org}/stripe/refresh/"
    assert links[0]["return_url"] == f"{settings.SITE_URL}/en/payouts/{org}/stripe/return/"
    assert AuditEvent.objects.filter(action="payee.account_create").count() == 1


def test_onboarding_whose_response_is_lost_still_creates_one_account(
    client, stripe_standin, winners
):
    stripe_standin.fail_next(standin_module.DROP_AFTER_COMMIT, path="/v1/accounts")

    response = onboard(client, winners)

    creates = stripe_standin.requests_to("POST", "/v1/accounts")
    assert [(r.status, r.replayed) for r in creates] == [(None, False), (200, True)]
    assert len(stripe_standin.accounts) == 1
    assert response["Location"] == stripe_standin.account_links[0]["url"]
    account = PayeeAccount.objects.get(organisation=winners.organisation)
    assert account.stripe_account_id == next(iter(stripe_standin.accounts))


def test_onboarding_when_stripe_is_down_changes_nothing_and_says_so(
    client, stripe_standin, winners
):
    stripe_standin.fail_next(standin_module.SERVER_ERROR, times=3)

    response = onboard(client, winners)

    assert response["Location"] == en("judging:payee", organisation_id=winners.organisation.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Stripe could not be reached" in page
    assert not PayeeAccount.objects.exclude(stripe_account_id="").exists()


def test_expired_link_refresh_gives_a_new_link_for_the_same_account(
    client, stripe_standin, winners
):
    onboard(client, winners)

    response = client.get(en("judging:payee_refresh", organisation_id=winners.organisation.pk))

    assert len(stripe_standin.accounts) == 1
    assert len(stripe_standin.account_links) == 2
    assert response["Location"] == stripe_standin.account_links[1]["url"]


@pytest.fixture
def people(winners):
    organisation = winners.organisation
    editor = UserFactory(email="editor@winner.example")
    MembershipFactory(organisation=organisation, user=editor, role=MemberRole.EDITOR)
    staff = winners.judged.staff
    return {
        "anonymous": None,
        "owner": winners.owner,
        "editor": editor,
        "other_owner": winners.judged.members[1],
        "stranger": UserFactory(email="stranger@elsewhere.example"),
        "staff": staff,
    }


PAGE = {"owner": 200, "editor": 200, "other_owner": 404, "stranger": 404, "staff": 404}
ONBOARD = {"owner": 302, "editor": 404, "other_owner": 404, "stranger": 404, "staff": 404}


@pytest.mark.parametrize("role", ["anonymous", *PAGE])
def test_payee_page_and_onboarding_matrix(client, stripe_standin, winners, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    org = winners.organisation.pk

    page = client.get(en("judging:payee", organisation_id=org))
    start = client.post(en("judging:payee_onboard", organisation_id=org))
    refresh = client.get(en("judging:payee_refresh", organisation_id=org))

    if role == "anonymous":
        assert [page.status_code, start.status_code, refresh.status_code] == [302, 302, 302]
        assert "/accounts/login/" in page["Location"]
        assert stripe_standin.requests == []
        return
    assert page.status_code == PAGE[role]
    assert start.status_code == ONBOARD[role]
    assert refresh.status_code == ONBOARD[role]
    assert len(stripe_standin.accounts) == (1 if ONBOARD[role] == 302 else 0)


def test_organisation_without_a_published_award_has_no_payee_page(client, stripe_standin, site):
    judged = judged_call(site, "P07")
    add_entry(judged, 40)  # below every tier's minimum
    policy = make_policy(judged.call)
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    awards.allocation_approve(run=run, actor=judged.second_staff)
    awards.results_publish(run=run, actor=judged.second_staff)
    client.force_login(judged.members[0])
    org = judged.entries[0].organisation_id

    assert client.get(en("judging:payee", organisation_id=org)).status_code == 404
    assert client.post(en("judging:payee_onboard", organisation_id=org)).status_code == 404
    assert stripe_standin.requests == []


def test_owner_sees_not_started_then_pending_then_ready(client, stripe_standin, winners):
    client.force_login(winners.owner)
    url = en("judging:payee", organisation_id=winners.organisation.pk)
    assert "Not started" in client.get(url).content.decode()

    onboard(client, winners)
    page = client.get(url).content.decode()
    assert "Setup not finished" in page
    assert "Continue the Stripe setup" in page

    stripe_standin.complete_onboarding(next(iter(stripe_standin.accounts)))
    returned = client.get(en("judging:payee_return", organisation_id=winners.organisation.pk))
    page = client.get(returned["Location"]).content.decode()
    assert "Your Stripe account is ready to receive the award." in page
    assert "Ready" in page
    assert "Set up payouts with Stripe" not in page
    assert "Continue the Stripe setup" not in page


def test_payee_page_lists_awards_with_a_constant_number_of_queries(
    client, stripe_standin, winners, django_assert_max_num_queries
):
    client.force_login(winners.owner)
    url = en("judging:payee", organisation_id=winners.organisation.pk)
    client.get(url)
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert "30000000" in page
    assert "Not paid yet" in page


# --- account.updated ---------------------------------------------------------------------------


def test_account_updated_rereads_the_account_and_marks_it_ready(client, stripe_standin, winners):
    onboard(client, winners)
    account_id = next(iter(stripe_standin.accounts))
    stripe_standin.complete_onboarding(account_id)

    # The event's own copy is stale (sent before the owner finished); the re-read wins.
    assert post_event(client, account_updated_event("evt_a1", account_id)).status_code == 200

    account = PayeeAccount.objects.get(stripe_account_id=account_id)
    assert (account.ready, account.payouts_enabled, account.details_submitted) == (
        True,
        True,
        True,
    )
    assert stripe_standin.requests_to("GET", f"/v1/accounts/{account_id}")
    assert AuditEvent.objects.filter(action="payee.account_ready").count() == 1


def test_account_updated_out_of_order_and_duplicate_events_keep_stripes_current_state(
    client, stripe_standin, winners
):
    onboard(client, winners)
    account_id = next(iter(stripe_standin.accounts))
    stripe_standin.complete_onboarding(account_id)
    newer = account_updated_event("evt_new", account_id, payouts_enabled=True)
    older = account_updated_event("evt_old", account_id, payouts_enabled=False)

    post_event(client, newer)
    post_event(client, older)
    reads_before = len(stripe_standin.requests_to("GET", f"/v1/accounts/{account_id}"))
    assert post_event(client, older).status_code == 200

    assert PayeeAccount.objects.get(stripe_account_id=account_id).ready is True
    assert len(stripe_standin.requests_to("GET", f"/v1/accounts/{account_id}")) == reads_before
    assert StripeEvent.objects.filter(type="account.updated").count() == 2


def test_account_that_loses_payouts_is_no_longer_ready(client, stripe_standin, winners):
    onboard(client, winners)
    account_id = next(iter(stripe_standin.accounts))
    stripe_standin.complete_onboarding(account_id)
    post_event(client, account_updated_event("evt_1", account_id))
    stripe_standin.set_account(account_id, payouts_enabled=False)

    post_event(client, account_updated_event("evt_2", account_id))

    assert PayeeAccount.objects.get(stripe_account_id=account_id).ready is False


def test_account_updated_when_stripe_cannot_be_read_is_redelivered_and_applied(
    client, stripe_standin, winners
):
    onboard(client, winners)
    account_id = next(iter(stripe_standin.accounts))
    stripe_standin.complete_onboarding(account_id)
    stripe_standin.fail_next(standin_module.SERVER_ERROR, times=3)
    event = account_updated_event("evt_retry", account_id)

    assert post_event(client, event).status_code == 503
    assert not StripeEvent.objects.filter(event_id="evt_retry").exists()
    assert PayeeAccount.objects.get(stripe_account_id=account_id).ready is False

    assert post_event(client, event).status_code == 200
    assert PayeeAccount.objects.get(stripe_account_id=account_id).ready is True


def test_account_updated_for_an_unknown_account_is_stored_and_ignored(client, stripe_standin):
    assert post_event(client, account_updated_event("evt_x", "acct_unknown")).status_code == 200
    assert StripeEvent.objects.filter(event_id="evt_x").exists()
    assert stripe_standin.requests == []


# --- the Finance group ------------------------------------------------------------------------


def test_finance_group_exists_after_migrations_with_payout_permissions():
    group = Group.objects.get(name="Finance")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert {
        ("wagtailadmin", "access_admin"),
        ("judging", "view_payout"),
        ("judging", "change_payout"),
        ("judging", "view_award"),
        ("judging", "view_budgetledger"),
    } <= codenames


@pytest.mark.parametrize(("who", "status"), [("staff", 404), ("finance", 302), ("superuser", 302)])
def test_only_finance_or_superusers_record_a_bank_transfer(client, winners, who, status):
    user = {
        "staff": winners.judged.staff,
        "finance": UserFactory(email="ketoan@province.example", is_staff=True),
        "superuser": UserFactory(email="admin@province.example", is_staff=True, is_superuser=True),
    }[who]
    if who == "finance":
        user.groups.add(Group.objects.get(name="Finance"))
    if who != "staff":
        give_totp(user)
    client.force_login(user)

    response = client.post(
        en("judging:award_run", pk=winners.run.pk),
        {"step": "bank", "award": winners.award.pk, "reference": "VCB-2026-0042"},
    )

    assert response.status_code == status
    payout = Payout.objects.filter(award=winners.award).first()
    if status == 404:
        assert payout is None
    else:
        assert (payout.method, payout.status, payout.reference) == ("bank", "paid", "VCB-2026-0042")


# --- results stay published when the call page is edited ---------------------------------------


def test_editing_and_publishing_the_call_page_keeps_its_results_published(client, winners):
    call = winners.judged.call
    call.refresh_from_db()
    assert call.results_published_at == winners.run.published_at
    # An editor's draft from before the results were published…
    type(call).objects.filter(pk=call.pk).update(results_published_at=None)
    call.refresh_from_db()
    call.save_revision()
    type(call).objects.filter(pk=call.pk).update(results_published_at=winners.run.published_at)

    # …is opened in Wagtail, edited and published.
    call.refresh_from_db()
    edited = call.get_latest_revision_as_object()
    assert edited.results_published_at == winners.run.published_at
    edited.summary = "Tóm tắt đã sửa sau khi công bố kết quả."
    edited.save_revision().publish()

    call.refresh_from_db()
    assert call.summary == "Tóm tắt đã sửa sau khi công bố kết quả."
    assert call.results_published_at == winners.run.published_at
    page = client.get(call.url).content.decode()
    assert reverse("judging:results", kwargs={"page_id": call.pk}) in page


def test_a_stale_copy_of_the_call_page_saved_after_publication_keeps_results_published(winners):
    call = winners.judged.call
    type(call).objects.filter(pk=call.pk).update(results_published_at=None)
    stale = type(call).objects.get(pk=call.pk)
    type(call).objects.filter(pk=call.pk).update(results_published_at=winners.run.published_at)
    stale.title = "Bài toán đã sửa"

    stale.save()

    call.refresh_from_db()
    assert call.title == "Bài toán đã sửa"
    assert call.results_published_at == winners.run.published_at


# --- payee accounts in the admin: where the money goes is Finance's to change ------------------


@pytest.mark.parametrize(("who", "can_edit"), [("staff", False), ("finance", True)])
def test_only_finance_may_change_a_payee_account_in_the_admin(client, winners, who, can_edit):
    account = PayeeAccount.objects.create(
        organisation=winners.award.submission.organisation, stripe_account_id="acct_1QnReal"
    )
    user = UserFactory(email=f"{who}@province.example", is_staff=True)
    user.groups.add(Group.objects.get(name="Finance" if who == "finance" else "Editors"))
    give_totp(user)
    client.force_login(user)

    listing = client.get("/admin/judging/payee-accounts/")
    assert listing.status_code == 200
    assert "acct_1QnReal" in listing.content.decode()

    edit_url = f"/admin/judging/payee-accounts/edit/{account.pk}/"
    response = client.post(
        edit_url,
        {
            "organisation": account.organisation_id,
            "stripe_account_id": "acct_1Attacker",
            "ready": "on",
        },
    )
    account.refresh_from_db()
    if can_edit:
        assert response.status_code == 302
        assert (account.stripe_account_id, account.ready) == ("acct_1Attacker", True)
    else:
        assert response.status_code in (302, 403)
        assert (account.stripe_account_id, account.ready) == ("acct_1QnReal", False)
