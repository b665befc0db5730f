"""Awards from the database: policy records → DESIGN.md JSON → ``judging.allocation`` → rows.

Load (``policy_to_dict``, ``entries_snapshot``), compute purely (``judging.allocation``), persist
(the ``allocation_*``, ``results_publish``, ``payout_*`` and ``appeal_*`` state changes). Each
state change is atomic, audited and queues its side effects on commit.

Invariants kept here:

* A stored run never changes (``AllocationRun.save`` refuses); a committee order makes a new run.
* Approval is four-eyes: whoever started a run cannot approve it.
* The ledger row of a policy is locked (``select_for_update``) for every change, and the database
  itself refuses ``committed + paid > budget`` (``ledger_within_budget``).
* An award is paid once: one ``Payout`` per award, Stripe's idempotency key derived from the
  award, and the ledger moves committed → paid only on the first transition to paid.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms import outbox
from cms.audit import record
from cms.cache import purge_related
from cms.formatting import format_vnd
from judging import allocation, payments, reads, sponsors
from judging.actions import ActionRefused
from judging.enums import PayoutMethod, PayoutStatus, ReviewStatus, RoundKind, RunStatus
from judging.models import (
    AllocationDecision,
    AllocationRun,
    Appeal,
    AppealReply,
    Award,
    AwardPolicy,
    BudgetLedger,
    PayeeAccount,
    Payout,
    Review,
    ReviewScore,
    Rubric,
    StripeEvent,
)
from submissions.enums import SubmissionStatus
from submissions.models import Submission

AWARDED = allocation.Reason.AWARDED.value


# --- scope and the policy JSON ------------------------------------------------------------------


def scope_call_ids(policy: AwardPolicy) -> list[int]:
    """The (default-language) call pages a policy covers."""
    if policy.call_id:
        return [policy.call_id]
    return sorted(policy.pool_calls.values_list("pk", flat=True))


def policies_for_page(page) -> list[AwardPolicy]:
    """Policies covering a call page in any language, tiers prefetched."""
    from django.db.models import Q

    pages = Page.objects.filter(translation_key=page.translation_key).values("pk")
    return list(
        AwardPolicy.objects.filter(Q(call_id__in=pages) | Q(pool_calls__in=pages))
        .distinct()
        .prefetch_related("tiers")
        .order_by("category_key", "name", "pk")
    )


def _criteria_dicts(rubric: Rubric) -> list[dict[str, Any]]:
    return [
        {
            "key": c.key,
            "name": c.name_vi,
            "weight": str(c.weight),
            "max": str(c.maximum),
            "min": None if c.minimum is None else str(c.minimum),
        }
        for c in rubric.criteria.all()
    ]


def policy_criteria(policy: AwardPolicy, call_ids: Iterable[int] | None = None) -> list[dict]:
    """The rubric criteria of the scope; a pool's calls must share one structure."""
    call_ids = list(call_ids if call_ids is not None else scope_call_ids(policy))
    found: list[dict] | None = None
    for call_id in call_ids:
        rubric = reads.rubric_for(call_id, policy.category_key)
        if rubric is None:
            continue
        criteria = _criteria_dicts(rubric)
        if found is None:
            found = criteria
        elif [{**c, "name": ""} for c in criteria] != [{**c, "name": ""} for c in found]:
            raise ValidationError(
                _("The calls of this pool have different rubrics; a pool needs one rubric.")
            )
    return found or []


def _call_ceilings(policy: AwardPolicy, call_ids: list[int], unit: int) -> dict[str, int]:
    ceilings = {}
    for page in Page.objects.filter(pk__in=call_ids).specific():
        ceiling = getattr(page, "budget_ceiling", None)
        if ceiling:
            ceiling -= ceiling % unit
            if ceiling > 0:
                ceilings[str(page.pk)] = ceiling
    return ceilings


def tier_dicts(tiers: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {
            "key": t.key,
            "name": t.name_vi,
            "name_en": t.name_en or t.name_vi,
            "count": t.count,
            "amount": t.amount,
            "min_score": None if t.min_score is None else str(t.min_score),
        }
        for t in tiers
    ]


def policy_to_dict(
    policy: AwardPolicy,
    *,
    tiers: Iterable[Any] | None = None,
    criteria: list[dict] | None = None,
    committee_order: Iterable[str] = (),
) -> dict[str, Any]:
    """The DESIGN.md policy JSON of a policy record (criteria from the scope's rubric)."""
    call_ids = scope_call_ids(policy) if policy.pk else ([policy.call_id] if policy.call_id else [])
    tiers = list(tiers if tiers is not None else policy.tiers.all())
    data: dict[str, Any] = {
        "budget": policy.budget,
        "rounding_unit": policy.rounding_unit,
        "mode": policy.mode,
        "criteria": criteria if criteria is not None else policy_criteria(policy, call_ids),
        "aggregation": policy.aggregation,
        "trim": policy.trim,
        "min_judge_sample": policy.min_judge_sample,
        "min_reviews": policy.min_reviews,
        "overall_min": None if policy.overall_min is None else str(policy.overall_min),
        "disagreement_spread": (
            None if policy.disagreement_spread is None else str(policy.disagreement_spread)
        ),
        "block_on_disagreement": policy.block_on_disagreement,
        "max_awards_per_organisation": policy.max_awards_per_organisation,
        "max_awards_per_call": policy.max_awards_per_call,
        "no_fit": policy.no_fit,
        "unfilled_tier": policy.unfilled_tier,
        "tie_keys": policy.tie_key_list,
        "tie_fallback": policy.tie_fallback,
        "committee_order": list(committee_order),
    }
    if policy.mode == "tiered":
        data["tiers"] = tier_dicts(tiers)
    elif call_ids:
        data["call_ceilings"] = _call_ceilings(policy, call_ids, policy.rounding_unit or 1)
    return data


@dataclass(frozen=True)
class PolicyProblem:
    """Why a policy being edited cannot run, in the active language. ``field`` names a policy
    field, or a tier field when ``tier`` (the tier's position, best first) is set; without a field
    it is a problem of the whole policy. ``path`` is parse_policy's field path, for logs."""

    message: str
    field: str | None = None
    tier: int | None = None
    path: str = ""

    def __str__(self) -> str:
        return self.message


#: parse_policy's top-level fields that are fields of the policy form under the same name
_POLICY_FORM_FIELDS = frozenset(
    {
        "budget",
        "rounding_unit",
        "mode",
        "aggregation",
        "trim",
        "min_judge_sample",
        "min_reviews",
        "overall_min",
        "disagreement_spread",
        "block_on_disagreement",
        "max_awards_per_organisation",
        "max_awards_per_call",
        "no_fit",
        "unfilled_tier",
        "tie_fallback",
    }
)
#: a tier's JSON field → its field in the tier form
_TIER_FORM_FIELDS = {
    "key": "key",
    "name": "name_vi",
    "name_en": "name_en",
    "count": "count",
    "amount": "amount",
    "min_score": "min_score",
}
_TIER_PATH = re.compile(r"tiers\[(\d+)\]\.(\w+)")
_TIE_KEY_PATH = re.compile(r"tie_keys\[(\d+)\]")
_AT_LEAST = re.compile(r"must be at least (\d+)")


def _problem_message(problem: str, policy: AwardPolicy) -> str | None:
    """parse_policy's wording of a field's problem, translated; None when it is not known."""
    if problem in ("is required", "must be a non-empty string"):
        return _("This field is required.")
    if problem.startswith("must be a multiple of rounding_unit"):
        return _("Must be a multiple of the rounding unit (%(unit)s).") % {
            "unit": _money(policy.rounding_unit)
        }
    if problem in ("must be a positive integer", "must be greater than 0"):
        return _("Must be greater than 0.")
    if problem in ("must be a non-negative integer", "must not be negative"):
        return _("Must not be negative.")
    if problem == "must be an integer":
        return _("Enter a whole number.")
    if problem in ("must be a number", "must be a finite number"):
        return _("Enter a number.")
    if at_least := _AT_LEAST.fullmatch(problem):
        return _("Must be at least %(minimum)s.") % {"minimum": at_least[1]}
    return None


def _policy_input_problem(
    error: allocation.PolicyInputError, policy: AwardPolicy, tiers: list[Any]
) -> PolicyProblem:
    """parse_policy's error on a policy being edited, as a translated message on the form field
    (or prize tier row) it is about; problems of the rubric or the whole policy have no field."""
    path, problem = error.path, error.problem
    if tier_path := _TIER_PATH.fullmatch(path):
        index, name = int(tier_path[1]), tier_path[2]
        field = _TIER_FORM_FIELDS.get(name)
        if problem == "must not be greater than the tier above" and name == "amount":
            message = _("A tier's amount must not be greater than the amount of the tier above.")
        elif problem == "must not be greater than the tier above" and name == "min_score":
            if 0 < index < len(tiers) and tiers[index - 1].min_score is None:
                message = _(
                    "The tier above has no minimum score, so this tier cannot have one either."
                )
            else:
                message = _(
                    "A tier's minimum score must not be greater than the minimum of the tier above."
                )
        elif problem.startswith("duplicate tier"):
            message = _("Another tier has the same key; each tier needs its own key.")
        else:
            message = _problem_message(problem, policy)
        if field and message:
            return PolicyProblem(message=message, field=field, tier=index, path=path)
    if tie_key := _TIE_KEY_PATH.fullmatch(path):
        keys = policy.tie_key_list
        index = int(tie_key[1])
        key = keys[index] if index < len(keys) else ""
        if problem.startswith("duplicate"):
            message = _("“%(key)s” is listed more than once.") % {"key": key}
        else:
            message = _("“%(key)s” is not a criterion of the rubric.") % {"key": key}
        return PolicyProblem(message=message, field="tie_keys", path=path)
    if path == "tiers":
        if problem == "must be empty in funding mode":
            message = _(
                "A policy in funding mode has no prize tiers: remove them, or choose tiered mode."
            )
        else:
            message = _("A policy in tiered mode needs at least one prize tier.")
        return PolicyProblem(message=message, path=path)
    if path in _POLICY_FORM_FIELDS and (message := _problem_message(problem, policy)):
        return PolicyProblem(message=message, field=path, path=path)
    if path.startswith("criteria"):
        message = _("The rubric cannot be used for awards (%(detail)s).")
    else:
        message = _("This policy cannot be run (%(detail)s).")
    return PolicyProblem(message=message % {"detail": str(error)}, path=path)


def policy_problems(
    policy: AwardPolicy, tiers: list[Any], call_ids: list[int]
) -> tuple[PolicyProblem | None, list[str]]:
    """(problem, warnings) for a policy being edited: parse_policy's validation, then warnings."""
    warnings: list[str] = []
    try:
        criteria = policy_criteria(policy, call_ids)
    except ValidationError as error:
        return PolicyProblem(message=error.messages[0]), warnings
    if not criteria:
        warnings.append(_("No rubric covers this scope yet: tie-break criteria are not checked."))
        criteria = [{"key": "_", "weight": "1", "max": "1", "min": None}]
    data = policy_to_dict(policy, tiers=tiers, criteria=criteria)
    data.pop("call_ceilings", None)
    if criteria[0]["key"] == "_":
        data["tie_keys"] = []
    try:
        parsed = allocation.parse_policy(data)
    except allocation.PolicyInputError as error:
        return _policy_input_problem(error, policy, tiers), warnings
    if parsed.tiers:
        full = sum(t.count * t.amount for t in parsed.tiers)
        if full > parsed.budget:
            warnings.append(
                _("Filling every tier needs %(full)s, more than the budget of %(budget)s.")
                % {"full": _money(full), "budget": _money(parsed.budget)}
            )
        cheapest = min(t.amount for t in parsed.tiers)
        if parsed.budget < cheapest:
            warnings.append(
                _("The budget is below the cheapest tier (%(amount)s): nobody can win.")
                % {"amount": _money(cheapest)}
            )
    return None, warnings


# --- the snapshot -------------------------------------------------------------------------------


def entry_id_for(submission: Submission) -> str:
    return submission.reference or f"#{submission.pk}"


def scope_submissions(policy: AwardPolicy):
    submissions = Submission.objects.filter(
        call_id__in=scope_call_ids(policy), status=SubmissionStatus.SUBMITTED
    )
    if policy.category_key:
        submissions = submissions.filter(category_key=policy.category_key)
    return submissions.order_by("pk")


def entries_snapshot(policy: AwardPolicy) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Entries JSON (DESIGN.md) of every submitted entry in scope, and entry id → submission id.

    Scores come from submitted, non-voided reviews of active assignments; an entry with reviews
    in a final round is scored on those only.
    """
    submissions = list(scope_submissions(policy))
    reviews = (
        Review.objects.filter(
            status=ReviewStatus.SUBMITTED,
            voided_at=None,
            assignment__voided_at=None,
            assignment__confirmed_at__isnull=False,
            assignment__submission__in=[s.pk for s in submissions],
        )
        .select_related("assignment__round")
        .prefetch_related(
            Prefetch("scores", queryset=ReviewScore.objects.select_related("criterion"))
        )
    )
    by_entry: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for review in reviews:
        scores = {s.criterion.key: str(s.score) for s in review.scores.all() if s.score is not None}
        by_entry[review.assignment.submission_id][review.assignment.round.kind].append(
            {"judge": f"J{review.assignment.judge_id}", "scores": scores}
        )
    entries, ids = [], {}
    for submission in submissions:
        kinds = by_entry.get(submission.pk, {})
        chosen = kinds.get(RoundKind.FINAL) or kinds.get(RoundKind.SHORTLIST) or []
        entry_id = entry_id_for(submission)
        ids[entry_id] = submission.pk
        entries.append(
            {
                "id": entry_id,
                "organisation": (
                    f"org-{submission.organisation_id}"
                    if submission.organisation_id
                    else f"person-{submission.participant_id}"
                ),
                "call": str(submission.call_id),
                "eligible": submission.eligibility == "eligible",
                "requested_amount": submission.requested_amount or 0,
                "reviews": sorted(chosen, key=lambda r: r["judge"]),
            }
        )
    return entries, ids


def _compute(policy_data: dict, entries_data: list) -> allocation.AllocationResult:
    parsed = allocation.parse_policy(policy_data)
    entries = allocation.parse_entries(entries_data)
    return allocation.allocate(parsed, entries)  # (checks the entries against the policy)


def _apply_overrides(data: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    data = {**data}
    for key in ("budget", "rounding_unit", "overall_min", "min_reviews", "no_fit"):
        if overrides.get(key) not in (None, ""):
            data[key] = overrides[key]
    tiers = overrides.get("tiers") or {}
    if tiers and "tiers" in data:
        data["tiers"] = [{**t, **tiers.get(t["key"], {})} for t in data["tiers"]]
    return data


def allocation_simulate(
    *, policy: AwardPolicy, overrides: Mapping[str, Any] | None = None
) -> allocation.AllocationResult:
    """Run the policy (with changed parameters) over today's scores without saving anything."""
    entries, _ids = entries_snapshot(policy)
    data = _apply_overrides(policy_to_dict(policy), overrides or {})
    try:
        return _compute(data, entries)
    except allocation.PolicyInputError as error:
        raise ActionRefused(f"{error.path}: {error.problem}") from error


# --- runs -----------------------------------------------------------------------------------------


def _store_run(
    *,
    policy: AwardPolicy,
    actor,
    policy_data: dict,
    entries: list,
    ids: dict[str, int],
    previous: AllocationRun | None = None,
    request=None,
) -> AllocationRun:
    try:
        result = _compute(policy_data, entries)
    except allocation.PolicyInputError as error:
        raise ActionRefused(f"{error.path}: {error.problem}") from error
    run = AllocationRun.objects.create(
        policy=policy,
        policy_json=policy_data,
        entries_json=entries,
        result_json=result.to_dict(),
        input_hash=result.input_hash,
        result_hash=result.result_hash,
        status=result.status.value,
        spent=result.spent,
        unspent=result.unspent,
        previous=previous,
        started_by=actor,
    )
    AllocationDecision.objects.bulk_create(
        AllocationDecision(
            run=run,
            submission_id=ids[d.id],
            entry_id=d.id,
            position=position,
            rank=d.rank,
            score=d.score,
            tier_key=d.tier or "",
            amount=d.amount,
            reason=d.reason.value,
            params=dict(d.params),
            explanation_vi=d.explanation_vi,
            explanation_en=d.explanation_en,
        )
        for position, d in enumerate(result.decisions)
    )
    record(
        actor=actor,
        action="allocation.start",
        target=run,
        after={
            "policy": policy.pk,
            "status": run.status,
            "input_hash": run.input_hash,
            "result_hash": run.result_hash,
            "spent": run.spent,
            "previous": previous.pk if previous else None,
        },
        request=request,
    )
    return run


@transaction.atomic
def allocation_start(*, policy: AwardPolicy, actor, request=None) -> AllocationRun:
    """Snapshot the scores and the policy, run the allocation and store the run."""
    entries, ids = entries_snapshot(policy)
    return _store_run(
        policy=policy,
        actor=actor,
        policy_data=policy_to_dict(policy),
        entries=entries,
        ids=ids,
        request=request,
    )


@transaction.atomic
def allocation_tiebreak(
    *, run: AllocationRun, order: list[str], actor, request=None
) -> AllocationRun:
    """Record the committee's order for a run that waits for one: a new run on the same
    snapshot, with ``committee_order`` set."""
    if run.status != RunStatus.NEEDS_TIEBREAK:
        raise ActionRefused(_("This run does not need a tiebreak."))
    ids = dict(run.decisions.values_list("entry_id", "submission_id"))
    unknown = [entry for entry in order if entry not in ids]
    if unknown:
        raise ActionRefused(_("Unknown entries: %(ids)s") % {"ids": ", ".join(unknown)})
    return _store_run(
        policy=run.policy,
        actor=actor,
        policy_data={**run.policy_json, "committee_order": list(order)},
        entries=run.entries_json,
        ids=ids,
        previous=run,
        request=request,
    )


def ledger_for(policy: AwardPolicy, *, lock: bool = False) -> BudgetLedger:
    ledger, _created = BudgetLedger.objects.get_or_create(
        policy=policy, defaults={"budget": policy.budget}
    )
    if lock:
        ledger = BudgetLedger.objects.select_for_update().get(pk=ledger.pk)
    return ledger


def _ledger_move(ledger: BudgetLedger, *, committed: int = 0, paid: int = 0) -> None:
    """Add to a locked ledger's committed and paid columns and save the columns that moved.

    The one place the ledger is written; the database constraints refuse a negative column or
    committed + paid above the budget."""
    fields = ["updated_at"]
    if committed:
        ledger.committed += committed
        fields.append("committed")
    if paid:
        ledger.paid += paid
        fields.append("paid")
    ledger.updated_at = timezone.now()
    ledger.save(update_fields=fields)


def ledger_commit(*, ledger: BudgetLedger, amount: int) -> None:
    """Commit ``amount`` on a locked ledger; refuses to pass the budget."""
    if amount < 0 or ledger.committed + ledger.paid + amount > ledger.budget:
        raise ActionRefused(
            _("Approving this would exceed the budget: %(remaining)s remain.")
            % {"remaining": _money(ledger.remaining)}
        )
    _ledger_move(ledger, committed=amount)


@transaction.atomic
def allocation_approve(*, run: AllocationRun, actor, request=None) -> list[Award]:
    """Four-eyes approval: creates the awards and commits their money in the ledger."""
    ledger = ledger_for(run.policy, lock=True)
    run = AllocationRun.objects.select_for_update().select_related("policy").get(pk=run.pk)
    if not getattr(actor, "is_staff", False):
        raise ActionRefused(_("Only staff can approve a run."))
    if run.started_by_id == actor.pk:
        raise ActionRefused(_("The person who started a run cannot approve it."))
    if run.approved_at is not None:
        raise ActionRefused(_("This run is already approved."))
    if run.status != RunStatus.FINAL:
        raise ActionRefused(_("Only a final run can be approved."))
    if AllocationRun.objects.filter(policy=run.policy, approved_at__isnull=False).exists():
        raise ActionRefused(_("Another run of this policy is already approved."))
    decisions = list(run.decisions.filter(reason=AWARDED, amount__gt=0))
    total = sum(d.amount for d in decisions)
    ledger_commit(ledger=ledger, amount=total)
    awards = Award.objects.bulk_create(
        Award(
            run=run,
            decision=d,
            submission_id=d.submission_id,
            tier_key=d.tier_key,
            amount=d.amount,
        )
        for d in decisions
    )
    run.approved_by = actor
    run.approved_at = timezone.now()
    try:
        with transaction.atomic():
            run.save(update_fields=["approved_by", "approved_at"])
    except IntegrityError as error:
        raise ActionRefused(_("Another run of this policy is already approved.")) from error
    record(
        actor=actor,
        action="allocation.approve",
        target=run,
        after={"awards": len(awards), "committed": total, "result_hash": run.result_hash},
        request=request,
    )
    return awards


@transaction.atomic
def results_publish(*, run: AllocationRun, actor, request=None) -> AllocationRun:
    """Publish an approved run: its calls show results, and every entrant is told."""
    from judging import tasks

    run = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if run.approved_at is None:
        raise ActionRefused(_("Only an approved run can be published."))
    if run.published_at is not None:
        return run
    now = timezone.now()
    run.published_at = now
    run.save(update_fields=["published_at"])
    keys = Page.objects.filter(pk__in=scope_call_ids(run.policy)).values("translation_key")
    pages = list(Page.objects.filter(translation_key__in=keys).specific())
    for page in pages:
        if hasattr(page, "results_published_at") and page.results_published_at is None:
            type(page).objects.filter(pk=page.pk).update(results_published_at=now)
    # The call pages now link to their results, and the results files changed: purge them
    # (and, through the ``cms_purge_urls`` hook, the results URLs) from the front cache.
    transaction.on_commit(lambda: [purge_related(Page, page) for page in pages])
    record(actor=actor, action="results.publish", target=run, after={"published_at": str(now)})
    outbox.enqueue(
        tasks.notify_award_decisions.name,
        kwargs={"run_id": run.pk},
        dedup_key=f"award-decisions:{run.pk}",
    )
    return run


# --- payouts ----------------------------------------------------------------------------------------
#
# Ledger moves, each under the ledger row lock and the payout row lock:
#   committed → paid     once, on the payout's first transition to paid (Stripe or bank);
#   paid → committed     by the reversed amount, once per đồng reversed (``amount_reversed``
#                        only grows). The award still stands, so its money stays committed to it
#                        until finance pays it again or staff release it:
#   committed → paid     by the outstanding reversed amount, when finance records a bank transfer
#                        for it (``payout_settle_reversal``, ``amount_resettled``);
#   committed → budget   by the outstanding reversed amount, when staff decide the award will not
#                        be paid it again (``payout_release_reversal``, ``amount_released``).
# Outstanding = amount_reversed − amount_resettled − amount_released; the database refuses < 0.

PAY_AWARD_TASK = "judging.pay_award"
PAYABLE = (PayoutStatus.PENDING, PayoutStatus.FAILED)


def stripe_transfer_may_exist(payout: Payout) -> bool:
    """Whether a Stripe transfer of this payout may exist or be on its way.

    A payout asked of Stripe stays pending while the request is in flight (``payout_send`` holds
    no row lock during the call), while the task retries, and when a response was lost or the
    retries ran out: in all of those the transfer may have been made. Only a payout that never went
    to Stripe, or that Stripe declined (``failed``: nothing was transferred), may be paid another
    way.
    """
    if payout.transfer_id:
        return True
    return (
        payout.method == PayoutMethod.STRIPE
        and payout.status == PayoutStatus.PENDING
        and payout.attempts > 0
    )


def _move_to_paid(payout: Payout) -> None:
    """Committed → paid in the ledger, once (the caller holds the payout row lock)."""
    policy = payout.award.run.policy
    ledger = ledger_for(policy, lock=True)
    _ledger_move(ledger, committed=-payout.amount, paid=payout.amount)
    payout.status = PayoutStatus.PAID
    payout.paid_at = timezone.now()


def _return_to_committed(payout: Payout, amount: int) -> int:
    """Paid → committed for ``amount`` đồng of a reversed transfer; never below zero."""
    ledger = ledger_for(payout.award.run.policy, lock=True)
    amount = max(0, min(amount, ledger.paid))
    if amount:
        _ledger_move(ledger, committed=amount, paid=-amount)
    return amount


def _payout_row(award: Award, method: str, actor) -> Payout:
    payout, _created = Payout.objects.get_or_create(
        award=award, defaults={"method": method, "amount": award.amount, "created_by": actor}
    )
    return _locked_payout(payout.pk)


def _locked_payout(payout_id: int) -> Payout:
    return (
        Payout.objects.select_for_update()
        .select_related("award__run__policy", "award__submission")
        .get(pk=payout_id)
    )


def _payee_for(award: Award) -> PayeeAccount | None:
    return PayeeAccount.objects.filter(organisation_id=award.submission.organisation_id).first()


def _next_scope(scope: str) -> str:
    """``transfer`` → ``transfer2`` → ``transfer3`` …: a fresh idempotency key after a decline
    (Stripe replays a declined request's error for 24 hours under the same key)."""
    number = int(scope.removeprefix("transfer") or 1)
    return f"transfer{number + 1}"


#: A first request older than this looks for its transfer before sending again: well inside the
#: 24 hours Stripe remembers an idempotency key, so a late re-delivery of the task cannot pay twice.
FIND_TRANSFER_AFTER = timedelta(hours=12)


def _transfer_may_exist_at_stripe(payout: Payout) -> bool:
    """Whether an earlier request of this payout may have made a transfer Stripe no longer
    replays: finance asked before (``attempts`` counts this request too), or the first request
    is older than ``FIND_TRANSFER_AFTER``. A first, fresh request is one POST and no look-up."""
    return payout.attempts > 1 or timezone.now() - payout.created_at > FIND_TRANSFER_AFTER


def _transfer(payout: Payout, account_id: str) -> payments.TransferResult:
    """Make (or, after an earlier request, find) the Stripe transfer of ``payout``.

    Every parameter is a fact of the award that never changes (ids, amount, destination, the
    submission's reference fixed at submit time), never a name or title someone may edit: a
    retry under the same idempotency key must send exactly the same request.
    """
    award = payout.award
    if _transfer_may_exist_at_stripe(payout):
        found = payments.find_transfer(
            award.pk, amount_vnd=payout.amount, destination_account=account_id
        )
        if found is not None:
            return found
    reference = award.submission.reference or f"submission {award.submission_id}"
    return payments.create_transfer(
        award_id=award.pk,
        amount_vnd=payout.amount,
        destination_account=account_id,
        description=f"Award {award.pk} · {reference} · run {award.run_id}",
        metadata={
            "submission": str(award.submission_id),
            "reference": reference,
            "run": str(award.run_id),
        },
        attempt_scope=payout.attempt_scope,
    )


def _record_transfer(payout_id: int, transfer: payments.TransferResult, actor, request) -> Payout:
    with transaction.atomic():
        payout = _locked_payout(payout_id)
        payout.transfer_id = transfer.transfer_id
        payout.error = ""
        if payout.status in PAYABLE:
            _move_to_paid(payout)
            record(
                actor=actor,
                action="payout.transfer",
                target=payout,
                after={
                    "transfer": transfer.transfer_id,
                    "amount": payout.amount,
                    "replayed": transfer.replayed,
                },
                request=request,
            )
        payout.save()
    return payout


def _record_failure(payout_id: int, error: payments.PaymentError, *, final: bool) -> Payout:
    """Keep a retryable failure pending; a decline (or retries run out) waits for finance.

    A decline also moves the payout to a new idempotency scope: nothing was transferred, and the
    old key would only replay the decline. An idempotency conflict is no decline: Stripe already
    holds a request under this award's key, which may have made the transfer, so the payout stays
    pending (neither a new key nor a bank transfer may pay it again).
    """
    with transaction.atomic():
        payout = _locked_payout(payout_id)
        if payout.status not in PAYABLE:
            return payout
        payout.error = str(error)
        if not error.retryable and error.code != "idempotency_conflict":
            payout.status = PayoutStatus.FAILED
            payout.attempt_scope = _next_scope(payout.attempt_scope)
        payout.save(update_fields=["status", "error", "attempt_scope"])
        if final:
            record(
                actor=None,
                action="payout.failed",
                target=payout,
                after={"status": payout.status, "error": payout.error},
            )
    return payout


def payout_create(*, award: Award, actor, request=None) -> Payout:
    """Pay ``award`` by Stripe transfer now, in this process. Safe to repeat: one transfer per
    award. Staff pages use ``payout_request`` (a background task) instead."""
    with transaction.atomic():
        payout = _payout_row(award, PayoutMethod.STRIPE, actor)
        if payout.method != PayoutMethod.STRIPE:
            raise ActionRefused(_("This award is paid by bank transfer."))
        if payout.status not in PAYABLE:
            return payout
        account = _payee_for(award)
        if account is None or not account.stripe_account_id:
            raise ActionRefused(_("The winner has no Stripe account to pay into."))
        # Counted before the row lock is released: from here a transfer may exist.
        payout.status = PayoutStatus.PENDING
        payout.attempts += 1
        payout.save(update_fields=["status", "attempts"])
    try:
        transfer = _transfer(payout, account.stripe_account_id)
    except payments.PaymentError as error:
        _record_failure(payout.pk, error, final=True)
        raise ActionRefused(error.message) from error
    return _record_transfer(payout.pk, transfer, actor, request)


@transaction.atomic
def payout_request(*, award: Award, actor, request=None) -> Payout:
    """Finance asks for ``award`` to be paid by Stripe: the transfer is made by the
    ``judging.pay_award`` task, queued through the outbox with this commit.

    Also the retry after a decline or after the task gave up; asking twice is harmless (the task
    pays at most once, with the award's idempotency key).
    """
    payout = _payout_row(award, PayoutMethod.STRIPE, actor)
    if payout.method != PayoutMethod.STRIPE:
        raise ActionRefused(_("This award is paid by bank transfer."))
    if payout.status not in PAYABLE:
        raise ActionRefused(_("This award is already paid."))
    account = _payee_for(award)
    if account is None or not account.ready:
        raise ActionRefused(
            _("The winner has not finished setting up their Stripe account for payouts.")
        )
    before = {"status": payout.status, "error": payout.error}
    payout.status = PayoutStatus.PENDING
    payout.attempts += 1
    payout.save(update_fields=["status", "attempts"])
    record(
        actor=actor,
        action="payout.request",
        target=payout,
        before=before,
        after={"status": payout.status, "attempt": payout.attempts, "scope": payout.attempt_scope},
        request=request,
    )
    outbox.enqueue(
        PAY_AWARD_TASK,
        kwargs={"payout_id": payout.pk},
        dedup_key=f"{PAY_AWARD_TASK}:{payout.pk}:{payout.attempts}",
    )
    return payout


def payout_send(*, payout_id: int, final_attempt: bool = False) -> Payout:
    """The task's work: make the Stripe transfer of a requested payout.

    Raises ``payments.PaymentError`` when a retry may succeed (network, Stripe 5xx, rate limit),
    unless ``final_attempt``: then the payout stays pending with the error for finance to retry.
    A decline marks it failed. The ledger moves only when the transfer exists.
    """
    with transaction.atomic():
        payout = _locked_payout(payout_id)
        if payout.method != PayoutMethod.STRIPE or payout.status != PayoutStatus.PENDING:
            return payout
        account = _payee_for(payout.award)
    if account is None or not account.ready:
        error = payments.PaymentError(
            "account_not_ready", "the payee's Stripe account is not ready", retryable=False
        )
        return _record_failure(payout_id, error, final=True)
    try:
        transfer = _transfer(payout, account.stripe_account_id)
    except payments.PaymentError as error:
        payout = _record_failure(payout_id, error, final=final_attempt or not error.retryable)
        if error.retryable and not final_attempt:
            raise
        return payout
    return _record_transfer(payout_id, transfer, None, None)


@transaction.atomic
def payout_record_bank(*, award: Award, reference: str, actor, request=None) -> Payout:
    """Finance staff record a bank transfer they made for ``award``.

    Refused while a Stripe transfer of the award may exist (``stripe_transfer_may_exist``): the
    winner would be paid twice. Checked under the payout row lock, which ``payout_request`` and
    the task's bookkeeping also take.
    """
    if not actor.has_perm("judging.pay_awards"):
        raise ActionRefused(_("Only finance staff can record a bank transfer."))
    if not reference.strip():
        raise ActionRefused(_("Give the bank's reference."))
    payout = _payout_row(award, PayoutMethod.BANK, actor)
    if payout.status not in PAYABLE:
        raise ActionRefused(_("This award is already paid."))
    if stripe_transfer_may_exist(payout):
        raise ActionRefused(
            _(
                "A Stripe transfer of this award is in progress or may already have been made, "
                "so a bank transfer cannot be recorded; its status will show here."
            )
        )
    payout.method = PayoutMethod.BANK
    payout.reference = reference.strip()
    _move_to_paid(payout)
    payout.save()
    record(
        actor=actor,
        action="payout.bank",
        target=payout,
        after={"reference": payout.reference, "amount": payout.amount},
        request=request,
    )
    return payout


def _outstanding_reversal(award: Award, actor, outstanding: int | None) -> tuple[Payout, int]:
    """The locked payout of ``award`` and its outstanding reversed amount, or ``ActionRefused``.

    ``outstanding`` is the amount the page showed: when a further reversal arrived since, finance
    must look again rather than settle a sum they did not see."""
    if not actor.has_perm("judging.pay_awards"):
        raise ActionRefused(_("Only finance staff can pay again or release a reversed amount."))
    payout_id = Payout.objects.filter(award=award).values_list("pk", flat=True).first()
    if payout_id is None:
        raise ActionRefused(_("Nothing reversed is outstanding on this award."))
    payout = _locked_payout(payout_id)
    amount = payout.reversal_outstanding
    if amount <= 0:
        raise ActionRefused(_("Nothing reversed is outstanding on this award."))
    if outstanding is not None and outstanding != amount:
        raise ActionRefused(
            _("The outstanding reversed amount is now %(amount)s; check it and try again.")
            % {"amount": _money(amount)}
        )
    return payout, amount


def _reversal_ledger(payout: Payout, amount: int) -> BudgetLedger:
    """The locked ledger, refusing when its committed money cannot cover ``amount``."""
    ledger = ledger_for(payout.award.run.policy, lock=True)
    if ledger.committed < amount:
        raise ActionRefused(
            _("The ledger holds only %(committed)s committed; nothing was changed.")
            % {"committed": _money(ledger.committed)}
        )
    return ledger


@transaction.atomic
def payout_settle_reversal(
    *, award: Award, reference: str, actor, outstanding: int | None = None, request=None
) -> Payout:
    """Finance record a bank transfer paying the winner the reversed amount again:
    committed → paid by exactly the outstanding reversed amount."""
    reference = reference.strip()
    if not reference:
        raise ActionRefused(_("Give the bank's reference."))
    payout, amount = _outstanding_reversal(award, actor, outstanding)
    ledger = _reversal_ledger(payout, amount)
    _ledger_move(ledger, committed=-amount, paid=amount)
    before = {"amount_resettled": payout.amount_resettled, "reference": payout.resettle_reference}
    payout.amount_resettled += amount
    payout.resettle_reference = reference
    payout.save(update_fields=["amount_resettled", "resettle_reference"])
    record(
        actor=actor,
        action="payout.reversal_settle",
        target=payout,
        before=before,
        after={
            "amount_resettled": payout.amount_resettled,
            "reference": reference,
            "amount": amount,
            "amount_reversed": payout.amount_reversed,
        },
        request=request,
    )
    return payout


@transaction.atomic
def payout_release_reversal(
    *, award: Award, reason: str, actor, outstanding: int | None = None, request=None
) -> Payout:
    """Staff decide the award will not be paid its reversed amount again: the outstanding
    reversed amount leaves committed and is free in the policy's budget once more."""
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("Give the reason for releasing the reversed amount."))
    payout, amount = _outstanding_reversal(award, actor, outstanding)
    ledger = _reversal_ledger(payout, amount)
    _ledger_move(ledger, committed=-amount)
    before = {"amount_released": payout.amount_released, "reason": payout.release_reason}
    payout.amount_released += amount
    payout.release_reason = reason
    payout.save(update_fields=["amount_released", "release_reason"])
    record(
        actor=actor,
        action="payout.reversal_release",
        target=payout,
        before=before,
        after={
            "amount_released": payout.amount_released,
            "reason": reason,
            "amount": amount,
            "amount_reversed": payout.amount_reversed,
        },
        request=request,
    )
    return payout


def organisation_awards(organisation):
    """The organisation's awards in published runs, with their payouts, newest run first."""
    return (
        Award.objects.filter(submission__organisation=organisation, run__published_at__isnull=False)
        .select_related("run__policy", "submission", "payout")
        .order_by("-run__published_at", "-amount", "pk")
    )


# --- Stripe Connect onboarding ------------------------------------------------------------------


def payee_onboarding_link(
    *, organisation, actor, refresh_url: str, return_url: str, request=None
) -> str:
    """The Stripe onboarding URL for ``organisation``, creating its Express account the first time.

    Creation is once per organisation: the stored account id, and Stripe's idempotency key derived
    from the organisation for two requests racing.
    """
    account, _created = PayeeAccount.objects.get_or_create(organisation=organisation)
    if not account.stripe_account_id:
        status = payments.create_connected_account(
            organisation_id=organisation.pk,
            country=getattr(settings, "STRIPE_CONNECT_COUNTRY", "VN"),
            recipient=getattr(settings, "STRIPE_CONNECT_RECIPIENT", True),
        )
        with transaction.atomic():
            account = PayeeAccount.objects.select_for_update().get(pk=account.pk)
            if not account.stripe_account_id:
                account.stripe_account_id = status.account_id
                account.onboarding_started_at = timezone.now()
                _apply_account_status(account, status)
                account.save()
                record(
                    actor=actor,
                    action="payee.account_create",
                    target=account,
                    after={"account": account.stripe_account_id},
                    request=request,
                )
    return payments.create_account_link(
        account_id=account.stripe_account_id, refresh_url=refresh_url, return_url=return_url
    )


def _apply_account_status(account: PayeeAccount, status: payments.AccountStatus) -> None:
    account.details_submitted = status.details_submitted
    account.payouts_enabled = status.payouts_enabled
    account.ready = status.ready
    account.checked_at = timezone.now()


def payee_account_sync(
    *, stripe_account_id: str, event_id: str | None = None
) -> PayeeAccount | None:
    """Re-read a connected account from Stripe and store whether it can be paid.

    Re-reading (rather than trusting an event's copy) makes late or out-of-order
    ``account.updated`` events harmless: whichever arrives, the stored state is Stripe's current one.
    """
    if not PayeeAccount.objects.filter(stripe_account_id=stripe_account_id).exists():
        return None
    status = payments.retrieve_account(stripe_account_id)
    with transaction.atomic():
        account = PayeeAccount.objects.select_for_update().get(stripe_account_id=stripe_account_id)
        before = {"ready": account.ready}
        _apply_account_status(account, status)
        account.save()
        if before["ready"] != account.ready:
            record(
                actor=None,
                action="payee.account_ready" if account.ready else "payee.account_not_ready",
                target=account,
                before=before,
                after={"ready": account.ready, "event": event_id},
            )
    return account


# --- Stripe webhooks ----------------------------------------------------------------------------


def _on_transfer_event(event: payments.VerifiedEvent) -> None:
    """Status moves only forward; reversed money returns to the ledger once per đồng.

    The event only says *which* transfer changed: the transfer is re-read from Stripe, so a late,
    out-of-order or stale event acts on Stripe's current state, never on its own copy. A Stripe
    error propagates: the transaction (with the event id) rolls back, the endpoint answers 503 and
    Stripe delivers the event again.
    """
    obj = event.data.get("object") or {}
    if not event.object_id or obj.get("object") not in (None, "transfer"):
        return
    if not Payout.objects.filter(transfer_id=event.object_id).exists():
        return
    transfer = payments.retrieve_transfer(event.object_id)
    payout = (
        Payout.objects.select_for_update()
        .select_related("award__run__policy")
        .filter(transfer_id=event.object_id)
        .first()
    )
    if payout is None:
        return
    status = transfer.status
    before = {"status": payout.status, "amount_reversed": payout.amount_reversed}
    # ``transfer.failed`` exists only for endpoints pinned to a pre-2017 API version; it never
    # marks a payout paid.
    if payout.status in PAYABLE and event.type != "transfer.failed":
        _move_to_paid(payout)
    if payout.status not in PAYABLE and Payout.ORDER[status] > Payout.ORDER[payout.status]:
        payout.status = status
    returned = 0
    reversed_now = min(transfer.returned, payout.amount)
    if payout.status not in PAYABLE and reversed_now > payout.amount_reversed:
        returned = _return_to_committed(payout, reversed_now - payout.amount_reversed)
        payout.amount_reversed = reversed_now
    after = {"status": payout.status, "amount_reversed": payout.amount_reversed}
    if after == before:
        return
    payout.save()
    record(
        actor=None,
        action="payout.webhook",
        target=payout,
        before=before,
        after={**after, "returned_to_committed": returned, "event": event.id},
    )


def _on_account_updated(event: payments.VerifiedEvent) -> None:
    account_id = event.object_id or event.account
    if account_id:
        payee_account_sync(stripe_account_id=account_id, event_id=event.id)


#: Event type → handler. A handler runs inside the transaction that stores the event id, so an
#: exception rolls both back and Stripe's redelivery is processed rather than skipped.
WEBHOOK_HANDLERS: dict[str, Callable[[payments.VerifiedEvent], None]] = {
    "account.updated": _on_account_updated,
    "transfer.created": _on_transfer_event,
    "transfer.updated": _on_transfer_event,
    "transfer.reversed": _on_transfer_event,
    "transfer.paid": _on_transfer_event,
    "transfer.failed": _on_transfer_event,
}
# Sponsor prizes paid through Stripe Checkout (judging/sponsors.py).
WEBHOOK_HANDLERS.update(dict.fromkeys(sponsors.CHECKOUT_EVENTS, sponsors.checkout_event_apply))


@transaction.atomic
def webhook_apply(*, event: payments.VerifiedEvent) -> bool:
    """Apply a verified event once. Returns False for a duplicate (already stored event id)."""
    try:
        with transaction.atomic():
            StripeEvent.objects.create(event_id=event.id, type=event.type)
    except IntegrityError:
        return False
    handler = WEBHOOK_HANDLERS.get(event.type)
    if handler is not None:
        handler(event)
    return True


# --- appeals ----------------------------------------------------------------------------------------


def appeal_deadline(decision: AllocationDecision):
    run = decision.run
    if run.published_at is None:
        return None
    return run.published_at + timedelta(days=run.policy.appeal_days)


@transaction.atomic
def appeal_file(*, decision: AllocationDecision, text: str, actor, request=None) -> Appeal:
    decision = AllocationDecision.objects.select_related("run__policy").get(pk=decision.pk)
    deadline = appeal_deadline(decision)
    if deadline is None or timezone.now() > deadline:
        raise ActionRefused(_("The time to appeal this decision is over."))
    appeal = Appeal.objects.create(decision=decision, author=actor, text=text.strip())
    record(actor=actor, action="appeal.file", target=appeal, after={"text": appeal.text})
    return appeal


@transaction.atomic
def appeal_answer(*, appeal: Appeal, text: str, actor, request=None) -> AppealReply:
    """Add a staff answer to the appeal's trail; earlier answers stay as they were. The appeal's
    own ``answer`` fields then repeat this latest answer."""
    text = text.strip()
    if not text:
        raise ActionRefused(_("Write an answer."))
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    before = {"answer": appeal.answer}
    reply = AppealReply.objects.create(appeal=appeal, author=actor, text=text)
    appeal.answer = reply.text
    appeal.answered_by = actor
    appeal.answered_at = reply.created_at
    appeal.save(update_fields=["answer", "answered_by", "answered_at"])
    record(
        actor=actor,
        action="appeal.answer",
        target=appeal,
        before=before,
        after={"answer": reply.text, "reply": reply.pk},
        request=request,
    )
    return reply


def _money(amount: int) -> str:
    """An amount for a message, in the active language (``30.000.000 ₫`` / ``VND 30,000,000``)."""
    return format_vnd(int(amount), get_language() or settings.LANGUAGE_CODE)


def amount_text(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def decimal_or_none(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def ledger_sync(policy: AwardPolicy) -> BudgetLedger:
    """Create the policy's ledger, or follow a changed budget (the constraint refuses a cut below
    what is committed and paid)."""
    ledger, created = BudgetLedger.objects.get_or_create(
        policy=policy, defaults={"budget": policy.budget}
    )
    if not created and ledger.budget != policy.budget:
        BudgetLedger.objects.filter(pk=ledger.pk).update(budget=policy.budget)
        ledger.budget = policy.budget
    return ledger


# --- the prize table on call pages (cached: it is on every public call page) -------------------

PRIZES_VERSION_KEY = "judging:prizes:version"


def prizes_changed(**_kwargs) -> None:
    """Invalidate every cached prize table (a policy, tier or pool changed)."""
    from django.core.cache import cache

    try:
        cache.incr(PRIZES_VERSION_KEY)
    except ValueError:
        cache.set(PRIZES_VERSION_KEY, 1, None)


def prize_tables_for_page(page) -> list[dict[str, Any]]:
    """The award policies of a call page as plain data, read from the records and cached in the
    shared cache until any policy changes."""
    from django.core.cache import cache

    version = cache.get(PRIZES_VERSION_KEY, 0)
    key = f"judging:prizes:2:{version}:{page.translation_key}"  # 2: names in both languages
    tables = cache.get(key)
    if tables is None:
        tables = [
            {
                "name_vi": policy.name,
                "name_en": policy.name_en or policy.name,
                "mode": policy.mode,
                "budget": policy.budget,
                "is_pool": policy.call_id is None,
                "tiers": [
                    {
                        "name_vi": t.name_vi,
                        "name_en": t.name_en or t.name_vi,
                        "count": t.count,
                        "amount": t.amount,
                        "min_score": None if t.min_score is None else t.min_score.normalize(),
                    }
                    for t in policy.tiers.all()
                ],
            }
            for policy in policies_for_page(page)
        ]
        cache.set(key, tables, 3600)
    return tables
