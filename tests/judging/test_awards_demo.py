"""The demo seed gives award policies and a published, approved run on the judged call."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from judging.models import AllocationRun, Award, AwardPolicy, BudgetLedger

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return (AwardPolicy.objects.count(), AllocationRun.objects.count(), Award.objects.count())


def test_demo_seed_publishes_an_approved_run_and_is_idempotent(client):
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    run = AllocationRun.objects.get()
    assert run.status == "final"
    assert run.approved_by_id is not None and run.approved_by_id != run.started_by_id
    assert run.published_at is not None
    ledger = BudgetLedger.objects.get(policy=run.policy)
    assert ledger.committed == run.spent == sum(a.amount for a in Award.objects.all())
    categories = AwardPolicy.objects.exclude(category_key="").count()
    assert categories >= 4
    assert AwardPolicy.objects.filter(mode="funding", call__isnull=True).count() == 1
    response = client.get(f"/en/results/{run.policy.call_id}/")
    assert response.status_code == 200
    assert "Funded solutions" in response.content.decode()
