"""Allocation alone: N entries through the pure award-policy module (no database).

    python bench/allocation.py [--entries 100000] [--judges 60] [--seed 7] [--repeat 3]

Prints the time to build the input, to parse it, to allocate (fastest and slowest of the
repeats), where a run's time goes, and the outcome. Writes nothing.
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import judging.allocation as allocation_module
from judging.allocation import allocate, parse_entries, parse_policy

#: Stages of a run, by the module function that does them (timed by wrapping the function).
STAGES = {
    "_Reviews": "reviews flattened, distinct score rows found",
    "_check": "check entries against the policy",
    "_input_hash": "input hash (canonical JSON of every review)",
    "_entry_scores": "aggregation (scores of every entry)",
    "_screen": "screening (thresholds, minimum reviews)",
    "_rank": "ranking (sort, tie groups)",
    "_lottery_seed": "lottery seed",
    "_explain": "sentences written (each distinct one once)",
    "_result_hash": "result hash (canonical JSON of every decision)",
}


def time_stages() -> dict[str, float]:
    """Wrap the stage functions of the allocation module so each call adds to its total."""
    totals = dict.fromkeys(STAGES, 0.0)
    for name in STAGES:
        original = getattr(allocation_module, name)

        @functools.wraps(original)
        def timed(*args, __original=original, __name=name, **kwargs):
            started = time.perf_counter()
            try:
                return __original(*args, **kwargs)
            finally:
                totals[__name] += time.perf_counter() - started

        setattr(allocation_module, name, timed)
    return totals


CRITERIA = [
    {"key": "novelty", "weight": 3, "max": 10},
    {"key": "feasibility", "weight": 3, "max": 10},
    {"key": "impact", "weight": 2, "max": 10},
    {"key": "cost", "weight": 1, "max": 10},
    {"key": "team", "weight": 1, "max": 10},
]


def build(n_entries: int, n_judges: int, seed: int) -> tuple[dict, list]:
    rng = random.Random(seed)
    policy = {
        "budget": 5_000_000_000,
        "rounding_unit": 100_000,
        "mode": "tiered",
        "tiers": [
            {
                "key": "first",
                "name": "Giải Nhất",
                "count": 3,
                "amount": 300_000_000,
                "min_score": 85,
            },
            {
                "key": "second",
                "name": "Giải Nhì",
                "count": 10,
                "amount": 150_000_000,
                "min_score": 75,
            },
            {"key": "third", "name": "Giải Ba", "count": 30, "amount": 50_000_000, "min_score": 65},
            {
                "key": "merit",
                "name": "Khuyến khích",
                "count": 200,
                "amount": 10_000_000,
                "min_score": 55,
            },
        ],
        "criteria": CRITERIA,
        "overall_min": 50,
        "max_awards_per_organisation": 2,
        "tie_keys": ["novelty", "impact"],
        "tie_fallback": "seeded_lottery",
    }
    entries = []
    for i in range(n_entries):
        quality = rng.gauss(6.0, 1.6)
        judges = rng.sample(range(n_judges), 3)
        reviews = [
            {
                "judge": f"J{j:03d}",
                "scores": {
                    c["key"]: max(0, min(10, round(quality + rng.gauss(0, 0.8)))) for c in CRITERIA
                },
            }
            for j in judges
        ]
        entries.append(
            {
                "id": f"E{i:06d}",
                "organisation": f"ORG-{rng.randrange(n_entries // 3 or 1):06d}",
                "call": f"P{rng.randrange(1, 14):02d}",
                "eligible": rng.random() > 0.03,
                "requested_amount": 0,
                "reviews": reviews,
            }
        )
    return policy, entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--judges", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    policy_data, entries_data = build(args.entries, args.judges, args.seed)
    built = time.perf_counter()
    policy = parse_policy(policy_data)
    entries = parse_entries(entries_data)
    parsed = time.perf_counter()
    runs = []
    for _ in range(max(1, args.repeat)):
        result = None  # the previous run's result is freed before the clock starts
        began = time.perf_counter()
        result = allocate(policy, entries)
        runs.append(time.perf_counter() - began)
    hashes = {result.result_hash}

    # One more run with the stages timed (the wrappers add a little of their own).
    totals = time_stages()
    began = time.perf_counter()
    hashes.add(allocate(policy, entries).result_hash)
    staged = time.perf_counter() - began
    if len(hashes) != 1:
        raise SystemExit("the same input gave different result hashes")

    awarded = sum(1 for d in result.decisions if d.amount)
    print(f"allocation: {args.entries:,} entries × 3 reviews × {len(CRITERIA)} criteria")
    print(f"  build input     {built - started:8.2f} s")
    print(f"  parse/validate  {parsed - built:8.2f} s")
    print(
        f"  allocate        {min(runs):8.2f} s fastest, {max(runs):.2f} s slowest "
        f"of {len(runs)} runs"
    )
    print(f"  where a run's time goes ({staged:.2f} s with the stages timed):")
    for name, label in STAGES.items():
        print(f"    {label:48s} {totals[name]:6.2f} s")
    print(f"    {'walk and decisions (the rest)':48s} {staged - sum(totals.values()):6.2f} s")
    print(
        f"  status {result.status}; awards {awarded}; spent {result.spent:,} VND; "
        f"unspent {result.unspent:,} VND"
    )
    print(f"  result hash {result.result_hash}")


if __name__ == "__main__":
    main()
