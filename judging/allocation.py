"""The award-policy algorithm of DESIGN.md ("Award policy", "Simulation interface").

Pure: no Django, no I/O, no clock, no global randomness. ``allocate(policy, entries)`` is a
function of its inputs; entries are sorted by id before anything else so input order never
matters, and the run carries an input hash and a result hash (SHA-256 over canonical JSON).

Money is integer VND. Scores are ``Decimal`` quantised to 4 places (see ``aggregation``).

Decisions the design leaves open, settled here:

* The aggregation pool (z-score normalisation) is every eligible entry of the run.
* A score is computed for every eligible entry with at least one review, also when it has fewer
  than ``min_reviews`` (shown, never ranked).
* Tied entries (equal score and equal tie-key scores, not separated by ``committee_order``) share
  a rank. A tie only needs resolving when the order inside the group changes what its members get
  (tier or amount). Then:

  - ``committee``: the members get NEEDS_TIEBREAK and the run status is ``needs_tiebreak``;
    later decisions are provisional (computed with the tied group in id order).
  - ``share``: the amounts the group won are pooled and split equally, rounded down to the unit,
    among the members that caps allow (cap conflicts inside the group are settled in id order).
    Every sharer gets the best tier the group reached; the slots taken stay as walked and are
    listed in ``params.slots``. The rounding remainder returns to the budget. When the share
    would round down to zero, the group falls back to ``committee``.
  - ``seeded_lottery``: each tied group is ordered by SHA-256(seed:entry id), where the seed is
    SHA-256 of the canonical policy and the sorted entry ids; the seed is in the output, and
    every member's params name the ranks the group took (``lottery_ranks``: first, last).
* In funding mode the award is ``min(requested_amount, call ceiling)`` rounded down to the unit;
  the ceilings come from the policy's ``call_ceilings`` (call → amount).
"""

from __future__ import annotations

import gc
import hashlib
import json
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import partial
from itertools import accumulate, chain, compress, count, islice, pairwise, repeat
from operator import (
    and_,
    attrgetter,
    ge,
    gt,
    itemgetter,
    lt,
    methodcaller,
    mul,
    ne,
    not_,
    or_,
    sub,
    truth,
)
from typing import Any, ClassVar, NamedTuple, TypeVar

from judging.aggregation import (
    Aggregation,
    Criterion,
    EntryReviews,
    Review,
    Scaled,
    aggregate_pool,
    judge_total,
    means_of_runs,
    quantise,
    zscore_adjusted,
)


class Mode(StrEnum):
    TIERED = "tiered"
    FUNDING = "funding"


class NoFit(StrEnum):
    SKIP_CONTINUE = "skip_continue"
    STOP = "stop"


class UnfilledTierRule(StrEnum):
    LEAVE_UNSPENT = "leave_unspent"
    TRANSFER_SLOTS_DOWN = "transfer_slots_down"


class TieFallback(StrEnum):
    COMMITTEE = "committee"
    SHARE = "share"
    SEEDED_LOTTERY = "seeded_lottery"


class Reason(StrEnum):
    INELIGIBLE = "INELIGIBLE"
    INSUFFICIENT_REVIEWS = "INSUFFICIENT_REVIEWS"
    NEEDS_CONSENSUS = "NEEDS_CONSENSUS"
    BELOW_CRITERION_THRESHOLD = "BELOW_CRITERION_THRESHOLD"
    BELOW_OVERALL_THRESHOLD = "BELOW_OVERALL_THRESHOLD"
    ORG_CAP_REACHED = "ORG_CAP_REACHED"
    CALL_CAP_REACHED = "CALL_CAP_REACHED"
    TIERS_FULL = "TIERS_FULL"
    BELOW_TIER_FLOOR = "BELOW_TIER_FLOOR"
    BUDGET_EXHAUSTED = "BUDGET_EXHAUSTED"
    BUDGET_STOPPED = "BUDGET_STOPPED"
    NEEDS_TIEBREAK = "NEEDS_TIEBREAK"
    AWARDED = "AWARDED"


class RunStatus(StrEnum):
    FINAL = "final"
    NEEDS_TIEBREAK = "needs_tiebreak"
    NEEDS_CONSENSUS = "needs_consensus"


class PolicyInputError(ValueError):
    """Malformed policy or entries; the message starts with the offending field path."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class Tier:
    key: str
    name: str
    name_en: str
    count: int
    amount: int
    min_score: Decimal | None = None


@dataclass(frozen=True)
class Policy:
    budget: int
    mode: Mode
    criteria: tuple[Criterion, ...]
    tiers: tuple[Tier, ...] = ()
    rounding_unit: int = 1
    aggregation: Aggregation = Aggregation.MEAN
    trim: int = 1
    min_judge_sample: int = 5
    min_reviews: int = 3
    overall_min: Decimal | None = None
    disagreement_spread: Decimal | None = None
    block_on_disagreement: bool = False
    max_awards_per_organisation: int | None = None
    max_awards_per_call: int | None = None
    no_fit: NoFit = NoFit.SKIP_CONTINUE
    unfilled_tier: UnfilledTierRule = UnfilledTierRule.LEAVE_UNSPENT
    tie_keys: tuple[str, ...] = ()
    tie_fallback: TieFallback = TieFallback.COMMITTEE
    committee_order: tuple[str, ...] = ()
    call_ceilings: Mapping[str, int] = field(default_factory=dict)
    criterion_names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    id: str
    reviews: tuple[Review, ...] = ()
    organisation: str | None = None
    call: str | None = None
    eligible: bool = True
    requested_amount: int = 0


class Decision(NamedTuple):
    """One entry's outcome. A named tuple: a run of 100,000 entries makes 100,000 of them."""

    id: str
    rank: int | None
    score: Decimal | None
    tier: str | None
    amount: int
    reason: Reason
    params: Mapping[str, Any]
    explanation_vi: str
    explanation_en: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rank": self.rank,
            "score": None if self.score is None else str(self.score),
            "tier": self.tier,
            "amount": self.amount,
            "reason": self.reason.value,
            "params": dict(self.params),
            "explanation": {"vi": self.explanation_vi, "en": self.explanation_en},
        }


@dataclass(frozen=True)
class TierOutcome:
    key: str
    count: int
    slots: int
    awarded: int
    amount: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "count": self.count,
            "slots": self.slots,
            "awarded": self.awarded,
            "amount": self.amount,
        }


@dataclass(frozen=True)
class UnfilledTier:
    tier: str
    free: int
    places: int
    explanation_vi: str
    explanation_en: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "tier": self.tier,
            "free": self.free,
            "places": self.places,
            "explanation": {"vi": self.explanation_vi, "en": self.explanation_en},
        }


@dataclass(frozen=True)
class SlotTransfer:
    from_tier: str
    to_tier: str
    slots: int

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.from_tier, "to": self.to_tier, "slots": self.slots}


@dataclass(frozen=True)
class AllocationResult:
    status: RunStatus
    mode: Mode
    budget: int
    spent: int
    unspent: int
    input_hash: str
    result_hash: str
    lottery_seed: str | None
    decisions: tuple[Decision, ...]
    tiers: tuple[TierOutcome, ...]
    unfilled_tiers: tuple[UnfilledTier, ...]
    transfers: tuple[SlotTransfer, ...]

    def to_dict(self) -> dict[str, Any]:
        body = _result_body(self)
        body["result_hash"] = self.result_hash
        return body


def _result_body(result: AllocationResult) -> dict[str, Any]:
    return {
        "status": result.status.value,
        "mode": result.mode.value,
        "budget": result.budget,
        "spent": result.spent,
        "unspent": result.unspent,
        "input_hash": result.input_hash,
        "lottery_seed": result.lottery_seed,
        "tiers": [t.to_dict() for t in result.tiers],
        "unfilled_tiers": [t.to_dict() for t in result.unfilled_tiers],
        "transfers": [t.to_dict() for t in result.transfers],
        "decisions": [d.to_dict() for d in result.decisions],
    }


# --------------------------------------------------------------------------------------------
# Canonical JSON and hashes


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def _decimal_text(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", "0"} else text


def policy_to_dict(policy: Policy) -> dict[str, Any]:
    """The policy with every default filled in; decimals as canonical strings."""
    return {
        "budget": policy.budget,
        "rounding_unit": policy.rounding_unit,
        "mode": policy.mode.value,
        "tiers": [
            {
                "key": t.key,
                "name": t.name,
                "name_en": t.name_en,
                "count": t.count,
                "amount": t.amount,
                "min_score": _decimal_text(t.min_score),
            }
            for t in policy.tiers
        ],
        "criteria": [
            {
                "key": c.key,
                "name": policy.criterion_names.get(c.key, c.key),
                "weight": _decimal_text(c.weight),
                "max": _decimal_text(c.max),
                "min": _decimal_text(c.min),
            }
            for c in policy.criteria
        ],
        "aggregation": policy.aggregation.value,
        "trim": policy.trim,
        "min_judge_sample": policy.min_judge_sample,
        "min_reviews": policy.min_reviews,
        "overall_min": _decimal_text(policy.overall_min),
        "disagreement_spread": _decimal_text(policy.disagreement_spread),
        "block_on_disagreement": policy.block_on_disagreement,
        "max_awards_per_organisation": policy.max_awards_per_organisation,
        "max_awards_per_call": policy.max_awards_per_call,
        "no_fit": policy.no_fit.value,
        "unfilled_tier": policy.unfilled_tier.value,
        "tie_keys": list(policy.tie_keys),
        "tie_fallback": policy.tie_fallback.value,
        "committee_order": list(policy.committee_order),
        "call_ceilings": dict(policy.call_ceilings),
    }


def entries_to_list(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    """Entries sorted by id, reviews by judge; decimals as canonical strings."""
    return [
        {
            "id": e.id,
            "organisation": e.organisation,
            "call": e.call,
            "eligible": e.eligible,
            "requested_amount": e.requested_amount,
            "reviews": [
                {
                    "judge": r.judge,
                    "scores": {k: _decimal_text(v) for k, v in r.scores.items()},
                }
                for r in sorted(e.reviews, key=lambda r: r.judge)
            ],
        }
        for e in sorted(entries, key=lambda e: e.id)
    ]


def input_hash(policy: Policy, entries: Iterable[Entry]) -> str:
    """SHA-256 of ``canonical_json({"policy": ..., "entries": entries_to_list(entries)})``.

    The bytes are written directly rather than through ``entries_to_list`` (same output, checked
    by a test): with 100,000 entries the generic encoder spends seconds sorting the keys of a
    million small dicts, while here every review is one string formatting.
    """
    digest = hashlib.sha256()
    digest.update(b'{"entries":')
    digest.update(_canonical_entries(entries).encode())
    digest.update(b',"policy":')
    digest.update(canonical_json(policy_to_dict(policy)))
    digest.update(b"}")
    return digest.hexdigest()


_encode_text = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses


class _ScoreTexts(dict):
    """Decimal → its canonical text as a JSON string, computed once per distinct value."""

    def __missing__(self, value: Decimal) -> str:
        text = _encode_text(_decimal_text(value))
        self[value] = text
        return text


class _ReviewTemplates(dict):
    """Key order of a review's scores → (``%``-template of its canonical JSON, score getter).

    Reviews of one run almost always carry the same criteria, so the sorted keys and the
    template are worked out once and every review is then one ``%`` formatting.
    """

    def __missing__(self, keys: tuple[str, ...]) -> tuple[str, Any]:
        ordered = sorted(keys)
        fields = ",".join(_encode_text(k).replace("%", "%%") + ":%s" for k in ordered)
        template = '{"judge":%s,"scores":{' + fields + "}}"
        if not ordered:
            getter: Any = lambda scores: ()  # noqa: E731
        elif len(ordered) == 1:
            only = ordered[0]
            getter = lambda scores: (scores[only],)  # noqa: E731
        else:
            getter = itemgetter(*ordered)
        found = self[keys] = (template, getter)
        return found


class _JsonTexts(dict):
    """Text → its JSON string form, encoded once per distinct text."""

    def __missing__(self, text: str) -> str:
        encoded = self[text] = _encode_text(text)
        return encoded


def _canonical_entries(entries: Iterable[Entry]) -> str:
    texts = _ScoreTexts()
    names = _JsonTexts()
    templates = _ReviewTemplates()
    score_text = texts.__getitem__
    parts: list[str] = []
    by_judge = attrgetter("judge")
    for entry in sorted(entries, key=attrgetter("id")):
        reviews = entry.reviews
        if len(reviews) > 1:
            reviews = sorted(reviews, key=by_judge)
        texts_of_reviews: list[str] = []
        for review in reviews:
            scores = review.scores
            template, getter = templates[tuple(scores)]
            texts_of_reviews.append(
                template % (names[review.judge], *map(score_text, getter(scores)))
            )
        parts.append(
            f'{{"call":{_json_optional_text(entry.call)},'
            f'"eligible":{"true" if entry.eligible else "false"},'
            f'"id":{_encode_text(entry.id)},'
            f'"organisation":{_json_optional_text(entry.organisation)},'
            f'"requested_amount":{int(entry.requested_amount)},'
            f'"reviews":[{",".join(texts_of_reviews)}]}}'
        )
    return f"[{','.join(parts)}]"


def _json_optional_text(value: str | None) -> str:
    return "null" if value is None else _encode_text(value)


def lottery_seed(policy: Policy, entries: Iterable[Entry]) -> str:
    ids = sorted(map(attrgetter("id"), entries))
    return sha256_hex({"policy": policy_to_dict(policy), "entry_ids": ids})


def _lottery_seed(policy: Policy, id_texts: Sequence[bytes]) -> str:
    """``lottery_seed`` from the ids already written as JSON in id order (the same bytes)."""
    digest = hashlib.sha256(b'{"entry_ids":[')
    digest.update(b",".join(id_texts))
    digest.update(b'],"policy":')
    digest.update(canonical_json(policy_to_dict(policy)))
    digest.update(b"}")
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# Parsing and validation of JSON input

_POLICY_FIELDS = {
    "budget",
    "rounding_unit",
    "mode",
    "tiers",
    "criteria",
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
    "tie_keys",
    "tie_fallback",
    "committee_order",
    "call_ceilings",
}
_TIER_FIELDS = {"key", "name", "name_en", "count", "amount", "min_score"}
_CRITERION_FIELDS = {"key", "name", "weight", "max", "min"}
_ENTRY_FIELDS = {"id", "organisation", "call", "eligible", "requested_amount", "reviews"}
_REVIEW_FIELDS = {"judge", "scores"}
_MISSING = object()


def _object(value: Any, path: str, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PolicyInputError(path, "must be an object")
    for key in sorted(value, key=str):
        if key not in allowed:
            raise PolicyInputError(_join(path, str(key)), "unknown field")
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise PolicyInputError(path, "must be a list")
    return value


def _integer(value: Any, path: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PolicyInputError(path, "must be an integer")
    if value < minimum:
        wording = {0: "a non-negative integer", 1: "a positive integer"}
        raise PolicyInputError(path, f"must be {wording.get(minimum, f'at least {minimum}')}")
    return value


def _optional_integer(value: Any, path: str, *, minimum: int) -> int | None:
    return None if value is None else _integer(value, path, minimum=minimum)


def _amount(value: Any, path: str, unit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PolicyInputError(path, "must be a positive integer")
    if value % unit:
        raise PolicyInputError(path, f"must be a multiple of rounding_unit ({unit})")
    return value


def _decimal(value: Any, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise PolicyInputError(path, "must be a number")
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        raise PolicyInputError(path, "must be a number") from None
    if not number.is_finite():
        raise PolicyInputError(path, "must be a finite number")
    if number < 0:
        raise PolicyInputError(path, "must not be negative")
    return number


def _optional_decimal(value: Any, path: str) -> Decimal | None:
    return None if value is None else _decimal(value, path)


def _positive_decimal(value: Any, path: str) -> Decimal:
    number = _decimal(value, path)
    if number <= 0:
        raise PolicyInputError(path, "must be greater than 0")
    return number


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PolicyInputError(path, "must be a non-empty string")
    return value


def _optional_text(value: Any, path: str) -> str | None:
    return None if value is None else _text(value, path)


def _boolean(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise PolicyInputError(path, "must be true or false")
    return value


_E = TypeVar("_E", bound=StrEnum)


def _choice(value: Any, path: str, enum: type[_E]) -> _E:
    if isinstance(value, str):
        for member in enum:
            if member.value == value:
                return member
    options = ", ".join(m.value for m in enum)
    raise PolicyInputError(path, f"must be one of {options}")


def _required(data: Mapping[str, Any], key: str, path: str) -> Any:
    if key not in data:
        raise PolicyInputError(_join(path, key), "is required")
    return data[key]


def parse_policy(data: Any) -> Policy:
    """Validate a policy JSON object (DESIGN.md "Simulation interface") and fill defaults."""
    if not isinstance(data, Mapping):
        raise PolicyInputError("policy", "must be an object")
    data = _object(data, "", _POLICY_FIELDS)
    budget = _integer(_required(data, "budget", ""), "budget", minimum=0)
    unit = _integer(data.get("rounding_unit", 1), "rounding_unit", minimum=1)
    mode = _choice(_required(data, "mode", ""), "mode", Mode)

    raw_criteria = _list(_required(data, "criteria", ""), "criteria")
    if not raw_criteria:
        raise PolicyInputError("criteria", "must list at least one criterion")
    criteria: list[Criterion] = []
    names: dict[str, str] = {}
    for index, raw in enumerate(raw_criteria):
        path = f"criteria[{index}]"
        raw = _object(raw, path, _CRITERION_FIELDS)
        key = _text(_required(raw, "key", path), f"{path}.key")
        if key in names:
            raise PolicyInputError(f"{path}.key", f"duplicate criterion '{key}'")
        names[key] = _text(raw.get("name", key), f"{path}.name")
        maximum = _positive_decimal(_required(raw, "max", path), f"{path}.max")
        minimum = _optional_decimal(raw.get("min"), f"{path}.min")
        if minimum is not None and minimum > maximum:
            raise PolicyInputError(f"{path}.min", "must not exceed max")
        weight = _positive_decimal(_required(raw, "weight", path), f"{path}.weight")
        criteria.append(Criterion(key=key, weight=weight, max=maximum, min=minimum))

    tiers: list[Tier] = []
    raw_tiers = data.get("tiers", _MISSING)
    if mode is Mode.TIERED:
        if raw_tiers is _MISSING:
            raise PolicyInputError("tiers", "is required in tiered mode")
        if not _list(raw_tiers, "tiers"):
            raise PolicyInputError("tiers", "must list at least one tier in tiered mode")
        seen: set[str] = set()
        for index, raw in enumerate(raw_tiers):
            path = f"tiers[{index}]"
            raw = _object(raw, path, _TIER_FIELDS)
            key = _text(_required(raw, "key", path), f"{path}.key")
            if key in seen:
                raise PolicyInputError(f"{path}.key", f"duplicate tier '{key}'")
            seen.add(key)
            name = _text(raw.get("name", key), f"{path}.name")
            tier = Tier(
                key=key,
                name=name,
                name_en=_text(raw.get("name_en", name), f"{path}.name_en"),
                count=_integer(_required(raw, "count", path), f"{path}.count", minimum=1),
                amount=_amount(_required(raw, "amount", path), f"{path}.amount", unit),
                min_score=_optional_decimal(raw.get("min_score"), f"{path}.min_score"),
            )
            if tiers:
                above = tiers[-1]
                if tier.amount > above.amount:
                    raise PolicyInputError(
                        f"{path}.amount", "must not be greater than the tier above"
                    )
                if tier.min_score is not None and (
                    above.min_score is None or tier.min_score > above.min_score
                ):
                    raise PolicyInputError(
                        f"{path}.min_score", "must not be greater than the tier above"
                    )
            tiers.append(tier)
    elif raw_tiers is not _MISSING and _list(raw_tiers, "tiers"):
        raise PolicyInputError("tiers", "must be empty in funding mode")

    criterion_keys = [c.key for c in criteria]
    tie_keys: list[str] = []
    for index, key in enumerate(_list(data.get("tie_keys", []), "tie_keys")):
        path = f"tie_keys[{index}]"
        if not isinstance(key, str) or key not in criterion_keys:
            raise PolicyInputError(path, f"unknown criterion {key!r}")
        if key in tie_keys:
            raise PolicyInputError(path, f"duplicate criterion '{key}'")
        tie_keys.append(key)

    committee_order: list[str] = []
    for index, entry_id in enumerate(_list(data.get("committee_order", []), "committee_order")):
        path = f"committee_order[{index}]"
        _text(entry_id, path)
        if entry_id in committee_order:
            raise PolicyInputError(path, f"duplicate entry '{entry_id}'")
        committee_order.append(entry_id)

    raw_ceilings = data.get("call_ceilings", {})
    if not isinstance(raw_ceilings, Mapping):
        raise PolicyInputError("call_ceilings", "must be an object")
    ceilings = {
        str(call): _amount(amount, f"call_ceilings.{call}", unit)
        for call, amount in sorted(raw_ceilings.items())
    }

    return Policy(
        budget=budget,
        rounding_unit=unit,
        mode=mode,
        tiers=tuple(tiers),
        criteria=tuple(criteria),
        aggregation=_choice(data.get("aggregation", "mean"), "aggregation", Aggregation),
        trim=_integer(data.get("trim", 1), "trim", minimum=0),
        min_judge_sample=_integer(data.get("min_judge_sample", 5), "min_judge_sample", minimum=1),
        min_reviews=_integer(data.get("min_reviews", 3), "min_reviews", minimum=1),
        overall_min=_optional_decimal(data.get("overall_min"), "overall_min"),
        disagreement_spread=_optional_decimal(
            data.get("disagreement_spread"), "disagreement_spread"
        ),
        block_on_disagreement=_boolean(
            data.get("block_on_disagreement", False), "block_on_disagreement"
        ),
        max_awards_per_organisation=_optional_integer(
            data.get("max_awards_per_organisation"), "max_awards_per_organisation", minimum=1
        ),
        max_awards_per_call=_optional_integer(
            data.get("max_awards_per_call"), "max_awards_per_call", minimum=1
        ),
        no_fit=_choice(data.get("no_fit", "skip_continue"), "no_fit", NoFit),
        unfilled_tier=_choice(
            data.get("unfilled_tier", "leave_unspent"), "unfilled_tier", UnfilledTierRule
        ),
        tie_keys=tuple(tie_keys),
        tie_fallback=_choice(data.get("tie_fallback", "committee"), "tie_fallback", TieFallback),
        committee_order=tuple(committee_order),
        call_ceilings=ceilings,
        criterion_names=names,
    )


def parse_entries(data: Any) -> tuple[Entry, ...]:
    """Validate an entries JSON list. Scores are checked against a policy by ``check_entries``."""
    with _no_cyclic_gc():
        return _parse_entries(data)


def _parse_entries(data: Any) -> tuple[Entry, ...]:
    if not isinstance(data, list):
        raise PolicyInputError("entries", "must be a list")
    entries: list[Entry] = []
    seen: set[str] = set()
    numbers: dict[tuple[type, Any], Decimal] = {}
    # Reviews repeat a few thousand distinct score objects and a few dozen judges: each is
    # read once and shared, which also lets a run find the distinct rows by identity.
    rows: dict[tuple[Any, ...], dict[str, Decimal]] = {}
    names: dict[str, str] = {}
    for index, raw in enumerate(data):
        path = f"entries[{index}]"
        raw = _object(raw, path, _ENTRY_FIELDS)
        entry_id = _text(_required(raw, "id", path), f"{path}.id")
        if entry_id in seen:
            raise PolicyInputError(f"{path}.id", f"duplicate entry '{entry_id}'")
        seen.add(entry_id)
        reviews: list[Review] = []
        judges: set[str] = set()
        for r_index, raw_review in enumerate(_list(raw.get("reviews", []), f"{path}.reviews")):
            r_path = f"{path}.reviews[{r_index}]"
            raw_review = _object(raw_review, r_path, _REVIEW_FIELDS)
            judge = _text(_required(raw_review, "judge", r_path), f"{r_path}.judge")
            if judge in judges:
                raise PolicyInputError(f"{r_path}.judge", f"duplicate judge '{judge}'")
            judges.add(judge)
            judge = names.setdefault(judge, judge)
            raw_scores = _required(raw_review, "scores", r_path)
            if not isinstance(raw_scores, Mapping):
                raise PolicyInputError(f"{r_path}.scores", "must be an object")
            # The value types are part of the key: 1, 1.0 and True are equal but read apart.
            row = (*raw_scores.items(), *map(type, raw_scores.values()))
            try:
                scores = rows[row]
            except (KeyError, TypeError):
                scores = rows[row] = _scores(raw_scores, r_path, numbers)
            reviews.append(Review(judge=judge, scores=scores))
        entries.append(
            Entry(
                id=entry_id,
                organisation=_optional_text(raw.get("organisation"), f"{path}.organisation"),
                call=_optional_text(raw.get("call"), f"{path}.call"),
                eligible=_boolean(raw.get("eligible", True), f"{path}.eligible"),
                requested_amount=_integer(
                    raw.get("requested_amount", 0), f"{path}.requested_amount", minimum=0
                ),
                reviews=tuple(reviews),
            )
        )
    return tuple(entries)


def _scores(
    raw: Mapping[Any, Any], path: str, numbers: dict[tuple[type, Any], Decimal]
) -> dict[str, Decimal]:
    """One review's scores, keys in order; one Decimal per distinct raw value (``numbers``)."""
    scores: dict[str, Decimal] = {}
    for key, value in sorted(raw.items()):
        try:
            number = numbers[value.__class__, value]
        except (KeyError, TypeError):
            number = _decimal(value, f"{path}.scores.{key}")
            numbers[value.__class__, value] = number
        scores[str(key)] = number
    return scores


def check_entries(policy: Policy, entries: Sequence[Entry]) -> None:
    """Cross-check entries against the policy: scores per criterion, committee order, requests."""
    known_ids = {e.id for e in entries}
    if len(known_ids) != len(entries):
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            if entry.id in seen:
                raise PolicyInputError(f"entries[{index}].id", f"duplicate entry '{entry.id}'")
            seen.add(entry.id)
    criteria = {c.key: c for c in policy.criteria}
    # Fast pass over every review (C-level loops); the exact error is found by the slow pass.
    all_scores = [r.scores for e in entries for r in e.reviews]
    keys = criteria.keys()
    valid = all(s.keys() == keys for s in all_scores) and all(
        max(map(itemgetter(key), all_scores), default=criterion.max) <= criterion.max
        for key, criterion in criteria.items()
    )
    for index, entry in enumerate(entries):
        path = f"entries[{index}]"
        if not valid:
            _check_scores(path, entry, criteria)
        if (
            policy.mode is Mode.FUNDING
            and entry.eligible
            and entry.requested_amount < policy.rounding_unit
        ):
            raise PolicyInputError(
                f"{path}.requested_amount",
                f"must be at least rounding_unit ({policy.rounding_unit}) in funding mode",
            )
    for index, entry_id in enumerate(policy.committee_order):
        if entry_id not in known_ids:
            raise PolicyInputError(f"committee_order[{index}]", f"unknown entry '{entry_id}'")


def _check_scores(path: str, entry: Entry, criteria: Mapping[str, Criterion]) -> None:
    for r_index, review in enumerate(entry.reviews):
        r_path = f"{path}.reviews[{r_index}].scores"
        for key in review.scores:
            if key not in criteria:
                raise PolicyInputError(f"{r_path}.{key}", "unknown criterion")
        for key, criterion in criteria.items():
            if key not in review.scores:
                raise PolicyInputError(f"{r_path}.{key}", "is required")
            if review.scores[key] > criterion.max:
                raise PolicyInputError(
                    f"{r_path}.{key}", f"must not exceed the criterion max ({criterion.max})"
                )


# --------------------------------------------------------------------------------------------
# Sentences


def money_vi(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " ₫"


def money_en(amount: int) -> str:
    return f"VND {amount:,}"


def _score_vi(value: Any) -> str:
    return str(value).replace(".", ",")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _explain(
    reason: Reason,
    params: Mapping[str, Any],
    *,
    rank: int | None,
    score: Decimal | None,
    tier: Tier | None,
    policy: Policy,
    tiers_by_key: Mapping[str, Tier],
) -> tuple[str, str]:
    s_en = "" if score is None else str(score)
    s_vi = _score_vi(s_en)
    match reason:
        case Reason.INELIGIBLE:
            return (
                "Hồ sơ không đủ điều kiện nên không được xét giải.",
                "The entry is not eligible, so it was not considered for an award.",
            )
        case Reason.INSUFFICIENT_REVIEWS:
            n, m = params["reviews"], params["min_reviews"]
            needed_en = "at least 1 is required" if m == 1 else f"at least {m} are required"
            if n == 0:
                return (
                    f"Hồ sơ chưa có phiếu chấm nào, cần tối thiểu {m} phiếu.",
                    f"No reviews were submitted; {needed_en}.",
                )
            verb = "was" if n == 1 else "were"
            return (
                f"Hồ sơ chỉ có {n} phiếu chấm, chưa đủ tối thiểu {m} phiếu.",
                f"Only {_plural(n, 'review')} {verb} submitted; {needed_en}.",
            )
        case Reason.NEEDS_CONSENSUS:
            spread, limit = params["spread"], params["limit"]
            return (
                f"Tổng điểm của các giám khảo chênh nhau {_score_vi(spread)}, vượt ngưỡng "
                f"{_score_vi(limit)}, nên cần hội đồng thống nhất.",
                f"The judges' totals differ by {spread}, more than the allowed {limit}, "
                "so the panel must reach consensus.",
            )
        case Reason.BELOW_CRITERION_THRESHOLD:
            name = policy.criterion_names.get(params["criterion"], params["criterion"])
            value, minimum = params["criterion_score"], params["min"]
            return (
                f"Điểm tiêu chí {name} là {_score_vi(value)}, thấp hơn mức tối thiểu "
                f"{_score_vi(minimum)}.",
                f"The {name} criterion scored {value}, below its minimum of {minimum}.",
            )
        case Reason.BELOW_OVERALL_THRESHOLD:
            minimum = params["min"]
            return (
                f"Điểm {s_vi} thấp hơn điểm tối thiểu chung {_score_vi(minimum)}.",
                f"Score {s_en} is below the overall minimum of {minimum}.",
            )
        case Reason.ORG_CAP_REACHED:
            org, cap = params["organisation"], params["cap"]
            return (
                f"Tổ chức {org} đã đạt số giải tối đa ({cap}).",
                f"Organisation {org} has already reached its maximum of {_plural(cap, 'award')}.",
            )
        case Reason.CALL_CAP_REACHED:
            call, cap = params["call"], params["cap"]
            return (
                f"Đề bài/cuộc thi {call} đã đạt số giải tối đa ({cap}).",
                f"Call {call} has already reached its maximum of {_plural(cap, 'award')}.",
            )
        case Reason.TIERS_FULL:
            return (
                "Tất cả các hạng giải còn xét được đều đã đủ số lượng.",
                "Every prize tier still open to this entry is already full.",
            )
        case Reason.BELOW_TIER_FLOOR:
            return (
                f"Điểm {s_vi} không đạt điểm tối thiểu của hạng giải nào còn suất trống.",
                f"Score {s_en} does not reach the minimum of any prize tier with a free place.",
            )
        case Reason.BUDGET_EXHAUSTED:
            remaining, needed = params["remaining"], params["needed"]
            if policy.mode is Mode.FUNDING:
                return (
                    f"Ngân sách còn lại {money_vi(remaining)} không đủ cho khoản tài trợ "
                    f"{money_vi(needed)}.",
                    f"The remaining budget of {money_en(remaining)} cannot cover the funding "
                    f"of {money_en(needed)}.",
                )
            wanted = tiers_by_key[params["tier"]]
            return (
                f"Ngân sách còn lại {money_vi(remaining)} không đủ cho {wanted.name} "
                f"({money_vi(needed)}).",
                f"The remaining budget of {money_en(remaining)} cannot cover {wanted.name_en} "
                f"({money_en(needed)}).",
            )
        case Reason.BUDGET_STOPPED:
            return (
                "Việc xét giải đã dừng vì ngân sách không đủ cho một hồ sơ xếp hạng cao hơn.",
                "Allocation stopped because the budget could not cover a higher-ranked entry.",
            )
        case Reason.NEEDS_TIEBREAK:
            others = ", ".join(params["tied_with"])
            return (
                f"Đồng hạng {rank} với {others} và thứ tự ảnh hưởng đến kết quả, nên cần hội "
                "đồng quyết định thứ tự.",
                f"Tied at rank {rank} with {others} and the order changes the outcome, "
                "so the committee must record an order.",
            )
        case _:
            amount = params["amount"]
            if "shared_with" in params and tier is None:
                others, pool = ", ".join(params["shared_with"]), params["pool"]
                return (
                    f"Đồng hạng {rank} với {others}: tổng tài trợ {money_vi(pool)} được chia "
                    f"đều, hồ sơ này nhận {money_vi(amount)}.",
                    f"Tied at rank {rank} with {others}: the pooled {money_en(pool)} is split "
                    f"equally, {money_en(amount)} for this entry.",
                )
            if policy.mode is Mode.FUNDING:
                requested, ceiling = params["requested"], params["ceiling"]
                capped_vi = f", mức trần {money_vi(ceiling)}" if ceiling is not None else ""
                capped_en = f", ceiling {money_en(ceiling)}" if ceiling is not None else ""
                return (
                    f"Được tài trợ {money_vi(amount)} (đề nghị {money_vi(requested)}"
                    f"{capped_vi}) với điểm {s_vi}, xếp hạng {rank}.",
                    f"Funded {money_en(amount)} (requested {money_en(requested)}{capped_en}) "
                    f"with score {s_en}, rank {rank}.",
                )
            assert tier is not None
            if "shared_with" in params:
                others = ", ".join(params["shared_with"])
                pool = params["pool"]
                return (
                    f"Đồng {tier.name} với {others} (đồng hạng {rank}), chia đều tổng "
                    f"{money_vi(pool)} nên nhận {money_vi(amount)}.",
                    f"Shares {tier.name_en} with {others} (tied at rank {rank}): "
                    f"{money_en(pool)} split equally, {money_en(amount)} each.",
                )
            return (
                f"Đạt {tier.name} trị giá {money_vi(amount)} với điểm {s_vi}, xếp hạng {rank}.",
                f"Awarded {tier.name_en} of {money_en(amount)} with score {s_en}, rank {rank}.",
            )


def _explain_unfilled(tier: Tier, free: int, places: int) -> tuple[str, str]:
    if free == places:
        return (
            f"{tier.name} không được trao (trống {free}/{places} suất).",
            f"{tier.name_en} not filled ({free} of {places} places free).",
        )
    return (
        f"{tier.name} chưa được trao đủ (trống {free}/{places} suất).",
        f"{tier.name_en} only partly filled ({free} of {places} places free).",
    )


# --------------------------------------------------------------------------------------------
# The algorithm


class _Ranked(NamedTuple):
    index: int  # the entry's place in id order
    entry: Entry
    score: Decimal


_make_ranked = partial(tuple.__new__, _Ranked)


@dataclass(slots=True)
class _Outcome:
    """What the walk gave one entry. Never changed once made: the walk hands the same outcome
    to every entry whose score reaches the same tier floors until its state changes (see
    ``_Walk.evaluate``)."""

    reason: Reason
    tier: int | None = None
    amount: int = 0
    params: dict[str, Any] = field(default_factory=dict)


_TIERS_FULL = _Outcome(Reason.TIERS_FULL)


class _Walk:
    """Step (5): walk the ranking with the tier pointer, caps and budget."""

    def __init__(self, policy: Policy, slots: list[int]) -> None:
        self.policy = policy
        self.slots = slots
        self.used = [0] * len(slots)
        self.held = [0] * len(slots)
        self.remaining = policy.budget
        self.pointer = 0
        self.org_awards: Counter[str] = Counter()
        self.call_awards: Counter[str] = Counter()
        self.stopped = False
        self.stop_when_short = policy.no_fit is NoFit.STOP
        # Every tier from the pointer down is full: stays true (slots only fill, the pointer
        # only moves down), and spares a scan of the tiers for each of thousands of entries.
        self.full = not any(slots)
        # Tiered outcome while the walk's state (budget, slots, pointer) is unchanged, by how
        # many tier floors the score reaches (all a score decides in ``tier_outcome``): past
        # the last award, thousands of entries share a handful of outcomes.
        self.floors = sorted({t.min_score for t in policy.tiers if t.min_score is not None})
        self.by_band: dict[int, _Outcome] = {}
        self.capped = (
            policy.max_awards_per_organisation is not None or policy.max_awards_per_call is not None
        )
        # The organisations and calls at their cap, while the award counts are unchanged.
        self.at_cap: tuple[set[str], set[str]] | None = None

    def changed(self) -> None:
        """An award moved the budget, slots or counts: forget what was worked out from them."""
        self.by_band = {}
        self.at_cap = None

    def cap_block(
        self, entry: Entry, org_awards: Counter[str], call_awards: Counter[str]
    ) -> _Outcome | None:
        org_cap = self.policy.max_awards_per_organisation
        org = entry.organisation
        if org_cap is not None and org is not None and org_awards.get(org, 0) >= org_cap:
            return _Outcome(
                Reason.ORG_CAP_REACHED,
                params={"organisation": entry.organisation, "cap": org_cap},
            )
        call_cap = self.policy.max_awards_per_call
        call = entry.call
        if call_cap is not None and call is not None and call_awards.get(call, 0) >= call_cap:
            return _Outcome(Reason.CALL_CAP_REACHED, params={"call": entry.call, "cap": call_cap})
        return None

    def funding_amount(self, entry: Entry) -> tuple[int, int | None]:
        ceiling = self.policy.call_ceilings.get(entry.call) if entry.call is not None else None
        amount = entry.requested_amount if ceiling is None else min(entry.requested_amount, ceiling)
        unit = self.policy.rounding_unit
        return amount // unit * unit, ceiling

    def evaluate(self, item: _Ranked) -> _Outcome:
        if self.stopped:
            return _Outcome(Reason.BUDGET_STOPPED, params={"remaining": self.remaining})
        if self.capped:
            blocked = self.cap_block(item.entry, self.org_awards, self.call_awards)
            if blocked is not None:
                return blocked
        if self.policy.mode is Mode.FUNDING:
            amount, ceiling = self.funding_amount(item.entry)
            if amount > self.remaining:
                return _Outcome(
                    Reason.BUDGET_EXHAUSTED,
                    params={"remaining": self.remaining, "needed": amount},
                )
            return _Outcome(
                Reason.AWARDED,
                amount=amount,
                params={
                    "amount": amount,
                    "requested": item.entry.requested_amount,
                    "ceiling": ceiling,
                },
            )
        return self.tiered(item.score)

    def tiered(self, score: Decimal) -> _Outcome:
        """``tier_outcome``, worked out once per band while the walk's state holds."""
        if self.full:
            return _TIERS_FULL
        band = bisect_right(self.floors, score)
        found = self.by_band.get(band)
        if found is None:
            found = self.by_band[band] = self.tier_outcome(score)
        return found

    def tier_outcome(self, score: Decimal) -> _Outcome:
        tiers = self.policy.tiers
        free = [i for i in range(self.pointer, len(tiers)) if self.used[i] < self.slots[i]]
        if not free:
            return _TIERS_FULL
        reachable = [i for i in free if tiers[i].min_score is None or score >= tiers[i].min_score]
        if not reachable:
            return _Outcome(
                Reason.BELOW_TIER_FLOOR, params={"free_tiers": [tiers[i].key for i in free]}
            )
        for i in reachable:
            if tiers[i].amount <= self.remaining:
                return _Outcome(
                    Reason.AWARDED,
                    tier=i,
                    amount=tiers[i].amount,
                    params={"amount": tiers[i].amount},
                )
        cheapest = min(reachable, key=lambda i: (tiers[i].amount, i))
        return _Outcome(
            Reason.BUDGET_EXHAUSTED,
            params={
                "remaining": self.remaining,
                "needed": tiers[cheapest].amount,
                "tier": tiers[cheapest].key,
            },
        )

    def apply(self, item: _Ranked, outcome: _Outcome) -> None:
        if outcome.reason is Reason.AWARDED:
            self.changed()
            self.remaining -= outcome.amount
            if outcome.tier is not None:
                self.used[outcome.tier] += 1
                self.pointer = max(self.pointer, outcome.tier)
                self.full = all(
                    self.used[i] >= self.slots[i] for i in range(self.pointer, len(self.slots))
                )
            if item.entry.organisation is not None:
                self.org_awards[item.entry.organisation] += 1
            if item.entry.call is not None:
                self.call_awards[item.entry.call] += 1
        elif outcome.reason is Reason.BUDGET_EXHAUSTED and self.stop_when_short:
            self.stopped = True

    def hold(self, outcome: _Outcome) -> None:
        if outcome.reason is Reason.AWARDED and outcome.tier is not None:
            self.held[outcome.tier] += 1

    def single(self, item: _Ranked) -> _Outcome:
        """``evaluate``, ``apply`` and ``hold`` for one entry (the common case, kept short)."""
        outcome = self.evaluate(item)
        if outcome.reason is Reason.AWARDED:
            self.apply(item, outcome)
            self.hold(outcome)
        elif outcome.reason is Reason.BUDGET_EXHAUSTED:
            self.apply(item, outcome)  # (stops the walk when the policy says so)
        return outcome

    def alike(self, score: Decimal) -> _Outcome | None:
        """The outcome ``single`` gives from here on to every entry of this score that no cap
        stops, when that outcome can neither award nor stop the walk, so that no entry of the
        score changes the walk's state; None when it could."""
        if self.stopped or self.policy.mode is Mode.FUNDING:
            return None
        found = self.tiered(score)
        if found.reason is Reason.AWARDED or (
            found.reason is Reason.BUDGET_EXHAUSTED and self.stop_when_short
        ):
            return None
        return found

    def blocked(self, members: Iterable[Entry]) -> list[int]:
        """The places of the entries that ``cap_block`` stops, while the walk's state holds."""
        if not self.capped:
            return []
        if self.at_cap is None:
            org_cap = self.policy.max_awards_per_organisation
            call_cap = self.policy.max_awards_per_call
            self.at_cap = (
                set() if org_cap is None else _at_least(self.org_awards, org_cap),
                set() if call_cap is None else _at_least(self.call_awards, call_cap),
            )
        orgs, calls = self.at_cap
        if not orgs and not calls:
            return []
        members = list(members)
        stopped = map(
            or_,
            map(orgs.__contains__, map(_organisation_of, members)),
            map(calls.__contains__, map(_call_of, members)),
        )
        return list(compress(count(), stopped))

    def group(self, members: Sequence[_Ranked]) -> list[_Outcome]:
        """Walk an unresolved tie group (committee or share fallback), members in id order."""
        before_org = Counter(self.org_awards)
        before_call = Counter(self.call_awards)
        independent = [
            self.cap_block(m.entry, before_org, before_call) is not None for m in members
        ]
        outcomes: list[_Outcome] = []
        for item in members:
            outcome = self.evaluate(item)
            self.apply(item, outcome)
            outcomes.append(outcome)
        contested = {
            (o.reason is Reason.AWARDED, o.tier)
            for o, alone in zip(outcomes, independent, strict=True)
            if not alone
        }
        if len(contested) <= 1:
            for outcome in outcomes:
                self.hold(outcome)
            return outcomes

        ids = [m.entry.id for m in members]
        if self.policy.tie_fallback is TieFallback.SHARE:
            shared = self._share(members, outcomes, before_org, before_call)
            if shared is not None:
                return shared
        result: list[_Outcome] = []
        for item, outcome, alone in zip(members, outcomes, independent, strict=True):
            if alone:
                result.append(outcome)
            else:
                others = [i for i in ids if i != item.entry.id]
                result.append(_Outcome(Reason.NEEDS_TIEBREAK, params={"tied_with": others}))
        return result

    def _share(
        self,
        members: Sequence[_Ranked],
        outcomes: Sequence[_Outcome],
        org_awards: Counter[str],
        call_awards: Counter[str],
    ) -> list[_Outcome] | None:
        won = [o for o in outcomes if o.reason is Reason.AWARDED]
        pool = sum(o.amount for o in won)
        slot_tiers = sorted(o.tier for o in won if o.tier is not None)
        org_awards = Counter(org_awards)
        call_awards = Counter(call_awards)
        result: list[_Outcome | None] = []
        sharers: list[str] = []
        for item in members:
            blocked = self.cap_block(item.entry, org_awards, call_awards)
            result.append(blocked)
            if blocked is None:
                sharers.append(item.entry.id)
                if item.entry.organisation is not None:
                    org_awards[item.entry.organisation] += 1
                if item.entry.call is not None:
                    call_awards[item.entry.call] += 1
        unit = self.policy.rounding_unit
        share = pool // len(sharers) // unit * unit if sharers else 0
        if share == 0:
            return None
        self.changed()
        self.org_awards = org_awards
        self.call_awards = call_awards
        for tier in slot_tiers:
            self.held[tier] += 1
        best = slot_tiers[0] if slot_tiers else None
        slots = [self.policy.tiers[t].key for t in slot_tiers]
        final: list[_Outcome] = []
        handed_out = 0
        for item, blocked in zip(members, result, strict=True):
            if blocked is not None:
                final.append(blocked)
                continue
            amount = share
            if self.policy.mode is Mode.FUNDING:
                amount = min(share, self.funding_amount(item.entry)[0])
            handed_out += amount
            final.append(
                _Outcome(
                    Reason.AWARDED,
                    tier=best,
                    amount=amount,
                    params={
                        "amount": amount,
                        "shared_with": [i for i in sharers if i != item.entry.id],
                        "pool": pool,
                        "slots": slots,
                    },
                )
            )
        self.remaining += pool - handed_out
        return final


def _transfer_slots(policy: Policy, best: Decimal | None) -> tuple[list[int], list[SlotTransfer]]:
    """Step (6): move the slots of tiers no ranked entry can reach (the best ranked score is
    ``best``, None when nothing is ranked) to the next tier, cascading."""
    slots = [t.count for t in policy.tiers]
    transfers: list[SlotTransfer] = []
    if (
        policy.mode is not Mode.TIERED
        or policy.unfilled_tier is not UnfilledTierRule.TRANSFER_SLOTS_DOWN
    ):
        return slots, transfers
    for index, tier in enumerate(policy.tiers[:-1]):
        reached = best is not None and (tier.min_score is None or best >= tier.min_score)
        if not reached and slots[index]:
            below = policy.tiers[index + 1]
            transfers.append(SlotTransfer(tier.key, below.key, slots[index]))
            slots[index + 1] += slots[index]
            slots[index] = 0
    return slots, transfers


def _rank(
    policy: Policy, entries: Sequence[Entry], scores: _Scores, ranked: list[int]
) -> list[list[int]]:
    """Step (4): the ranked entries (indexes in id order) ordered by score, tie keys, committee
    order, then id, in groups of what stays tied.

    The order is made by stable sorts on one integer column each, the least significant first
    (the indexes start in id order), so every comparison is of two integers.
    """
    negated = _NegatedUnits()
    tie_columns = [list(map(negated.__getitem__, scores.criteria[k])) for k in policy.tie_keys]
    score_column = list(map(negated.__getitem__, scores.score))
    order = list(ranked)
    positions = None
    if policy.committee_order:
        at = {entry_id: i for i, entry_id in enumerate(policy.committee_order)}
        positions = [at.get(entry.id) for entry in entries]
        last = len(at)
        order.sort(key=lambda i: last if positions[i] is None else positions[i])  # type: ignore[index]
    for column in reversed(tie_columns):
        order.sort(key=column.__getitem__)
    order.sort(key=score_column.__getitem__)

    ties = list(zip(score_column, *tie_columns, strict=True)) if tie_columns else score_column
    if positions is None:
        # A group ends wherever the tie value changes along the order.
        sorted_ties = list(map(ties.__getitem__, order))
        ends = compress(count(1), map(ne, sorted_ties, islice(sorted_ties, 1, None)))
        bounds = [0, *ends, len(order)] if order else [0]
        return [order[start:end] for start, end in pairwise(bounds)]
    groups: list[list[int]] = []
    previous = None
    for index in order:  # an entry the committee placed stands alone
        tie = ties[index]
        if tie == previous and positions[index] is None:
            groups[-1].append(index)
        else:
            groups.append([index])
        previous = tie if positions[index] is None else None
    return groups


_organisation_of = attrgetter("organisation")
_call_of = attrgetter("call")


def _at_least(awards: Counter[str], cap: int) -> set[str]:
    return {key for key, awarded in awards.items() if awarded >= cap}


_first = itemgetter(0)
_second = itemgetter(1)
_DIGEST = methodcaller("digest")
_make_decision = partial(tuple.__new__, Decision)
_params_of = attrgetter("params")
_entry_id = attrgetter("id")
_reviews_of = attrgetter("reviews")
_scores_of = attrgetter("scores")
_judge_of = attrgetter("judge")


class _NegatedUnits(dict):
    """A score (4 places) → minus the count of 0.0001 in it (best first), for cheap sorting.

    No score (an entry without reviews, never ranked) gives 0."""

    def __missing__(self, value: Decimal | None) -> int:
        units = self[value] = 0 if value is None else -int(value.scaleb(4))
        return units


class _Index(dict):
    """Value → its place among the distinct values seen so far."""

    def __missing__(self, value: Any) -> int:
        place = self[value] = len(self)
        return place


_JSON_TRUTH = {True: b"true", False: b"false"}


class _Sentences:
    """The two sentences of each decision, written once per distinct (reason, numbers) and,
    for the reasons that name the entry's score (``SCORED``), per score.

    Most decisions of a large run repeat a few sentences (TIERS_FULL, the same
    BUDGET_EXHAUSTED numbers), so each is written once; those naming a rank or other entries
    (AWARDED, NEEDS_TIEBREAK) are written every time.
    """

    # The reasons whose sentence names the entry's score (see ``_explain``).
    SCORED: ClassVar[frozenset[Reason]] = frozenset(
        {Reason.BELOW_TIER_FLOOR, Reason.BELOW_OVERALL_THRESHOLD}
    )

    # The parameters each reason's sentence reads (see ``_explain``).
    KEYED: ClassVar[dict[Reason, tuple[str, ...]]] = {
        Reason.INELIGIBLE: (),
        Reason.TIERS_FULL: (),
        Reason.BUDGET_STOPPED: (),
        Reason.BELOW_TIER_FLOOR: (),
        Reason.BELOW_OVERALL_THRESHOLD: ("min",),
        Reason.INSUFFICIENT_REVIEWS: ("reviews", "min_reviews"),
        Reason.NEEDS_CONSENSUS: ("spread", "limit"),
        Reason.BELOW_CRITERION_THRESHOLD: ("criterion", "criterion_score", "min"),
        Reason.ORG_CAP_REACHED: ("organisation", "cap"),
        Reason.CALL_CAP_REACHED: ("call", "cap"),
        Reason.BUDGET_EXHAUSTED: ("remaining", "needed", "tier"),
    }

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.write = partial(_explain, policy=policy, tiers_by_key={t.key: t for t in policy.tiers})
        self.written: dict[tuple[Any, ...], tuple[str, str]] = {}

    def __call__(
        self,
        reason: Reason,
        params: Mapping[str, Any],
        rank: int | None,
        score: Decimal | None,
        tier: Tier | None,
    ) -> tuple[str, str]:
        keyed = self.KEYED.get(reason)
        if keyed is None:
            return self.write(reason, params, rank=rank, score=score, tier=tier)
        key = (reason, score if reason in self.SCORED else None, *map(params.get, keyed))
        found = self.written.get(key)
        if found is None:
            found = self.written[key] = self.write(
                reason, params, rank=rank, score=score, tier=tier
            )
        return found


def allocate(policy: Policy, entries: Sequence[Entry]) -> AllocationResult:
    """Run the award policy over the entries (DESIGN.md steps 1–8)."""
    with _no_cyclic_gc():
        return _allocate(policy, entries)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cycle collector while a run builds its objects.

    A run of 100,000 entries makes millions of small objects, none in a reference cycle, so
    reference counting frees all of them; the cycle collector would only walk them again and
    again (a third of the run's time at that size). It is switched back on afterwards, also
    when the run raises, and left alone when the caller had already switched it off.

    What the run keeps (its result, a few hundred thousand objects) would otherwise be
    walked by the next young-generation collections only to be moved to the oldest
    generation; ``gc.freeze`` followed by ``gc.unfreeze`` moves every object there at once
    without walking any (documented behaviour of the two). It is skipped when the caller
    keeps objects frozen, as pre-forking servers do, since unfreezing would undo that.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


class _Reviews:
    """Every review of a run in one flat list: entries in id order, each entry's reviews in
    judge order, with the scores of each review as a row in criteria order.

    Reviews repeat a small number of distinct rows (a few thousand among 300,000 reviews),
    so everything a row decides (its judge total, its canonical JSON, its check against the
    criteria) is worked out once per distinct row and then looked up by the row's place.
    ``valid`` is False when some review does not carry exactly the policy's criteria or
    scores above a maximum; ``check_entries`` then names the field.
    """

    def __init__(self, policy: Policy, entries: Sequence[Entry]) -> None:
        self.counts = list(map(len, map(_reviews_of, entries)))
        self.offsets = [0, *accumulate(self.counts)]
        flat = [review for entry in entries for review in entry.reviews]
        judges = list(map(_judge_of, flat))
        if self._unordered(judges):
            # Each entry's places in judge order (a stable sort, as the reviews came).
            order = [
                place
                for start, end in pairwise(self.offsets)
                for place in (
                    sorted(range(start, end), key=judges.__getitem__)
                    if end - start > 1
                    else range(start, end)
                )
            ]
            flat = list(map(flat.__getitem__, order))
            judges = list(map(judges.__getitem__, order))
        self.judges = judges
        self.rows: list[tuple[Decimal, ...]] = []
        self.row_ids: list[int] = []
        self.valid = self._find_rows(policy, list(map(_scores_of, flat)))

    def _find_rows(self, policy: Policy, scores: list[Mapping[str, Decimal]]) -> bool:
        """Fill ``rows`` and ``row_ids``; whether every review carries exactly the criteria,
        each at most its maximum.

        Parsed reviews share one scores object per distinct row, so the rows are read from
        the distinct objects only; reviews built one by one are read one by one.
        """
        keys = [c.key for c in policy.criteria]
        getter = itemgetter(*keys) if len(keys) > 1 else _single_getter(keys[0])
        places = list(map(id, scores))
        shared = dict(zip(places, scores, strict=True))
        distinct = list(shared.values()) if len(shared) * 2 < len(scores) else scores
        # Every object holds at least the criteria when the getter finds them all, so it
        # holds exactly them when the sizes add up.
        try:
            rows = list(map(getter, distinct))
        except (KeyError, TypeError):
            return False
        if sum(map(len, distinct)) != len(keys) * len(distinct):
            return False
        index = _Index()
        row_ids = list(map(index.__getitem__, rows))
        if distinct is not scores:
            row_of = dict(zip(shared, row_ids, strict=True))
            row_ids = list(map(row_of.__getitem__, places))
        self.row_ids = row_ids
        self.rows = list(index)
        return all(
            max(map(itemgetter(place), self.rows), default=criterion.max) <= criterion.max
            for place, criterion in enumerate(policy.criteria)
        )

    def _unordered(self, judges: list[str]) -> bool:
        """Whether some entry lists a judge after one that sorts later."""
        if len(judges) < 2:
            return False
        descents = compress(count(1), map(gt, judges, islice(judges, 1, None)))
        starts = set(self.offsets)
        return not starts.issuperset(descents)

    def row_texts(self, keys: Sequence[str]) -> list[bytes]:
        """The canonical JSON of each distinct row's scores (``{"key":"score",…}``), UTF-8."""
        texts = _ScoreTexts()
        order = sorted(range(len(keys)), key=keys.__getitem__)
        names = [_encode_text(keys[i]) for i in order]
        return [
            (
                "{" + ",".join([f"{names[n]}:{texts[row[i]]}" for n, i in enumerate(order)]) + "}"
            ).encode()
            for row in self.rows
        ]


def _single_getter(key: str) -> Any:
    return lambda scores: (scores[key],)


#: Entries (or decisions) hashed at a time. Hashing the text of a run of 100,000 entries
#: chunk by chunk reuses the same memory instead of building two 40 MB strings, whose fresh
#: pages cost the process more than writing the text does.
_CHUNK = 1000
# The texts are put together as UTF-8 bytes: every distinct text is encoded once, and the
# ``%`` of bytes copies them as they are (a ``str`` holding Vietnamese would be widened).
_REVIEW_JSON = b'{"judge":%s,"scores":%s}'
_ENTRY_HEAD = (
    b'{"call":%s,"eligible":%s,"id":%s,"organisation":%s,"requested_amount":%d,"reviews":['
)
_ENTRY_JSON = _ENTRY_HEAD + b"%s]}"
_DECISION_JSON = (
    b'{"amount":%d,"explanation":{"en":%s,"vi":%s},"id":%s,"params":%s,"rank":%s,'
    b'"reason":%s,"score":%s,"tier":%s}'
)


def _input_hash(
    policy: Policy, entries: Sequence[Entry], reviews: _Reviews, id_texts: Sequence[bytes]
) -> str:
    """``input_hash`` from the flat reviews (the same bytes; a test compares the two)."""
    row_texts = reviews.row_texts([c.key for c in policy.criteria]).__getitem__
    judge_texts = _JsonBytes().__getitem__
    optional = _JsonBytes().__getitem__
    calls = list(map(optional, map(attrgetter("call"), entries)))
    truths = list(map(_JSON_TRUTH.__getitem__, map(bool, map(attrgetter("eligible"), entries))))
    organisations = list(map(optional, map(attrgetter("organisation"), entries)))
    amounts = list(map(int, map(attrgetter("requested_amount"), entries)))
    offsets, judges, row_ids = reviews.offsets, reviews.judges, reviews.row_ids
    counts = reviews.counts
    digest = hashlib.sha256(b'{"entries":[')
    for start in range(0, len(entries), _CHUNK):
        stop = min(start + _CHUNK, len(entries))
        first, last = offsets[start], offsets[stop]
        judge_column = list(map(judge_texts, judges[first:last]))
        row_column = list(map(row_texts, row_ids[first:last]))
        heads = (
            calls[start:stop],
            truths[start:stop],
            id_texts[start:stop],
            organisations[start:stop],
            amounts[start:stop],
        )
        size = counts[start]
        if counts[start:stop].count(size) == stop - start:
            # Every entry of the chunk has ``size`` reviews: one template for the whole entry,
            # its reviews' judge and scores columns taken by stride.
            template = _ENTRY_HEAD + b",".join([_REVIEW_JSON] * size) + b"]}"
            columns = [c[k::size] for k in range(size) for c in (judge_column, row_column)]
            text = b",".join(map(template.__mod__, zip(*heads, *columns, strict=True)))
        else:
            texts = list(map(_REVIEW_JSON.__mod__, zip(judge_column, row_column, strict=True)))
            joined = [
                b",".join(texts[a - first : b - first])
                for a, b in pairwise(offsets[start : stop + 1])
            ]
            text = b",".join(map(_ENTRY_JSON.__mod__, zip(*heads, joined, strict=True)))
        if start:
            digest.update(b",")
        digest.update(text)
    digest.update(b'],"policy":')
    digest.update(canonical_json(policy_to_dict(policy)))
    digest.update(b"}")
    return digest.hexdigest()


@dataclass
class _Scores:
    """Aggregated scores of every entry, in id order (None where an entry has no review)."""

    counts: list[int]
    score: list[Decimal | None]
    criteria: dict[str, list[Decimal | None]]  # only the criteria the run reads
    spread: list[Decimal | None] | None  # only when the policy flags disagreement


def _entry_scores(
    policy: Policy, entries: Sequence[Entry], reviews: _Reviews, keys: Sequence[str]
) -> _Scores:
    """Step (2): each entry's score, the criterion scores in ``keys`` and the judges' spread.

    Mean, median and trimmed mean run on the exact integers of ``aggregation.Scaled`` over
    the distinct score rows, as do the criterion scores and spread of zscore, whose scores
    come from ``_zscore_scores``; scores with more decimal places than that arithmetic takes go
    through ``aggregate_pool``. Every way gives the same values.
    """
    scaled = Scaled.for_values({value for row in reviews.rows for value in row}, policy.criteria)
    if scaled is None:
        return _pooled_scores(policy, entries, reviews, keys)

    method, trim = policy.aggregation, policy.trim
    if method is Aggregation.ZSCORE:  # (its criterion scores are means)
        method = Aggregation.MEAN
    positions = {c.key: i for i, c in enumerate(policy.criteria)}
    value_of = scaled.values.__getitem__
    row_values = [tuple(map(value_of, row)) for row in reviews.rows]
    weights = scaled.weights
    row_totals = [sum(map(mul, weights, values)) for values in row_values]
    totals = list(map(row_totals.__getitem__, reviews.row_ids))
    counts, offsets = reviews.counts, reviews.offsets
    starts, ends = offsets[:-1], offsets[1:]
    rounder = scaled.rounder
    plain = method is Aggregation.MEAN or (method is Aggregation.TRIMMED_MEAN and trim <= 0)

    def combine(values: list[int], scale: int) -> list[Decimal | None]:
        if plain:
            prefix = [0, *accumulate(values)]
            sums = map(sub, map(prefix.__getitem__, ends), map(prefix.__getitem__, starts))
            by_count = {n: rounder(n * scale) for n in set(counts) if n}
            if len(by_count) == 1 and all(counts):  # every entry has the same number of reviews
                return list(map(next(iter(by_count.values())).__getitem__, sums))
            return [by_count[n][s] if n else None for n, s in zip(counts, sums, strict=True)]
        return [
            scaled.combine(values[a:b], method, trim, scale) if b > a else None
            for a, b in zip(starts, ends, strict=True)
        ]

    columns = {}
    for key in keys:
        place = positions[key]
        column_of_row = [values[place] for values in row_values]
        columns[key] = combine(
            list(map(column_of_row.__getitem__, reviews.row_ids)), scaled.score_scale
        )
    spread = None
    if policy.disagreement_spread is not None:
        exact = rounder(scaled.total_scale)
        spread = [
            exact[max(part) - min(part)] if (part := totals[a:b]) else None
            for a, b in zip(starts, ends, strict=True)
        ]
    if policy.aggregation is Aggregation.ZSCORE:
        score = _zscore_scores(policy, entries, reviews)
    else:
        score = combine(totals, scaled.total_scale)
    return _Scores(counts, score, columns, spread)


def _zscore_scores(
    policy: Policy, entries: Sequence[Entry], reviews: _Reviews
) -> list[Decimal | None]:
    """Each eligible entry's zscore score, as ``aggregate_pool`` gives it over the pool of the
    eligible entries: the judge totals of each distinct score row worked out once."""
    criteria = policy.criteria
    keys = [c.key for c in criteria]
    row_totals = [
        judge_total(Review("", dict(zip(keys, row, strict=True))), criteria) for row in reviews.rows
    ]
    eligible = list(map(truth, map(attrgetter("eligible"), entries)))
    pooled = list(chain.from_iterable(map(repeat, eligible, reviews.counts)))
    adjusted = zscore_adjusted(
        list(compress(reviews.judges, pooled)),
        list(compress(map(row_totals.__getitem__, reviews.row_ids), pooled)),
        policy.min_judge_sample,
    )
    # Each reviewed eligible entry's adjusted totals are consecutive in ``adjusted``.
    counts = list(compress(reviews.counts, eligible))
    reviewed = list(compress(compress(count(), eligible), counts))
    means = means_of_runs(adjusted, list(filter(None, counts)))
    scores: list[Decimal | None] = [None] * len(entries)
    for index, score in zip(reviewed, map(quantise, means), strict=True):
        scores[index] = score
    return scores


def _pooled_scores(
    policy: Policy, entries: Sequence[Entry], reviews: _Reviews, keys: Sequence[str]
) -> _Scores:
    aggregates = aggregate_pool(
        [EntryReviews(e.id, e.reviews) for e in entries if e.eligible],
        policy.criteria,
        method=policy.aggregation,
        trim=policy.trim,
        min_judge_sample=policy.min_judge_sample,
    )
    found = [aggregates.get(e.id) if e.eligible else None for e in entries]
    return _Scores(
        reviews.counts,
        [a.score if a is not None else None for a in found],
        {
            key: [a.criterion_scores.get(key) if a is not None else None for a in found]
            for key in keys
        },
        [a.spread if a is not None else None for a in found],
    )


def _check(policy: Policy, entries: Sequence[Entry], reviews: _Reviews) -> None:
    """``check_entries`` for a run: the cheap whole-run tests first, and ``check_entries``
    itself (which names the field) only when one of them fails."""
    ids = set(map(_entry_id, entries))
    needs_request = policy.mode is Mode.FUNDING and any(
        e.eligible and e.requested_amount < policy.rounding_unit for e in entries
    )
    if (
        not reviews.valid
        or len(ids) != len(entries)
        or needs_request
        or not ids.issuperset(policy.committee_order)
    ):
        check_entries(policy, entries)
    if not reviews.valid:  # check_entries finds every problem ``_Reviews`` can see
        raise PolicyInputError("entries", "scores do not match the policy's criteria")


def _screen(
    policy: Policy,
    entries: Sequence[Entry],
    scores: _Scores,
    minimums: Sequence[Criterion],
    decide_unranked: Any,
    decide_unranked_alike: Any,
) -> tuple[list[int], dict[int, dict[str, Any]]]:
    """Step (3): screening. Entries that are not ranked are decided (``decide_unranked``), in
    id order; returns the indexes of the ranked entries and the disagreement flags by index."""
    limit = policy.disagreement_spread
    min_reviews, block = policy.min_reviews, policy.block_on_disagreement
    if limit is None and not minimums and min_reviews > 0:
        ranked = _screen_columns(entries, scores, policy, decide_unranked, decide_unranked_alike)
        return ranked, {}
    ranked = []
    flags_of: dict[int, dict[str, Any]] = {}
    limit_text = None if limit is None else str(quantise(limit))
    spreads = scores.spread if limit is not None else None
    overall_min = policy.overall_min
    overall_params = None if overall_min is None else {"min": str(quantise(overall_min))}
    criterion_scores = scores.criteria
    no_flags: dict[str, Any] = {}
    for index, entry, count_, score in zip(
        count(), entries, scores.counts, scores.score, strict=False
    ):
        if not entry.eligible:
            decide_unranked(index, None, Reason.INELIGIBLE, {})
            continue
        flags = no_flags
        if spreads is not None:
            spread = spreads[index]
            if spread is not None and spread > limit:  # type: ignore[operator]
                flags = {"disagreement": True, "spread": str(spread)}
        if count_ < min_reviews:
            params = {"reviews": count_, "min_reviews": min_reviews}
            decide_unranked(index, score, Reason.INSUFFICIENT_REVIEWS, params | flags)
            continue
        if flags and block:
            params = {"spread": flags["spread"], "limit": limit_text}
            decide_unranked(index, score, Reason.NEEDS_CONSENSUS, params)
            continue
        if minimums and _below_minimum(
            index, score, flags, minimums, criterion_scores, decide_unranked
        ):
            continue
        if overall_params is not None and score < overall_min:  # type: ignore[operator]
            decide_unranked(
                index,
                score,
                Reason.BELOW_OVERALL_THRESHOLD,
                overall_params | flags if flags else overall_params,
            )
            continue
        ranked.append(index)
        if flags:
            flags_of[index] = flags
    return ranked, flags_of


def _screen_columns(
    entries: Sequence[Entry],
    scores: _Scores,
    policy: Policy,
    decide_unranked: Any,
    decide_unranked_alike: Any,
) -> list[int]:
    """``_screen`` without disagreement limit or criterion minimums: no entry has flags, and
    each test is one pass over a column. Entries are decided in id order within each reason
    (the caller reads them back in id order)."""
    min_reviews, overall_min = policy.min_reviews, policy.overall_min
    eligible = list(map(truth, map(attrgetter("eligible"), entries)))
    enough = list(map(ge, scores.counts, repeat(min_reviews)))
    ineligible = list(compress(count(), map(not_, eligible)))
    decide_unranked_alike(
        ineligible, [None] * len(ineligible), Reason.INELIGIBLE, [{} for _ in ineligible]
    )
    for index in compress(count(), map(gt, eligible, enough)):  # eligible, too few reviews
        params = {"reviews": scores.counts[index], "min_reviews": min_reviews}
        decide_unranked(index, scores.score[index], Reason.INSUFFICIENT_REVIEWS, params)
    ranked = list(compress(count(), map(and_, eligible, enough)))
    if overall_min is None:
        return ranked
    low = list(map(lt, map(scores.score.__getitem__, ranked), repeat(overall_min)))
    below = list(compress(ranked, low))
    decide_unranked_alike(
        below,
        list(map(scores.score.__getitem__, below)),
        Reason.BELOW_OVERALL_THRESHOLD,
        [{"min": str(quantise(overall_min))}] * len(below),
    )
    return list(compress(ranked, map(not_, low)))


def _below_minimum(
    index: int,
    score: Decimal | None,
    flags: dict[str, Any],
    minimums: Sequence[Criterion],
    criterion_scores: Mapping[str, list[Decimal | None]],
    decide_unranked: Any,
) -> bool:
    """Decide BELOW_CRITERION_THRESHOLD for the first criterion whose minimum the entry misses."""
    for criterion in minimums:
        value = criterion_scores[criterion.key][index]
        assert value is not None and criterion.min is not None
        if value < criterion.min:
            params = {
                "criterion": criterion.key,
                "criterion_score": str(value),
                "min": str(quantise(criterion.min)),
            }
            decide_unranked(index, score, Reason.BELOW_CRITERION_THRESHOLD, params | flags)
            return True
    return False


def _allocate(policy: Policy, given: Sequence[Entry]) -> AllocationResult:
    entries = sorted(given, key=_entry_id)
    reviews = _Reviews(policy, entries)
    _check(policy, given, reviews)
    id_texts = _id_texts(entries)
    run_input_hash = _input_hash(policy, entries, reviews, id_texts)

    minimums = [c for c in policy.criteria if c.min is not None]
    read_keys = list(dict.fromkeys([*policy.tie_keys, *(c.key for c in minimums)]))
    scores = _entry_scores(policy, entries, reviews, read_keys)
    score_of = scores.score

    sentences = _Sentences(policy)
    in_id_order: list[Decision | None] = [None] * len(entries)
    entry_ids = list(map(_entry_id, entries))

    def record(
        indexes: Sequence[int],
        ranks: Iterable[int | None],
        given: Iterable[Decimal | None],
        tier: Tier | None,
        reason: Reason,
        params: Iterable[dict],
        vi: Iterable[str],
        en: Iterable[str],
    ) -> list[Decision]:
        """The unawarded decisions of these entries (scores ``given``), each also put in its
        place in id order."""
        made = list(
            map(
                _make_decision,
                zip(
                    map(entry_ids.__getitem__, indexes),
                    ranks,
                    given,
                    repeat(tier.key if tier is not None else None),
                    repeat(0),
                    repeat(reason),
                    params,
                    vi,
                    en,
                ),
            )
        )
        for index, decision in zip(indexes, made, strict=True):
            in_id_order[index] = decision
        return made

    def decide_unranked(index: int, score: Decimal | None, reason: Reason, params: dict) -> None:
        vi, en = sentences(reason, params, None, score, None)
        decision = _make_decision((entry_ids[index], None, score, None, 0, reason, params, vi, en))
        in_id_order[index] = decision

    def decide_unranked_alike(
        indexes: list[int], given: list[Decimal | None], reason: Reason, params: list[dict]
    ) -> None:
        """``decide_unranked`` for entries whose sentences depend on their score alone."""
        said = dict.fromkeys(given)  # (each distinct score as first met, as the memo keys it)
        for score in said:
            said[score] = sentences(reason, params[0], None, score, None)
        pairs = list(map(said.__getitem__, given))
        vi, en = map(_first, pairs), map(_second, pairs)
        record(indexes, repeat(None), given, None, reason, params, vi, en)

    ranked, flags_of = _screen(
        policy, entries, scores, minimums, decide_unranked, decide_unranked_alike
    )
    # In id order, as screening met them.
    unranked: list[Decision] = list(filter(None, in_id_order))
    groups = _rank(policy, entries, scores, ranked)

    # Steps (5)–(7): transfer slots, walk, resolve ties; and step (8) for the ranked entries.
    best = scores.score[groups[0][0]] if groups else None
    slots, transfers = _transfer_slots(policy, best)
    walk = _Walk(policy, slots)
    seed = (
        _lottery_seed(policy, id_texts)
        if policy.tie_fallback is TieFallback.SEEDED_LOTTERY
        else None
    )
    seed_prefix = f"{seed}:".encode()
    decisions: list[Decision] = []
    tiers = policy.tiers
    needs_tiebreak = False
    # (id of the walk's params, id of the group's lottery params) → the two merged, and the
    # two themselves: holding them keeps their ids from being reused while the walk runs.
    with_lottery: dict[tuple[int, int], tuple[dict[str, Any], dict, dict]] = {}
    said_of: dict[int, tuple[str, str, _Outcome]] = {}

    def with_draw(params: dict[str, Any], lottery: dict | None) -> dict[str, Any]:
        if lottery is None:
            return params
        # Members of one group that the walk treated alike share one mapping.
        key = (id(params), id(lottery))
        found = with_lottery.get(key)
        if found is None:
            found = with_lottery[key] = (params | lottery, params, lottery)
        return found[0]

    def said(outcome: _Outcome, rank: int, score: Decimal, tier: Tier | None) -> tuple[str, str]:
        # The walk hands one outcome to every entry it treats alike (see ``_Walk.evaluate``),
        # and a sentence that names neither rank nor score depends on nothing else: written
        # once per outcome.
        found = said_of.get(id(outcome))
        if found is None:
            vi, en = sentences(outcome.reason, outcome.params, rank, score, tier)
            if outcome.reason in sentences.KEYED and outcome.reason not in sentences.SCORED:
                said_of[id(outcome)] = (vi, en, outcome)  # (holding it keeps its id unique)
            return vi, en
        return found[0], found[1]

    def decide(item: _Ranked, outcome: _Outcome, rank: int, lottery: dict | None) -> None:
        nonlocal needs_tiebreak
        reason = outcome.reason
        params = outcome.params
        tier = tiers[outcome.tier] if outcome.tier is not None else None
        amount = 0
        if reason is Reason.AWARDED:
            amount = outcome.amount
            params = {k: v for k, v in params.items() if k != "amount"}
        elif reason is Reason.NEEDS_TIEBREAK:
            needs_tiebreak = True
        params = with_draw(params, lottery)
        if flags_of:
            flags = flags_of.get(item.index)
            if flags:
                params = params | flags
        vi, en = said(outcome, rank, item.score, tier)
        decision = _make_decision(
            (
                item.entry.id,
                rank,
                item.score,
                tier.key if tier is not None else None,
                amount,
                reason,
                params,
                vi,
                en,
            )
        )
        decisions.append(decision)
        in_id_order[item.index] = decision

    def decide_alike(
        indexes: list[int], outcome: _Outcome, ranks: Sequence[int], lottery: dict | None
    ) -> None:
        """``decide(item, walk.single(item), …)`` for each entry of a tie (``indexes``, in the
        order they take ``ranks``), when ``walk.alike`` gave ``outcome`` for their score: the
        entries a cap stops one by one, the rest at once."""
        tier = tiers[outcome.tier] if outcome.tier is not None else None
        params = with_draw(outcome.params, lottery)
        vi, en = said(outcome, ranks[0], score_of[indexes[0]], tier)
        column = [params] * len(indexes)
        if flags_of:
            for place, index in enumerate(indexes):
                flags = flags_of.get(index)
                if flags:
                    column[place] = params | flags
        start = 0
        stopped = walk.blocked(map(entries.__getitem__, indexes))
        for stop in (*stopped, len(indexes)):
            part = indexes[start:stop]
            scored = map(score_of.__getitem__, part)
            made = record(
                part,
                ranks[start:stop],
                scored,
                tier,
                outcome.reason,
                column[start:stop],
                repeat(vi),
                repeat(en),
            )
            decisions.extend(made)
            if stop < len(indexes):
                index = indexes[stop]
                item = _make_ranked((index, entries[index], score_of[index]))
                decide(item, walk.single(item), ranks[stop], lottery)
            start = stop + 1

    draw_of: dict[int, bytes] = {}
    if seed is not None:
        # The draw: SHA-256(seed:id) orders each tie group, which takes the distinct ranks
        # ``lottery_ranks`` (first and last); each member's params name them.
        tied = [index for group in groups if len(group) > 1 for index in group]
        draws = map(
            hashlib.sha256,
            map(seed_prefix.__add__, map(str.encode, map(entry_ids.__getitem__, tied))),
        )
        draw_of = dict(zip(tied, map(_DIGEST, draws), strict=True))  # (digest order is hex order)
    position = 0
    for group in groups:
        rank = position + 1
        position += len(group)
        score = score_of[group[0]]  # (the whole group's, which ties on it)
        if len(group) == 1:
            item = _make_ranked((group[0], entries[group[0]], score))
            decide(item, walk.single(item), rank, None)
            continue
        if seed is not None:
            drawn = sorted(group, key=draw_of.__getitem__)
            lottery = {"lottery_ranks": [rank, rank + len(drawn) - 1]}
            for draw, index in enumerate(drawn):
                alike = walk.alike(score)
                if alike is not None and alike.reason in sentences.KEYED:
                    ranks = range(rank + draw, rank + len(drawn))
                    decide_alike(drawn[draw:], alike, ranks, lottery)
                    break
                item = _make_ranked((index, entries[index], score_of[index]))
                decide(item, walk.single(item), rank + draw, lottery)
            continue
        alike = walk.alike(score)
        if alike is not None and alike.reason in sentences.KEYED:
            decide_alike(group, alike, [rank] * len(group), None)
            continue
        members = list(
            map(
                _make_ranked,
                zip(
                    group,
                    map(entries.__getitem__, group),
                    map(score_of.__getitem__, group),
                    strict=True,
                ),
            )
        )
        for item, outcome in zip(members, walk.group(members), strict=True):
            decide(item, outcome, rank, None)
    decisions.extend(unranked)

    spent = sum(map(attrgetter("amount"), decisions))
    if any(d.reason is Reason.NEEDS_CONSENSUS for d in unranked):
        status = RunStatus.NEEDS_CONSENSUS
    elif needs_tiebreak:
        status = RunStatus.NEEDS_TIEBREAK
    else:
        status = RunStatus.FINAL

    tier_outcomes: list[TierOutcome] = []
    unfilled: list[UnfilledTier] = []
    for index, tier in enumerate(policy.tiers):
        awarded = walk.held[index]
        tier_outcomes.append(TierOutcome(tier.key, tier.count, slots[index], awarded, tier.amount))
        places = max(tier.count, slots[index])
        if awarded < places:
            vi, en = _explain_unfilled(tier, places - awarded, places)
            unfilled.append(UnfilledTier(tier.key, places - awarded, places, vi, en))

    result = AllocationResult(
        status=status,
        mode=policy.mode,
        budget=policy.budget,
        spent=spent,
        unspent=policy.budget - spent,
        input_hash=run_input_hash,
        result_hash="",
        lottery_seed=seed,
        decisions=tuple(decisions),
        tiers=tuple(tier_outcomes),
        unfilled_tiers=tuple(unfilled),
        transfers=tuple(transfers),
    )
    return replace(result, result_hash=_result_hash(result, in_id_order, id_texts))  # type: ignore[arg-type]


def result_hash(result: AllocationResult) -> str:
    """SHA-256 of the canonical result without its own hash, decisions sorted by id.

    That is ``canonical_json`` of ``_result_body`` with the decisions sorted by id; the
    decisions are written directly (same bytes, checked by a test) because the generic encoder
    is slow on a hundred thousand small dicts.
    """
    in_id_order = sorted(result.decisions, key=_entry_id)
    return _result_hash(result, in_id_order, _id_texts(in_id_order))


def _id_texts(items: Iterable[Entry | Decision]) -> list[bytes]:
    """Each id as a JSON string, UTF-8."""
    return list(map(str.encode, map(_encode_text, map(_entry_id, items))))


def _result_hash(
    result: AllocationResult, in_id_order: Sequence[Decision], id_texts: Sequence[bytes]
) -> str:
    body = _result_body(replace(result, decisions=()))
    text = canonical_json(body).decode()
    marker = '"decisions":[]'
    head, found, tail = text.partition(marker)
    assert found
    writer = _DecisionWriter()
    texts = optional = _JsonBytes().__getitem__
    places = range(1, len(in_id_order) + 1)  # every rank a run gives, written at once
    scores = _ScoreBytes().__getitem__
    ranks = _RankBytes(zip(places, map(b"%d".__mod__, places), strict=True)).__getitem__
    # Each distinct parameter mapping once (by identity: the decisions hold every mapping
    # while this runs, so no id is reused), then looked up for every decision.
    all_params = list(map(_params_of, in_id_order))
    mappings = dict(zip(map(id, all_params), all_params, strict=True))
    params_text = {key: writer.params(p).encode() for key, p in mappings.items()}.__getitem__
    digest = hashlib.sha256(head.encode())
    digest.update(b'"decisions":[')
    for start in range(0, len(in_id_order), _CHUNK):
        stop = start + _CHUNK
        _, rank, score, tier, amount, reason, param, vi, en = zip(
            *in_id_order[start:stop], strict=True
        )
        chunk = b",".join(
            map(
                _DECISION_JSON.__mod__,
                zip(
                    amount,
                    map(texts, en),
                    map(texts, vi),
                    id_texts[start:stop],
                    map(params_text, map(id, param)),
                    map(ranks, rank),
                    map(texts, reason),
                    map(scores, score),
                    map(optional, tier),
                    strict=True,
                ),
            )
        )
        if start:
            digest.update(b",")
        digest.update(chunk)
    digest.update(b"]")
    digest.update(tail.encode())
    return digest.hexdigest()


class _RankBytes(dict):
    """Rank or None → its JSON text, UTF-8."""

    def __missing__(self, value: int | None) -> bytes:
        text = self[value] = b"null" if value is None else b"%d" % int(value)
        return text


class _ScoreBytes(dict):
    """Score or None → its JSON text (the decimal's string form, a JSON string), UTF-8."""

    def __missing__(self, value: Decimal | None) -> bytes:
        text = self[value] = b"null" if value is None else _encode_text(str(value)).encode()
        return text


class _JsonBytes(dict):
    """Text or None → its JSON form, UTF-8, encoded once per distinct value."""

    def __missing__(self, value: str | None) -> bytes:
        encoded = self[value] = b"null" if value is None else _encode_text(value).encode()
        return encoded


_CANONICAL_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class _DecisionWriter:
    """``canonical_json(d.to_dict())`` as text, for many decisions of one run.

    Most decisions of a large run share their sentences and their parameters (the walk hands
    one parameter mapping to every entry it treats alike), so every distinct text is encoded
    once (the caller writes each distinct mapping once), and mappings with the same keys share
    one ``%`` template.
    Parameter values of the kinds the algorithm writes (text, integer, boolean, null, list of
    texts) are written here; anything else goes through the canonical encoder.
    """

    def __init__(self) -> None:
        self.texts = _JsonTexts()
        self.layouts: dict[tuple[str, ...], tuple[str, Any]] = {}

    def value(self, value: Any) -> str:
        if type(value) is int:  # (not a bool)
            return str(value)
        if isinstance(value, str):
            return self.texts[value]
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, list | tuple):
            kinds = set(map(type, value))
            if kinds == {int}:  # a pair of ranks (``lottery_ranks``)
                return "[" + ",".join(map(str, value)) + "]"
            if kinds == {str}:  # entry ids, tier keys
                return "[" + ",".join(map(self.texts.__getitem__, value)) + "]"
        return _CANONICAL_ENCODER.encode(value)

    def layout(self, keys: tuple[str, ...]) -> tuple[str, Any]:
        """A ``%`` template of a mapping with these keys, and the getter of its values."""
        found = self.layouts.get(keys)
        if found is None:
            ordered = sorted(keys)
            template = (
                "{" + ",".join(_encode_text(k).replace("%", "%%") + ":%s" for k in ordered) + "}"
            )
            getter = itemgetter(*ordered) if len(ordered) > 1 else _single_getter(ordered[0])
            found = self.layouts[keys] = (template, getter)
        return found

    def params(self, params: Mapping[str, Any]) -> str:
        if not params:
            return "{}"
        template, getter = self.layout(tuple(params))
        return template % tuple(map(self.value, getter(params)))


def simulate(policy_data: Any, entries_data: Any) -> dict[str, Any]:
    """Parse JSON-shaped input, run the policy, return the JSON-shaped result."""
    policy = parse_policy(policy_data)
    entries = parse_entries(entries_data)
    return allocate(policy, entries).to_dict()
