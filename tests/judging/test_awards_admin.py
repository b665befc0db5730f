"""Award policies edited in the Wagtail admin: validation through parse_policy, warnings."""

from __future__ import annotations

import pytest
from django.utils import translation
from wagtail.users.models import UserProfile

from judging.models import AwardPolicy, BudgetLedger
from tests.judging.award_support import judged_call

pytestmark = pytest.mark.django_db

URL = "/admin/judging/award-policies/new/"


def staff_in_admin(client, site, language: str):
    """A superuser signed in to the admin, in ``language`` ("" = the site's default, Vietnamese)."""
    judged = judged_call(site, "P30")
    judged.staff.is_superuser = True
    judged.staff.save()
    profile = UserProfile.get_for_user(judged.staff)
    profile.preferred_language = language
    profile.save()
    client.force_login(judged.staff)
    return judged


@pytest.fixture
def setup(client, site):
    return staff_in_admin(client, site, "en")


@pytest.fixture
def setup_vi(client, site):
    return staff_in_admin(client, site, "")


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


def tier_errors(response, index: int) -> dict[str, list[str]]:
    return dict(response.context["form"].formsets["tiers"].forms[index].errors)


def test_admin_refuses_amount_off_the_rounding_unit_on_the_tier_row(client, setup):
    tiers = [("first", 1, 30_050_000, "85")]
    response = client.post(URL, form_data(setup.call, tiers))
    assert response.status_code == 200
    message = "Must be a multiple of the rounding unit (VND\u00a0100,000)."
    assert tier_errors(response, 0) == {"amount": [message]}
    assert response.context["form"].non_field_errors() == []
    page = response.content.decode()
    assert message in page
    assert "tiers[0].amount" not in page
    assert "multiple of rounding_unit" not in page
    assert not AwardPolicy.objects.exists()


def test_admin_refuses_amount_off_the_rounding_unit_in_vietnamese(client, setup_vi):
    tiers = [("first", 1, 30_050_000, "85")]
    response = client.post(URL, form_data(setup_vi.call, tiers))
    assert response.status_code == 200
    with translation.override("vi"):
        message = translation.gettext("Must be a multiple of the rounding unit (%(unit)s).") % {
            "unit": "100.000\u00a0₫"
        }
    assert tier_errors(response, 0) == {"amount": [message]}
    page = response.content.decode()
    assert '<html lang="vi"' in page
    assert message in page
    assert "tiers[0]" not in page
    assert not AwardPolicy.objects.exists()


def test_admin_refuses_rising_minimums_on_the_lower_tier(client, setup):
    tiers = [("first", 1, 30_000_000, "70"), ("second", 1, 20_000_000, "80")]
    response = client.post(URL, form_data(setup.call, tiers))
    assert response.status_code == 200
    assert tier_errors(response, 0) == {}
    assert tier_errors(response, 1) == {
        "min_score": [
            "A tier's minimum score must not be greater than the minimum of the tier above."
        ]
    }
    page = response.content.decode()
    assert "must not be greater than the minimum of the tier above." in page
    assert "tiers[1].min_score" not in page


def test_admin_refuses_rising_minimums_in_vietnamese(client, setup_vi):
    tiers = [("first", 1, 30_000_000, "70"), ("second", 1, 20_000_000, "80")]
    response = client.post(URL, form_data(setup_vi.call, tiers))
    with translation.override("vi"):
        message = translation.gettext(
            "A tier's minimum score must not be greater than the minimum of the tier above."
        )
    assert tier_errors(response, 1) == {"min_score": [message]}
    assert "tiers[1].min_score" not in response.content.decode()


def test_admin_refuses_a_minimum_under_a_tier_without_one(client, setup):
    tiers = [("first", 1, 30_000_000, ""), ("second", 1, 20_000_000, "80")]
    response = client.post(URL, form_data(setup.call, tiers))
    assert tier_errors(response, 1) == {
        "min_score": ["The tier above has no minimum score, so this tier cannot have one either."]
    }
    assert not AwardPolicy.objects.exists()


def test_admin_refuses_rising_amounts_on_the_lower_tier(client, setup):
    tiers = [("first", 1, 10_000_000, ""), ("second", 1, 20_000_000, "")]
    response = client.post(URL, form_data(setup.call, tiers))
    assert tier_errors(response, 1) == {
        "amount": ["A tier's amount must not be greater than the amount of the tier above."]
    }


def test_admin_puts_policy_problems_on_their_field(client, setup):
    tiers = [("first", 1, 30_000_000, "")]
    response = client.post(URL, form_data(setup.call, tiers, tie_keys="feasibility,speed"))
    form = response.context["form"]
    assert form.errors == {"tie_keys": ["“speed” is not a criterion of the rubric."]}
    response = client.post(URL, form_data(setup.call, tiers, overall_min="-5"))
    assert response.context["form"].errors == {"overall_min": ["Must not be negative."]}
    assert not AwardPolicy.objects.exists()


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
