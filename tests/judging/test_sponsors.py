"""Sponsor prizes: a company funds a prize through Stripe Checkout; it counts only after the
verified ``checkout.session.completed`` webhook, and then appears on the results page.

Stripe is the local stand-in (tests/stripe_standin.py) driven by the real SDK; webhooks are signed
the way Stripe documents and go through the real endpoint.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from cms.models import AuditEvent
from judging import awards
from judging.models import SponsorContribution, StripeEvent
from judging.sponsors import idempotency_key_for
from tests import stripe_standin as standin_module
from tests.factories import UserFactory
from tests.judging.award_support import add_entry, judged_call, make_policy
from tests.judging.factories import MembershipFactory, OrganisationFactory
from tests.stripe_standin import signed_event, stripe_standin_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

CHECKOUT = "/v1/checkout/sessions"


def en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def judged(site):
    judged = judged_call(site)
    for score in (90, 80):
        add_entry(judged, score)
    return judged


@pytest.fixture
def policy(judged):
    return make_policy(judged.call)


@pytest.fixture
def sponsor(judged):
    """A company (not an entrant) with an owner, an editor and a viewer."""
    organisation = OrganisationFactory(name="Công ty Than Hạ Long")
    users = {}
    for role in ("owner", "editor", "viewer"):
        users[role] = UserFactory(email=f"{role}@than-halong.example")
        MembershipFactory(organisation=organisation, user=users[role], role=role)
    return organisation, users


def form(policy, **overrides) -> dict:
    return {
        "policy": policy.pk,
        "prize_title": "Giải Môi trường xanh",
        "amount": "5.000.000",
        "sponsor_name": "Than Hạ Long",
        "message": "Vì một Quảng Ninh xanh",
        **overrides,
    }


def start(client, organisation, user, policy, **overrides):
    client.force_login(user)
    return client.post(
        en("judging:sponsor_new", organisation_id=organisation.pk), form(policy, **overrides)
    )


def checkout_event(session: dict, event_type="checkout.session.completed", event_id="evt_cs1"):
    return {
        "id": event_id,
        "object": "event",
        "created": 1_760_000_000,
        "livemode": False,
        "type": event_type,
        "data": {"object": session},
    }


def post_event(client, payload, secret=standin_module.WEBHOOK_SECRET):
    body, header = signed_event(payload, secret=secret)
    return client.post(
        "/stripe/webhook/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )


def publish(judged, policy):
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    awards.allocation_approve(run=run, actor=judged.second_staff)
    return awards.results_publish(run=run, actor=judged.second_staff)


@pytest.fixture
def started(client, stripe_standin, sponsor, policy):
    """A contribution sent to Stripe Checkout by the organisation's owner, not yet paid."""
    organisation, users = sponsor
    response = start(client, organisation, users["owner"], policy)
    contribution = SponsorContribution.objects.get()
    return contribution, response


# --- who may sponsor ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("outsider", 404), ("viewer", 404), ("editor", 200), ("owner", 200)],
)
def test_sponsor_page_matrix(client, sponsor, policy, role, status):
    organisation, users = sponsor
    if role == "outsider":
        client.force_login(UserFactory(email="outsider@other.example"))
    elif role != "anonymous":
        client.force_login(users[role])
    url = en("judging:sponsor_new", organisation_id=organisation.pk)
    assert client.get(url).status_code == status
    assert client.post(url, form(policy)).status_code == status
    if status != 200:
        assert SponsorContribution.objects.count() == 0


def test_a_member_of_another_organisation_cannot_sponsor_for_this_one(client, sponsor, policy):
    organisation, _users = sponsor
    other = MembershipFactory(user=UserFactory(email="owner@other.example")).user
    assert start(client, organisation, other, policy).status_code == 404
    assert SponsorContribution.objects.count() == 0


# --- the form -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("500.000", "A sponsor prize is at least 1,000,000 VND."),
        ("5.050.000", "Give a multiple of 100,000 VND, the prize&#x27;s rounding unit."),
        ("năm triệu", "Enter a whole number."),
        ("", "This field is required."),
    ],
)
def test_bad_amount_is_refused_with_a_clear_error_and_nothing_is_stored(
    client, stripe_standin, sponsor, policy, amount, message
):
    organisation, users = sponsor
    response = start(client, organisation, users["editor"], policy, amount=amount)
    assert response.status_code == 200
    assert message.replace("1,000,000", "1.000.000").replace("100,000", "100.000") in (
        response.content.decode()
    )
    assert SponsorContribution.objects.count() == 0
    assert stripe_standin.requests == []


def test_a_policy_with_published_results_does_not_take_sponsors(
    client, stripe_standin, judged, sponsor, policy
):
    organisation, users = sponsor
    publish(judged, policy)
    response = start(client, organisation, users["owner"], policy)
    assert response.status_code == 200
    assert "No prize fund accepts sponsors at the moment." in response.content.decode()
    assert SponsorContribution.objects.count() == 0


def test_title_and_names_are_cleaned_text(client, stripe_standin, sponsor, policy):
    organisation, users = sponsor
    start(
        client,
        organisation,
        users["owner"],
        policy,
        prize_title="  Giải\u202e xanh\x07 ",
        sponsor_name="<b>Than</b>\u202d",
    )
    contribution = SponsorContribution.objects.get()
    assert contribution.prize_title == "Giải xanh"
    assert contribution.sponsor_name == "<b>Than</b>"


# --- Checkout -----------------------------------------------------------------------------------


def test_checkout_is_created_with_vnd_amount_return_urls_and_the_contribution_key(
    started, stripe_standin, policy, sponsor
):
    contribution, response = started
    organisation, users = sponsor
    [request] = stripe_standin.requests_to("POST", CHECKOUT)
    assert request.status == 200
    assert request.headers["idempotency-key"] == f"qnoi-sponsor-{contribution.pk}-checkout-v1"
    assert request.headers["idempotency-key"] == idempotency_key_for(contribution.pk)
    form_sent = dict(request.form)
    success = form_sent.pop("success_url")
    cancel = form_sent.pop("cancel_url")
    assert form_sent == {
        "mode": "payment",
        "line_items[0][quantity]": "1",
        "line_items[0][price_data][currency]": "vnd",
        "line_items[0][price_data][unit_amount]": "5000000",
        "line_items[0][price_data][product_data][name]": "Giải Môi trường xanh",
        "line_items[0][price_data][product_data][description]": policy.name,
        "client_reference_id": f"sponsor-{contribution.pk}",
        "locale": "en",
        "metadata[contribution_id]": str(contribution.pk),
        "metadata[policy_id]": str(policy.pk),
        "metadata[organisation_id]": str(organisation.pk),
        "payment_intent_data[description]": f"Giải Môi trường xanh · {policy.name}",
        "payment_intent_data[metadata][contribution_id]": str(contribution.pk),
    }
    assert success == "http://testserver/en/sponsors/thanks/?session_id={CHECKOUT_SESSION_ID}"
    assert cancel == f"http://testserver/en/sponsors/{organisation.pk}/?cancelled=1"
    session = stripe_standin.checkout_sessions[contribution.checkout_session_id]
    assert response.status_code == 302
    assert response["Location"] == session["url"]
    assert (contribution.status, contribution.amount, contribution.started_by) == (
        "pending",
        5_000_000,
        users["owner"],
    )
    assert AuditEvent.objects.filter(action="sponsor.start", target_id=str(contribution.pk)).count()


def test_the_form_page_allows_posting_to_stripe_checkout(client, sponsor, policy):
    organisation, users = sponsor
    client.force_login(users["owner"])
    response = client.get(en("judging:sponsor_new", organisation_id=organisation.pk))
    assert "form-action 'self' https://checkout.stripe.com" in response["Content-Security-Policy"]


def test_contribution_is_pending_and_not_shown_until_the_webhook(
    client, started, stripe_standin, judged, policy
):
    contribution, _response = started
    stripe_standin.pay_checkout_session(contribution.checkout_session_id)
    # The sponsor is back from Stripe before the webhook: thanked, but nothing counts yet.
    thanks = client.get(
        en("judging:sponsor_thanks") + f"?session_id={contribution.checkout_session_id}"
    ).content.decode()
    assert "We will confirm your sponsor prize as soon as Stripe confirms the payment." in thanks
    assert "VND\u00a05,000,000" in thanks
    contribution.refresh_from_db()
    assert contribution.status == "pending"
    publish(judged, policy)
    page = client.get(en("judging:results", page_id=judged.call.pk)).content.decode()
    assert "Giải Môi trường xanh" not in page
    assert "Sponsor prizes" not in page


def test_thanks_page_is_404_for_someone_else(client, started):
    contribution, _response = started
    client.force_login(UserFactory(email="nosy@other.example"))
    url = en("judging:sponsor_thanks") + f"?session_id={contribution.checkout_session_id}"
    assert client.get(url).status_code == 404
    assert client.get(en("judging:sponsor_thanks") + "?session_id=cs_unknown").status_code == 404


def test_stripe_failure_stores_a_failed_contribution_and_says_so(
    client, stripe_standin, sponsor, policy
):
    organisation, users = sponsor
    stripe_standin.fail_next(standin_module.SERVER_ERROR, times=3, path=CHECKOUT)
    response = start(client, organisation, users["owner"], policy)
    assert response.status_code == 200
    assert "Stripe could not start the payment. Nothing was charged" in response.content.decode()
    contribution = SponsorContribution.objects.get()
    assert (contribution.status, contribution.checkout_session_id) == ("failed", None)
    keys = {r.headers["idempotency-key"] for r in stripe_standin.requests_to("POST", CHECKOUT)}
    assert keys == {idempotency_key_for(contribution.pk)}


def test_a_timeout_after_stripe_stored_the_session_gives_the_same_session(
    client, stripe_standin, sponsor, policy
):
    organisation, users = sponsor
    stripe_standin.fail_next(standin_module.DROP_AFTER_COMMIT, path=CHECKOUT)
    response = start(client, organisation, users["owner"], policy)
    contribution = SponsorContribution.objects.get()
    assert response.status_code == 302
    assert len(stripe_standin.checkout_sessions) == 1
    assert [r.replayed for r in stripe_standin.requests_to("POST", CHECKOUT)] == [False, True]
    assert contribution.checkout_session_id in stripe_standin.checkout_sessions


# --- the webhook --------------------------------------------------------------------------------


def test_forged_webhook_is_refused_and_changes_nothing(client, started, stripe_standin):
    contribution, _response = started
    session = stripe_standin.pay_checkout_session(contribution.checkout_session_id)
    assert post_event(client, checkout_event(session), secret="whsec_wrong").status_code == 400
    body, header = signed_event(checkout_event(session))
    tampered = body.replace(b"evt_cs1", b"evt_cs2")
    response = client.post(
        "/stripe/webhook/", tampered, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
    assert response.status_code == 400
    contribution.refresh_from_db()
    assert contribution.status == "pending"
    assert StripeEvent.objects.count() == 0


def test_completed_webhook_counts_once(client, started, stripe_standin):
    contribution, _response = started
    session = stripe_standin.pay_checkout_session(contribution.checkout_session_id)
    event = checkout_event(session)
    assert post_event(client, event).status_code == 200
    assert post_event(client, event).status_code == 200  # the same delivery again
    late = checkout_event(session, "checkout.session.async_payment_succeeded", "evt_cs_late")
    assert post_event(client, late).status_code == 200
    contribution.refresh_from_db()
    assert contribution.status == "completed"
    assert contribution.completed_at is not None
    assert contribution.payment_intent_id == session["payment_intent"]
    assert StripeEvent.objects.count() == 2
    completions = AuditEvent.objects.filter(action="sponsor.complete")
    assert list(completions.values_list("target_id", flat=True)) == [str(contribution.pk)]


def test_event_claiming_paid_is_checked_against_stripe(client, started, stripe_standin):
    contribution, _response = started
    session = dict(stripe_standin.checkout_sessions[contribution.checkout_session_id])
    session.update(status="complete", payment_status="paid")  # Stripe itself still says unpaid
    assert post_event(client, checkout_event(session)).status_code == 200
    contribution.refresh_from_db()
    assert contribution.status == "pending"
    assert stripe_standin.requests_to("GET", f"{CHECKOUT}/{contribution.checkout_session_id}")


def test_amount_mismatch_is_not_counted_and_is_audited(client, started, stripe_standin):
    contribution, _response = started
    session = stripe_standin.pay_checkout_session(
        contribution.checkout_session_id, amount_total=500_000
    )
    assert post_event(client, checkout_event(session)).status_code == 200
    contribution.refresh_from_db()
    assert contribution.status == "pending"
    mismatch = AuditEvent.objects.get(action="sponsor.mismatch")
    assert mismatch.target_id == str(contribution.pk)
    assert mismatch.after["amount_total"] == 500_000


def test_currency_mismatch_is_not_counted(client, started, stripe_standin):
    contribution, _response = started
    session = stripe_standin.pay_checkout_session(contribution.checkout_session_id, currency="usd")
    assert post_event(client, checkout_event(session)).status_code == 200
    contribution.refresh_from_db()
    assert contribution.status == "pending"


def test_expired_checkout_is_marked_and_never_shown(
    client, started, stripe_standin, judged, policy
):
    contribution, _response = started
    session = stripe_standin.expire_checkout_session(contribution.checkout_session_id)
    event = checkout_event(session, "checkout.session.expired", "evt_cs_expired")
    assert post_event(client, event).status_code == 200
    contribution.refresh_from_db()
    assert contribution.status == "expired"
    publish(judged, policy)
    page = client.get(en("judging:results", page_id=judged.call.pk)).content.decode()
    assert "Giải Môi trường xanh" not in page


def test_a_late_expired_event_does_not_undo_a_payment(client, started, stripe_standin):
    contribution, _response = started
    paid = stripe_standin.pay_checkout_session(contribution.checkout_session_id)
    assert post_event(client, checkout_event(paid)).status_code == 200
    stale = {**paid, "status": "expired", "payment_status": "unpaid"}
    event = checkout_event(stale, "checkout.session.expired", "evt_old")
    assert post_event(client, event).status_code == 200
    contribution.refresh_from_db()
    assert contribution.status == "completed"


def test_stripe_unreachable_while_reading_the_session_lets_stripe_redeliver(
    client, started, stripe_standin
):
    contribution, _response = started
    session = stripe_standin.pay_checkout_session(contribution.checkout_session_id)
    path = f"{CHECKOUT}/{contribution.checkout_session_id}"
    stripe_standin.fail_next(standin_module.SERVER_ERROR, times=3, path=path)
    assert post_event(client, checkout_event(session)).status_code == 503
    assert StripeEvent.objects.count() == 0
    assert post_event(client, checkout_event(session)).status_code == 200
    contribution.refresh_from_db()
    assert contribution.status == "completed"


# --- the results page ---------------------------------------------------------------------------


def completed(organisation, policy, title, amount, **fields):
    return SponsorContribution.objects.create(
        organisation=organisation,
        policy=policy,
        prize_title=title,
        amount=amount,
        status="completed",
        completed_at=timezone.now(),
        checkout_session_id=f"cs_test_{title}",
        **fields,
    )


def test_results_page_shows_completed_sponsor_prizes_only(client, judged, sponsor, policy):
    organisation, _users = sponsor
    completed(organisation, policy, "GiaiXanh", 5_000_000, sponsor_name="Than Hạ Long")
    completed(organisation, policy, "GiaiSach", 3_000_000)
    for status in ("pending", "expired", "failed"):
        SponsorContribution.objects.create(
            organisation=organisation,
            policy=policy,
            prize_title=f"Giai{status}",
            amount=9_000_000,
            status=status,
        )
    publish(judged, policy)
    page = client.get(en("judging:results", page_id=judged.call.pk)).content.decode()
    assert "Sponsor prizes" in page
    assert "GiaiXanh" in page
    assert "Than Hạ Long" in page
    assert '<td class="num">5,000,000</td>' in page
    assert "GiaiSach" in page
    assert "Công ty Than Hạ Long" in page  # no public name given: the organisation's
    assert "Sponsored by companies: VND\u00a08,000,000," in page
    for status in ("pending", "expired", "failed"):
        assert f"Giai{status}" not in page
    # A separate fund: the regulated budget and its ledger are untouched.
    assert "Budget VND\u00a0100,000,000" in page
    ledger = awards.ledger_for(policy)
    assert ledger.budget == 100_000_000
    assert ledger.committed + ledger.paid <= ledger.budget


def test_paid_through_the_whole_flow_then_shown_on_results(client, started, stripe_standin, judged):
    contribution, _response = started
    session = stripe_standin.pay_checkout_session(contribution.checkout_session_id)
    post_event(client, checkout_event(session))
    publish(judged, contribution.policy)
    page = client.get(en("judging:results", page_id=judged.call.pk)).content.decode()
    assert "Giải Môi trường xanh" in page
    assert "Vì một Quảng Ninh xanh" in page


def test_results_page_query_count_does_not_grow_with_sponsor_prizes(
    client, site, judged, sponsor, policy
):
    organisation, _users = sponsor
    publish(judged, policy)
    url = en("judging:results", page_id=judged.call.pk)
    counts = []
    for titles in (["A1"], ["B1", "B2", "B3", "B4"]):
        for title in titles:
            completed(organisation, policy, title, 2_000_000)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_call_page_lists_completed_sponsor_prizes_and_invites_sponsors(
    client, judged, sponsor, policy
):
    organisation, _users = sponsor
    completed(organisation, policy, "GiaiXanh", 5_000_000)
    SponsorContribution.objects.create(
        organisation=organisation, policy=policy, prize_title="GiaiCho", amount=2_000_000
    )
    page = client.get(judged.call.url).content.decode()
    assert "GiaiXanh" in page
    assert '<td class="num">5.000.000</td>' in page
    assert "GiaiCho" not in page
    assert reverse("judging:sponsor_home") in page


# --- staff --------------------------------------------------------------------------------------


def test_staff_see_contributions_read_only_in_the_admin(client, judged, sponsor, policy):
    organisation, _users = sponsor
    contribution = completed(organisation, policy, "GiaiXanh", 5_000_000)
    staff = judged.staff
    staff.is_superuser = True
    staff.save()
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(staff)
    listing = client.get("/admin/judging/sponsor-prizes/")
    assert listing.status_code == 200
    assert "GiaiXanh" in listing.content.decode()
    inspect = client.get(f"/admin/judging/sponsor-prizes/inspect/{contribution.pk}/")
    assert inspect.status_code == 200
    assert "cs_test_GiaiXanh" in inspect.content.decode()
    assert client.get("/admin/judging/sponsor-prizes/new/").status_code != 200
    edit = client.post(
        f"/admin/judging/sponsor-prizes/edit/{contribution.pk}/", {"prize_title": "Changed"}
    )
    assert edit.status_code != 200
    contribution.refresh_from_db()
    assert contribution.prize_title == "GiaiXanh"


def test_sponsor_home_lists_only_organisations_the_user_may_sponsor_for(client, sponsor, policy):
    organisation, users = sponsor
    client.force_login(users["viewer"])
    page = client.get(en("judging:sponsor_home")).content.decode()
    assert en("judging:sponsor_new", organisation_id=organisation.pk) not in page
    client.force_login(users["editor"])
    page = client.get(en("judging:sponsor_home")).content.decode()
    assert en("judging:sponsor_new", organisation_id=organisation.pk) in page


def test_cancelled_checkout_says_nothing_was_charged(client, sponsor, policy):
    organisation, users = sponsor
    client.force_login(users["owner"])
    url = en("judging:sponsor_new", organisation_id=organisation.pk) + "?cancelled=1"
    assert "Nothing was charged." in client.get(url).content.decode()
