from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from judging.aggregation import (
    Aggregation,
    Criterion,
    EntryReviews,
    Review,
    aggregate_pool,
    judge_total,
    median,
    population_stdev,
    quantise,
    trimmed_mean,
)

D = Decimal
SINGLE = (Criterion(key="total", weight=D(1), max=D(100)),)


def pool_of(totals_by_entry: dict[str, dict[str, int | str]]) -> list[EntryReviews]:
    return [
        EntryReviews(
            entry_id,
            tuple(Review(judge, {"total": D(str(t))}) for judge, t in totals.items()),
        )
        for entry_id, totals in totals_by_entry.items()
    ]


def test_judge_total_weights_each_criterion():
    criteria = (
        Criterion(key="novelty", weight=D("1.5"), max=D(10)),
        Criterion(key="impact", weight=D(2), max=D(10)),
    )
    review = Review("J1", {"novelty": D(8), "impact": D("7.5")})

    assert judge_total(review, criteria) == D("27.0")


def test_median_even_count_averages_the_middle_pair():
    assert median([D(1), D(9), D(3), D(5)]) == D(4)


def test_trimmed_mean_drops_k_from_each_end_when_enough_values():
    assert trimmed_mean([D(0), D(50), D(60), D(70), D(100)], 1) == D(60)


def test_trimmed_mean_falls_back_to_mean_below_two_k_plus_three():
    assert trimmed_mean([D(0), D(50), D(70), D(100)], 1) == D(55)


def test_trimmed_mean_k_two_needs_seven_values():
    values = [D(v) for v in (0, 10, 50, 60, 70, 90, 100)]
    assert trimmed_mean(values, 2) == D(60)
    assert quantise(trimmed_mean(values[:6], 2)) == D("46.6667")


def test_population_stdev_divides_by_n():
    assert population_stdev([D(60), D(80)]) == D(10)


def test_quantise_rounds_half_to_even():
    assert quantise(D("0.00005")) == D("0.0000")
    assert quantise(D("0.00015")) == D("0.0002")
    assert str(quantise(D("-0.00001"))) == "0.0000"


def test_aggregate_mean_quantises_half_even():
    pool = pool_of({"E1": {"J1": "0.0001", "J2": "0"}, "E2": {"J1": "0.0003", "J2": "0"}})

    result = aggregate_pool(pool, SINGLE, method=Aggregation.MEAN)

    assert result["E1"].score == D("0.0000")
    assert result["E2"].score == D("0.0002")


def test_aggregate_median_and_spread():
    pool = pool_of({"E1": {"J1": 60, "J2": 90, "J3": 70}})

    result = aggregate_pool(pool, SINGLE, method=Aggregation.MEDIAN)

    assert result["E1"].score == D("70.0000")
    assert result["E1"].spread == D("30.0000")
    assert result["E1"].review_count == 3


def test_aggregate_trimmed_mean_with_five_reviews():
    pool = pool_of({"E1": {"J1": 10, "J2": 60, "J3": 61, "J4": 62, "J5": 100}})

    result = aggregate_pool(pool, SINGLE, method=Aggregation.TRIMMED_MEAN, trim=1)

    assert result["E1"].score == D("61.0000")


def test_aggregate_zscore_rescales_by_pool_mean_and_sigma():
    pool = pool_of({"A": {"J1": 60, "J2": 70}, "B": {"J1": 80, "J2": 90}})

    result = aggregate_pool(pool, SINGLE, method=Aggregation.ZSCORE, min_judge_sample=2)

    # pool μ = 75, σ = √125; each judge has z = −1 for A and +1 for B
    assert result["A"].score == D("63.8197")
    assert result["B"].score == D("86.1803")


def test_aggregate_zscore_small_judge_sample_only_shifts():
    pool = pool_of({"A": {"J1": 60, "J2": 70}, "B": {"J1": 80, "J2": 90}})

    result = aggregate_pool(pool, SINGLE, method=Aggregation.ZSCORE, min_judge_sample=5)

    assert result["A"].score == D("65.0000")
    assert result["B"].score == D("85.0000")


def test_aggregate_zscore_judge_with_zero_sigma_only_shifts():
    pool = pool_of({"A": {"J1": 70, "J2": 60}, "B": {"J1": 70, "J2": 90}})

    result = aggregate_pool(pool, SINGLE, method=Aggregation.ZSCORE, min_judge_sample=2)

    # μ = 72.5, σ = √118.75; J1 (σ_j = 0) shifts 70 → 72.5; J2 z = ∓1
    assert result["A"].score == D("67.0514")
    assert result["B"].score == D("77.9486")


def test_aggregate_zscore_criterion_scores_are_raw_means():
    criteria = (
        Criterion(key="novelty", weight=D(2), max=D(10)),
        Criterion(key="impact", weight=D(1), max=D(10)),
    )
    pool = [
        EntryReviews(
            "A",
            (
                Review("J1", {"novelty": D(4), "impact": D(5)}),
                Review("J2", {"novelty": D(7), "impact": D(6)}),
            ),
        )
    ]

    result = aggregate_pool(pool, criteria, method=Aggregation.ZSCORE, min_judge_sample=1)

    assert result["A"].criterion_scores == {"novelty": D("5.5000"), "impact": D("5.5000")}
    assert result["A"].judge_totals == {"J1": D("13.0000"), "J2": D("20.0000")}


def test_aggregate_median_criterion_scores_use_median():
    criteria = (Criterion(key="novelty", weight=D(1), max=D(10)),)
    pool = [
        EntryReviews(
            "A",
            tuple(Review(j, {"novelty": D(v)}) for j, v in (("J1", 1), ("J2", 8), ("J3", 9))),
        )
    ]

    result = aggregate_pool(pool, criteria, method=Aggregation.MEDIAN)

    assert result["A"].criterion_scores == {"novelty": D("8.0000")}


def test_aggregate_entry_without_reviews_has_no_score():
    result = aggregate_pool([EntryReviews("A", ())], SINGLE)

    assert result["A"].score is None
    assert result["A"].spread is None
    assert result["A"].review_count == 0


pools = st.dictionaries(
    st.sampled_from(["E1", "E2", "E3", "E4"]),
    st.dictionaries(st.sampled_from(["J1", "J2", "J3", "J4"]), st.integers(0, 100), min_size=1),
    min_size=1,
)


@settings(max_examples=100, deadline=None)
@given(pools, st.sampled_from(list(Aggregation)), st.randoms(use_true_random=False))
def test_aggregate_pool_result_ignores_input_order(totals, method, rng):
    pool = pool_of(totals)
    shuffled = [
        EntryReviews(e.entry_id, tuple(rng.sample(e.reviews, len(e.reviews)))) for e in pool
    ]
    rng.shuffle(shuffled)

    first = aggregate_pool(pool, SINGLE, method=method, min_judge_sample=2)
    second = aggregate_pool(shuffled, SINGLE, method=method, min_judge_sample=2)

    assert first == second


@settings(max_examples=100, deadline=None)
@given(pools, st.sampled_from([Aggregation.MEAN, Aggregation.MEDIAN, Aggregation.TRIMMED_MEAN]))
def test_aggregate_score_lies_between_lowest_and_highest_total(totals, method):
    result = aggregate_pool(pool_of(totals), SINGLE, method=method)

    for entry_id, judge_totals in totals.items():
        score = result[entry_id].score
        assert min(judge_totals.values()) <= score <= max(judge_totals.values())
        assert score == score.quantize(D("0.0001"))
