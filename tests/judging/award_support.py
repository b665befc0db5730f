"""Shared set-up for the award tests: a judged call with entries whose weighted totals are given."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from judging.awards import ledger_sync
from judging.enums import ReviewStatus
from judging.models import (
    Assignment,
    AwardPolicy,
    PolicyTier,
    Review,
    ReviewScore,
)
from submissions.enums import Eligibility, SubmissionStatus
from submissions.models import Submission
from tests.factories import ChallengePageFactory, UserFactory
from tests.judging.factories import (
    MembershipFactory,
    OrganisationFactory,
    PanelFactory,
    RoundFactory,
    RubricFactory,
    give_totp,
)

#: DESIGN.md's worked example.
WORKED_TIERS = [
    ("first", "Giải Nhất", "First prize", 1, 30_000_000, "85"),
    ("second", "Giải Nhì", "Second prize", 2, 20_000_000, "75"),
    ("third", "Giải Ba", "Third prize", 3, 10_000_000, "65"),
    ("consolation", "Khuyến khích", "Consolation", 5, 4_000_000, "50"),
]
WORKED_SCORES = [90, 80, 78, 70, 68, 66, 60, 55, 45]


@dataclass
class Judged:
    call: object
    rubric: object
    round: object
    judges: list
    staff: object
    second_staff: object
    entries: list = field(default_factory=list)
    members: list = field(default_factory=list)


def judged_call(site, code: str = "P05") -> Judged:
    call = ChallengePageFactory(parent=site["index"], code=code, slug=code.lower())
    rubric = RubricFactory(call=call)
    panel = PanelFactory()
    panel.calls.add(call)
    round = RoundFactory(panel=panel, call=call)
    judges = [UserFactory(email=f"j{n}-{code.lower()}@uni.example") for n in range(3)]
    for judge in judges:
        give_totp(judge)
    staff = UserFactory(email=f"staff-{code.lower()}@province.example", is_staff=True)
    second = UserFactory(email=f"staff2-{code.lower()}@province.example", is_staff=True)
    give_totp(staff)
    give_totp(second)
    return Judged(
        call=call, rubric=rubric, round=round, judges=judges, staff=staff, second_staff=second
    )


def add_entry(
    judged: Judged,
    total,
    *,
    name: str | None = None,
    reviews: int = 3,
    eligible: bool = True,
    participant=None,
    requested: int = 0,
) -> Submission:
    """An entry whose judges each give every criterion ``total / 10`` (weights 3+4+3 → total)."""
    number = len(judged.entries) + 1
    entrant = {}
    if participant is not None:
        entrant["participant"] = participant
    else:
        organisation = OrganisationFactory(name=name or f"Công ty Đổi Mới {number}")
        member = UserFactory(email=f"owner{number}-{judged.call.pk}@firm.example")
        MembershipFactory(organisation=organisation, user=member)
        judged.members.append(member)
        entrant["organisation"] = organisation
    submission = Submission.objects.create(
        call=judged.call,
        status=SubmissionStatus.SUBMITTED,
        eligibility=Eligibility.ELIGIBLE if eligible else Eligibility.INELIGIBLE,
        title=f"Giải pháp {number}",
        reference=f"QN-{judged.call.code}-{number:04d}",
        requested_amount=requested,
        **entrant,
    )
    criteria = list(judged.rubric.criteria.all())
    value = Decimal(str(total)) / 10
    for judge in judged.judges[:reviews]:
        assignment = Assignment.objects.create(
            round=judged.round, judge=judge, submission=submission, confirmed_at=timezone.now()
        )
        review = Review.objects.create(
            assignment=assignment,
            rubric=judged.rubric,
            status=ReviewStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
        ReviewScore.objects.bulk_create(
            ReviewScore(review=review, criterion=c, score=value) for c in criteria
        )
    judged.entries.append(submission)
    return submission


def make_policy(call=None, *, tiers=WORKED_TIERS, pool=(), **fields) -> AwardPolicy:
    values = {
        "name": "Giải thưởng thử nghiệm",
        "budget": 100_000_000,
        "rounding_unit": 100_000,
        "mode": "tiered",
        "overall_min": Decimal("50"),
        "min_reviews": 3,
        **fields,
    }
    policy = AwardPolicy.objects.create(call=call, **values)
    if pool:
        policy.pool_calls.set(pool)
    for order, (key, vi, en, count, amount, minimum) in enumerate(tiers):
        PolicyTier.objects.create(
            policy=policy,
            sort_order=order,
            key=key,
            name_vi=vi,
            name_en=en,
            count=count,
            amount=amount,
            min_score=None if minimum is None else Decimal(minimum),
        )
    ledger_sync(policy)
    return policy
