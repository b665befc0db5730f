"""The demo seed gives award policies and two published, approved runs: a problem's funding run
(P08) and the tiered prizes of one category of the Technical Innovation Contest."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from judging.models import AllocationRun, Award, AwardPolicy, BudgetLedger

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        AwardPolicy.objects.count(),
        AllocationRun.objects.count(),
        Award.objects.count(),
        AllocationRun.objects.filter(published_at__isnull=False).count(),
    )


def test_demo_seed_publishes_approved_runs_and_is_idempotent(client):
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    runs = list(AllocationRun.objects.select_related("policy").order_by("policy__mode"))
    assert [run.policy.mode for run in runs] == ["funding", "tiered"]
    for run in runs:
        assert run.status == "final"
        assert run.approved_by_id is not None and run.approved_by_id != run.started_by_id
        assert run.published_at is not None
        ledger = BudgetLedger.objects.get(policy=run.policy)
        assert ledger.committed == run.spent == sum(a.amount for a in run.awards.all())
        assert run.spent > 0
    categories = AwardPolicy.objects.exclude(category_key="").count()
    assert categories >= 4
    assert AwardPolicy.objects.filter(mode="funding", call__isnull=True).count() == 1

    funding, tiered = runs
    response = client.get(f"/en/results/{funding.policy.call_id}/")
    assert response.status_code == 200
    assert "Funded solutions" in response.content.decode()

    assert tiered.policy.call.slug == "technical-innovation"
    assert tiered.policy.category_key == "industry-mining"
    assert {a.tier_key for a in tiered.awards.all()} >= {"first", "second", "third"}
    page = client.get(f"/en/results/{tiered.policy.call_id}/").content.decode()
    assert "Prizes and winners" in page
    for tier in ("First prize", "Second prize", "Third prize"):
        assert tier in page
    assert "VND\u00a030,000,000" in page
    contest = client.get(tiered.policy.call.url).content.decode()
    assert f"/results/{tiered.policy.call_id}/" in contest
