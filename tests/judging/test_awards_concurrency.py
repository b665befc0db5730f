"""Two approvals racing on PostgreSQL never overspend: real transactions in two threads."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from judging import awards
from judging.actions import ActionRefused
from judging.models import Award, BudgetLedger
from tests.factories import UserFactory
from tests.judging.award_support import add_entry, judged_call, make_policy


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_exceed_the_budget(site):
    judged = judged_call(site, "P20")
    for score in (90, 80, 78):
        add_entry(judged, score)
    policy = make_policy(
        judged.call, tiers=[("prize", "Giải", "Prize", 3, 30_000_000, None)], budget=90_000_000
    )
    runs = [awards.allocation_start(policy=policy, actor=judged.staff) for _ in range(2)]
    approvers = [judged.second_staff, UserFactory(email="third@province.example", is_staff=True)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(run, approver):
        try:
            barrier.wait(timeout=10)
            awards.allocation_approve(run=run, actor=approver)
            outcomes.append("approved")
        except ActionRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=pair) for pair in zip(runs, approvers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["approved", "refused"]
    ledger = BudgetLedger.objects.get(policy=policy)
    assert ledger.committed == 90_000_000
    assert ledger.committed + ledger.paid <= ledger.budget
    assert Award.objects.filter(run__policy=policy).count() == 3
