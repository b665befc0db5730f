"""Reads for award pages: the staff run table and the public results. Each owns its queries, so
the number of queries does not grow with the number of entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.utils.translation import get_language
from wagtail.models import Page

from judging.awards import AWARDED, policies_for_page
from judging.models import AllocationDecision, AllocationRun, AwardPolicy
from judging.sponsors import completed_for_policies
from submissions.models import GuardianConsent


def given_consents(lookup: str) -> Prefetch:
    """Given guardian consents, as ``Submission.public_name`` reads them without a query."""
    return Prefetch(
        lookup,
        queryset=GuardianConsent.objects.filter(consented_at__isnull=False),
        to_attr="prefetched_consents",
    )


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _tier_name(tier: dict[str, Any]) -> str:
    return (tier.get("name_en") or tier["name"]) if _english() else tier["name"]


def tier_names(policy_json: dict[str, Any]) -> dict[str, str]:
    return {t["key"]: _tier_name(t) for t in policy_json.get("tiers", [])}


# --- staff: the run table -----------------------------------------------------------------------


@dataclass
class RunRow:
    decision: AllocationDecision
    label: str
    tier_name: str


def run_rows(run: AllocationRun) -> list[RunRow]:
    names = tier_names(run.policy_json)
    decisions = AllocationDecision.objects.filter(run=run).select_related("submission")
    return [
        RunRow(decision=d, label=d.entry_id, tier_name=names.get(d.tier_key, ""))
        for d in decisions.order_by("position")
    ]


def policy_runs(policy: AwardPolicy) -> list[AllocationRun]:
    return list(
        AllocationRun.objects.filter(policy=policy)
        .select_related("started_by", "approved_by")
        .order_by("-started_at", "-pk")
    )


# --- public: results ----------------------------------------------------------------------------


@dataclass
class Winner:
    name: str
    title: str
    amount: int


@dataclass
class SponsorPrize:
    """A completed sponsor contribution as the public sees it."""

    sponsor: str
    title: str
    amount: int
    message: str


@dataclass
class TierResult:
    key: str
    name: str
    count: int
    amount: int
    min_score: str | None
    winners: list[Winner] = field(default_factory=list)


@dataclass
class PolicyResult:
    policy: AwardPolicy
    run: AllocationRun
    tiers: list[TierResult]
    funded: list[Winner]
    entries: int
    awarded: int
    awarded_here: int
    unfilled: list[str]
    is_pool: bool
    sponsor_prizes: list[SponsorPrize] = field(default_factory=list)
    """Completed sponsor contributions: a separate fund, not part of the budget above."""

    @property
    def rules(self) -> dict[str, Any]:
        return self.run.policy_json

    @property
    def sponsored_total(self) -> int:
        return sum(prize.amount for prize in self.sponsor_prizes)


def published_runs(policies: list[AwardPolicy]) -> list[AllocationRun]:
    return list(
        AllocationRun.objects.filter(policy__in=policies, published_at__isnull=False)
        .select_related("policy")
        .order_by("policy__category_key", "policy__name", "pk")
    )


def results_for_page(page) -> list[PolicyResult]:
    """What the public results page shows: winners by tier with their public names and amounts,
    totals, and the rules. Never a score, and never a non-winner's name."""
    policies = policies_for_page(page)
    runs = published_runs(policies)
    if not runs:
        return []
    here = Page.objects.filter(translation_key=page.translation_key).values("pk")
    call = page.specific
    winners = (
        AllocationDecision.objects.filter(run__in=runs, reason=AWARDED, submission__call__in=here)
        .select_related("submission__organisation", "submission__participant")
        .prefetch_related(given_consents("submission__participant__consents"))
        .order_by("position")
    )
    by_run: dict[int, list[AllocationDecision]] = {}
    for decision in winners:
        decision.submission.call = call  # public_name() reads the call's opening day
        by_run.setdefault(decision.run_id, []).append(decision)
    sponsored: dict[int, list[SponsorPrize]] = {}
    for contribution in completed_for_policies([run.policy_id for run in runs]):
        sponsored.setdefault(contribution.policy_id, []).append(
            SponsorPrize(
                sponsor=contribution.public_name,
                title=contribution.prize_title,
                amount=contribution.amount,
                message=contribution.message,
            )
        )
    english = _english()
    results = []
    for run in runs:
        data = run.result_json
        decisions = by_run.get(run.pk, [])
        tiers = [
            TierResult(
                key=t["key"],
                name=_tier_name(t),
                count=t["count"],
                amount=t["amount"],
                min_score=t.get("min_score"),
            )
            for t in run.policy_json.get("tiers", [])
        ]
        by_key = {t.key: t for t in tiers}
        funded = []
        for decision in decisions:
            winner = Winner(
                name=decision.submission.public_name(),
                title=decision.submission.title if decision.submission.organisation_id else "",
                amount=decision.amount,
            )
            if decision.tier_key in by_key:
                by_key[decision.tier_key].winners.append(winner)
            else:
                funded.append(winner)
        results.append(
            PolicyResult(
                policy=run.policy,
                run=run,
                tiers=tiers,
                funded=funded,
                entries=len(data["decisions"]),
                awarded=sum(1 for d in data["decisions"] if d["reason"] == AWARDED),
                awarded_here=len(decisions),
                unfilled=[
                    u["explanation"]["en" if english else "vi"] for u in data["unfilled_tiers"]
                ],
                is_pool=run.policy.call_id is None,
                sponsor_prizes=sponsored.get(run.policy_id, []),
            )
        )
    return results


def my_decisions(page, user) -> list[AllocationDecision]:
    """The signed-in entrant's own decisions in the published runs of this call, with appeals."""
    if not getattr(user, "is_authenticated", False):
        return []
    here = Page.objects.filter(translation_key=page.translation_key).values("pk")
    return list(
        AllocationDecision.objects.filter(
            Q(submission__organisation__memberships__user=user)
            | Q(submission__participant__user=user),
            run__published_at__isnull=False,
            submission__call__in=here,
        )
        .distinct()
        .select_related("run__policy", "submission")
        .prefetch_related("appeals__replies")
        .order_by("run_id", "position")
    )
