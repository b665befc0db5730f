"""Aggregation of review scores into per-entry scores (DESIGN.md, "Award policy").

Pure: no Django, no I/O. Every result is a ``Decimal`` quantised to 4 places with
ROUND_HALF_EVEN. Intermediate arithmetic runs in a private decimal context (precision 40) so the
caller's context never changes a result, and inputs are sorted (entries by id, reviews by judge)
before summing so the result never depends on input order.

Standard deviations are **population** standard deviations (divide by n): a judge's pool is every
entry that judge scored, the whole population, not a sample of it. The same σ is used for the
judge (σ_j) and for the pool (σ).
"""

from __future__ import annotations

import decimal
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import partial, reduce
from itertools import accumulate, repeat
from operator import attrgetter, mul, sub

FOUR_PLACES = Decimal("0.0001")
_CONTEXT = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN)
_ZERO = Decimal(0)


class Aggregation(StrEnum):
    MEAN = "mean"
    MEDIAN = "median"
    TRIMMED_MEAN = "trimmed_mean"
    ZSCORE = "zscore"


@dataclass(frozen=True)
class Criterion:
    key: str
    weight: Decimal
    max: Decimal
    min: Decimal | None = None


@dataclass(frozen=True)
class Review:
    judge: str
    scores: Mapping[str, Decimal]


@dataclass(frozen=True)
class EntryReviews:
    entry_id: str
    reviews: tuple[Review, ...]


@dataclass(frozen=True)
class EntryAggregate:
    """Scores of one entry. ``score`` and ``spread`` are None when the entry has no review."""

    entry_id: str
    review_count: int
    score: Decimal | None
    criterion_scores: Mapping[str, Decimal]
    spread: Decimal | None
    judge_totals: Mapping[str, Decimal]


def quantise(value: Decimal) -> Decimal:
    """4 places, half-even; never returns a negative zero."""
    result = value.quantize(FOUR_PLACES, rounding=decimal.ROUND_HALF_EVEN, context=_CONTEXT)
    return result.copy_abs() if result.is_zero() else result


def judge_total(review: Review, criteria: Sequence[Criterion]) -> Decimal:
    """T = Σ weight × criterion score (exact, not quantised)."""
    total = Decimal(0)
    for criterion in criteria:
        total = _CONTEXT.add(
            total, _CONTEXT.multiply(criterion.weight, review.scores[criterion.key])
        )
    return total


def mean(values: Sequence[Decimal]) -> Decimal:
    """Σ values / n, the sum taken left to right from 0 (each step rounded in ``_CONTEXT``)."""
    if not values:
        raise ValueError("mean of no values")
    return _CONTEXT.divide(reduce(_CONTEXT.add, values, _ZERO), Decimal(len(values)))


def means_of_runs(values: Sequence[Decimal], counts: Sequence[int]) -> list[Decimal]:
    """``mean`` of each consecutive run of values, ``counts[i]`` values long (each above 0)."""
    ends = list(accumulate(counts))
    runs = map(values.__getitem__, map(slice, map(sub, ends, counts), ends))
    sums = map(partial(reduce, _CONTEXT.add), runs, repeat(_ZERO))
    divisors = {n: Decimal(n) for n in set(counts)}
    return list(map(_CONTEXT.divide, sums, map(divisors.__getitem__, counts)))


def median(values: Sequence[Decimal]) -> Decimal:
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return mean(ordered[middle - 1 : middle + 1])


def trimmed_mean(values: Sequence[Decimal], trim: int) -> Decimal:
    """Drop ``trim`` values from each end, only when n ≥ 2·trim + 3; otherwise the plain mean."""
    if trim > 0 and len(values) >= 2 * trim + 3:
        return mean(sorted(values)[trim:-trim])
    return mean(values)


def population_stdev(values: Sequence[Decimal]) -> Decimal:
    """√(mean of (v − mean)²), the squares summed in order; each distinct value's square is
    worked out once (a judge's totals repeat a few hundred values)."""
    centre = mean(values)
    square_of = dict.fromkeys(values)
    for value in square_of:
        deviation = _CONTEXT.subtract(value, centre)
        square_of[value] = _CONTEXT.multiply(deviation, deviation)
    return _CONTEXT.sqrt(mean(list(map(square_of.__getitem__, values))))


def combine(values: Sequence[Decimal], method: Aggregation, trim: int) -> Decimal:
    """Mean, median or trimmed mean of raw values; zscore falls back to the mean here."""
    if method is Aggregation.MEDIAN:
        return median(values)
    if method is Aggregation.TRIMMED_MEAN:
        return trimmed_mean(values, trim)
    return mean(values)


def spread(totals: Iterable[Decimal]) -> Decimal:
    values = list(totals)
    return quantise(_CONTEXT.subtract(max(values), min(values)))


def _zscore_adjuster(
    pool: Sequence[tuple[str, str, Decimal]], min_judge_sample: int
) -> dict[tuple[str, str], Decimal]:
    """Adjusted total per (entry id, judge) for the zscore method (see ``zscore_adjusted``)."""
    values = zscore_adjusted([p[1] for p in pool], [p[2] for p in pool], min_judge_sample)
    return dict(zip([(p[0], p[1]) for p in pool], values, strict=True))


def zscore_adjusted(
    judges: Sequence[str], totals: Sequence[Decimal], min_judge_sample: int
) -> list[Decimal]:
    """The adjusted total of each review of a pool (``judges[i]`` gave ``totals[i]``).

    z = (T − μ_j)/σ_j over the entries judge j scored in the pool, rescaled as z·σ + μ with the
    pool's μ and σ over all judge totals. A judge with fewer than ``min_judge_sample`` entries or
    σ_j = 0 is only shifted: T − μ_j + μ. The sums run in pool order; each (judge, total) is
    worked out once, since a judge gives the same total to many entries.
    """
    if not totals:
        return []
    by_judge: dict[str, list[Decimal]] = defaultdict(list)
    for judge, total in zip(judges, totals, strict=True):
        by_judge[judge].append(total)
    pool_mean = mean(totals)
    pool_sigma = population_stdev(totals)
    judge_mean = {judge: mean(values) for judge, values in by_judge.items()}
    judge_sigma = {judge: population_stdev(values) for judge, values in by_judge.items()}
    shift_only = {
        judge: len(by_judge[judge]) < min_judge_sample or judge_sigma[judge].is_zero()
        for judge in by_judge
    }
    adjusted: dict[tuple[str, Decimal], Decimal] = {}
    for judge, total in dict.fromkeys(zip(judges, totals, strict=True)):
        deviation = _CONTEXT.subtract(total, judge_mean[judge])
        if shift_only[judge]:
            value = _CONTEXT.add(deviation, pool_mean)
        else:
            z = _CONTEXT.divide(deviation, judge_sigma[judge])
            value = _CONTEXT.add(_CONTEXT.multiply(z, pool_sigma), pool_mean)
        adjusted[judge, total] = value
    return list(map(adjusted.__getitem__, zip(judges, totals, strict=True)))


def aggregate_pool(
    entries: Iterable[EntryReviews],
    criteria: Sequence[Criterion],
    *,
    method: Aggregation = Aggregation.MEAN,
    trim: int = 1,
    min_judge_sample: int = 5,
) -> dict[str, EntryAggregate]:
    """Aggregate every entry of a pool; the pool matters only for the zscore method.

    Every review must carry a score for every criterion (callers validate this).
    Criterion scores (used for thresholds and tie keys) are the method's aggregation over the
    raw, unweighted criterion scores; for zscore they are the mean.

    Mean, median and trimmed mean run on exact scaled integers (see ``Scaled``) when every
    score and weight is a finite decimal with at most ``_MAX_PLACES`` places, which is always
    the case for rubric scores; the result is identical to the decimal arithmetic below.
    """
    ordered = sorted(entries, key=_entry_id)
    if method is not Aggregation.ZSCORE:
        scaled = Scaled.build(ordered, criteria)
        if scaled is not None:
            return scaled.aggregate(ordered, method, trim)
    return _aggregate_decimal(ordered, criteria, method, trim, min_judge_sample)


_entry_id = attrgetter("entry_id")
_judge = attrgetter("judge")
_MAX_PLACES = 12


def _places(value: Decimal) -> int | None:
    """Decimal places of a finite value (0 for integers), None when not finite."""
    if not value.is_finite():
        return None
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


class _Rounder(dict):
    """numerator → numerator/denominator rounded to 4 places half-even, for one denominator.

    Scores take few distinct values, so each rounding is computed once and then looked up.
    """

    def __init__(self, denominator: int) -> None:
        super().__init__()
        self.denominator = denominator

    def __missing__(self, numerator: int) -> Decimal:
        denominator = self.denominator
        units, remainder = divmod(numerator * 10_000, denominator)
        twice = 2 * remainder
        if twice != denominator and abs(twice - denominator) * 10**30 < denominator:
            value = quantise(_CONTEXT.divide(Decimal(numerator), Decimal(denominator)))
        else:
            if twice > denominator or (twice == denominator and units & 1):
                units += 1
            value = Decimal(units).scaleb(-4)
        self[numerator] = value
        return value


class Scaled:
    """Exact integer arithmetic for mean, median and trimmed mean.

    Every raw score s becomes the integer s·10^p and every weight w the integer w·10^q, so a
    judge total is the integer T·10^(p+q), exactly. A mean is then a fraction of integers, and
    rounding it to 4 places half-even is integer division (``_Rounder``). The decimal path
    divides in a 40-digit context before rounding; the two agree except when the exact value
    lies within 10^-30 of a rounding tie without being one, and there (never in practice) the
    decimal division itself is done, so both paths always give the same result.
    """

    def __init__(
        self,
        keys: list[str],
        weights: list[int],
        values: dict[Decimal, int],
        score_scale: int,
        total_scale: int,
    ) -> None:
        self.keys = keys
        self.weights = weights
        self.values = values
        self.score_scale = score_scale
        self.total_scale = total_scale
        self.rounders: dict[int, _Rounder] = {}

    @classmethod
    def build(cls, ordered: Sequence[EntryReviews], criteria: Sequence[Criterion]) -> Scaled | None:
        distinct: set[Decimal] = set()
        for entry in ordered:
            for review in entry.reviews:
                distinct.update(review.scores.values())
        return cls.for_values(distinct, criteria)

    @classmethod
    def for_values(cls, distinct: set[Decimal], criteria: Sequence[Criterion]) -> Scaled | None:
        """The arithmetic for these distinct raw scores, or None when one has too many places."""
        score_places = [_places(v) for v in distinct]
        weight_places = [_places(c.weight) for c in criteria]
        if any(p is None or p > _MAX_PLACES for p in score_places + weight_places):
            return None
        p = max([0, *score_places])  # type: ignore[list-item]
        q = max([0, *weight_places])  # type: ignore[list-item]
        values = {v: int(v.scaleb(p, context=_CONTEXT)) for v in distinct}
        weights = [int(c.weight.scaleb(q, context=_CONTEXT)) for c in criteria]
        return cls([c.key for c in criteria], weights, values, 10**p, 10 ** (p + q))

    def rounder(self, denominator: int) -> _Rounder:
        found = self.rounders.get(denominator)
        if found is None:
            found = self.rounders[denominator] = _Rounder(denominator)
        return found

    def combine(self, values: Sequence[int], method: Aggregation, trim: int, scale: int) -> Decimal:
        count = len(values)
        if method is Aggregation.MEDIAN:
            ordered = sorted(values)
            middle = count // 2
            if count % 2:
                return self.rounder(scale)[ordered[middle]]
            return self.rounder(2 * scale)[ordered[middle - 1] + ordered[middle]]
        if method is Aggregation.TRIMMED_MEAN and trim > 0 and count >= 2 * trim + 3:
            kept = sorted(values)[trim:-trim]
            return self.rounder(len(kept) * scale)[sum(kept)]
        return self.rounder(count * scale)[sum(values)]

    def aggregate(
        self, ordered: Sequence[EntryReviews], method: Aggregation, trim: int
    ) -> dict[str, EntryAggregate]:
        keys, weights, value_of = self.keys, self.weights, self.values.__getitem__
        score_scale, total_scale = self.score_scale, self.total_scale
        exact = self.rounder(total_scale).__getitem__
        plain_mean = method is Aggregation.MEAN or (
            method is Aggregation.TRIMMED_MEAN and trim <= 0
        )
        combine = self.combine
        result: dict[str, EntryAggregate] = {}
        for entry in ordered:
            reviews = sorted(entry.reviews, key=_judge) if len(entry.reviews) > 1 else entry.reviews
            count = len(reviews)
            if not count:
                result[entry.entry_id] = EntryAggregate(entry.entry_id, 0, None, {}, None, {})
                continue
            rows = [tuple(map(value_of, map(r.scores.__getitem__, keys))) for r in reviews]
            totals = [sum(map(mul, weights, row)) for row in rows]
            columns = list(zip(*rows, strict=True))
            if plain_mean or (method is Aggregation.TRIMMED_MEAN and count < 2 * trim + 3):
                score = self.rounder(count * total_scale)[sum(totals)]
                criterion_scores = dict(
                    zip(
                        keys,
                        map(self.rounder(count * score_scale).__getitem__, map(sum, columns)),
                        strict=True,
                    )
                )
            else:
                score = combine(totals, method, trim, total_scale)
                criterion_scores = {
                    key: combine(column, method, trim, score_scale)
                    for key, column in zip(keys, columns, strict=True)
                }
            result[entry.entry_id] = EntryAggregate(
                entry.entry_id,
                count,
                score,
                criterion_scores,
                exact(max(totals) - min(totals)),
                dict(zip(map(_judge, reviews), map(exact, totals), strict=True)),
            )
        return result


def _aggregate_decimal(
    ordered: Sequence[EntryReviews],
    criteria: Sequence[Criterion],
    method: Aggregation,
    trim: int,
    min_judge_sample: int,
) -> dict[str, EntryAggregate]:
    """Every method in decimal arithmetic (the zscore method, and any exotic score)."""
    totals: dict[str, dict[str, Decimal]] = {}
    for entry in ordered:
        reviews = sorted(entry.reviews, key=_judge)
        totals[entry.entry_id] = {r.judge: judge_total(r, criteria) for r in reviews}

    adjusted: dict[tuple[str, str], Decimal] = {}
    if method is Aggregation.ZSCORE:
        pool = [
            (entry_id, judge, total)
            for entry_id, judge_totals in totals.items()
            for judge, total in judge_totals.items()
        ]
        adjusted = _zscore_adjuster(pool, min_judge_sample)

    criterion_method = Aggregation.MEAN if method is Aggregation.ZSCORE else method
    result: dict[str, EntryAggregate] = {}
    for entry in ordered:
        judge_totals = totals[entry.entry_id]
        reviews = sorted(entry.reviews, key=_judge)
        if not reviews:
            result[entry.entry_id] = EntryAggregate(
                entry_id=entry.entry_id,
                review_count=0,
                score=None,
                criterion_scores={},
                spread=None,
                judge_totals={},
            )
            continue
        if method is Aggregation.ZSCORE:
            score = mean([adjusted[(entry.entry_id, judge)] for judge in judge_totals])
        else:
            score = combine(list(judge_totals.values()), method, trim)
        criterion_scores = {
            c.key: quantise(combine([r.scores[c.key] for r in reviews], criterion_method, trim))
            for c in criteria
        }
        result[entry.entry_id] = EntryAggregate(
            entry_id=entry.entry_id,
            review_count=len(reviews),
            score=quantise(score),
            criterion_scores=criterion_scores,
            spread=spread(judge_totals.values()),
            judge_totals={judge: quantise(total) for judge, total in judge_totals.items()},
        )
    return result
