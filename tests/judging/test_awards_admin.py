"""Award policies edited in the Wagtail admin: validation through parse_policy, warnings."""

from __future__ import annotations

import pytest
from wagtail.users.models import UserProfile

from judging.models import AwardPolicy, BudgetLedger
from tests.judging.award_support import judged_call

pytestmark = pytest.mark.django_db

URL = "/admin/judging/award-policies/new/"


@pytest.fixture
def setup(client, site):
    judged = judged_call(site, "P30")
    judged.staff.is_superuser = True
    judged.staff.save()
    profile = UserProfile.get_for_user(judged.staff)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(judged.staff)
    return judged


def form_data(call, tiers, **overrides):
    data = {
        "name": "Giải thưởng P30",
        "call": call.pk,
        "category_key": "",
        "budget": "100000000",
        "rounding_unit": "100000",
        "mode": "tiered",
        "aggregation": "mean",
        "trim": "1",
        "min_judge_sample": "5",
        "min_reviews": "3",
        "overall_min": "50",
        "no_fit": "skip_continue",
        "unfilled_tier": "leave_unspent",
        "tie_keys": "feasibility",
        "tie_fallback": "committee",
        "appeal_days": "14",
        "tiers-TOTAL_FORMS": str(len(tiers)),
        "tiers-INITIAL_FORMS": "0",
        "tiers-MIN_NUM_FORMS": "0",
        "tiers-MAX_NUM_FORMS": "1000",
    }
    for index, (key, count, amount, minimum) in enumerate(tiers):
        data.update(
            {
                f"tiers-{index}-key": key,
                f"tiers-{index}-name_vi": key,
                f"tiers-{index}-name_en": key,
                f"tiers-{index}-count": str(count),
                f"tiers-{index}-amount": str(amount),
                f"tiers-{index}-min_score": minimum,
                f"tiers-{index}-ORDER": str(index + 1),
                f"tiers-{index}-id": "",
                f"tiers-{index}-DELETE": "",
            }
        )
    data.update(overrides)
    return data


def test_admin_creates_a_valid_policy_and_its_ledger(client, setup):
    tiers = [("first", 1, 30_000_000, "85"), ("second", 2, 20_000_000, "75")]
    response = client.post(URL, form_data(setup.call, tiers))
    assert response.status_code == 302
    policy = AwardPolicy.objects.get()
    assert [t.key for t in policy.tiers.all()] == ["first", "second"]
    assert BudgetLedger.objects.get(policy=policy).budget == 100_000_000


def test_admin_refuses_amount_off_the_rounding_unit(client, setup):
    tiers = [("first", 1, 30_050_000, "85")]
    response = client.post(URL, form_data(setup.call, tiers))
    assert response.status_code == 200
    assert "multiple of rounding_unit" in response.content.decode()
    assert not AwardPolicy.objects.exists()


def test_admin_refuses_rising_minimums(client, setup):
    tiers = [("first", 1, 30_000_000, "70"), ("second", 1, 20_000_000, "80")]
    response = client.post(URL, form_data(setup.call, tiers))
    assert response.status_code == 200
    assert "tiers[1].min_score" in response.content.decode()


def test_admin_refuses_both_a_call_and_a_pool(client, setup):
    response = client.post(
        URL, form_data(setup.call, [("first", 1, 30_000_000, "")], pool_calls=[setup.call.pk])
    )
    assert response.status_code == 200
    assert not AwardPolicy.objects.exists()


def test_admin_warns_when_the_tiers_cost_more_than_the_budget(client, setup):
    tiers = [("first", 5, 30_000_000, "")]
    response = client.post(URL, form_data(setup.call, tiers), follow=True)
    assert AwardPolicy.objects.count() == 1
    assert "more than the budget" in response.content.decode()
