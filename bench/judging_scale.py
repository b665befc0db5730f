"""Judging at scale, pure parts: 10,000 submissions, 60 judges, 3 reviews each, 6 criteria.

    python bench/judging_scale.py [--entries 10000] [--judges 60] [--k 3] [--seed 11]

Measures judge assignment (minimum-cost flow) with realistic conflicts, the load balance it gives,
aggregation by every method and allocation over the aggregated pool. Prints figures, writes nothing.
(The dashboard's query count is asserted in tests/judging; its render time is measured by the
database benchmark once the judging screens exist.)
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from judging.aggregation import Aggregation, Criterion, EntryReviews, Review, aggregate_pool
from judging.allocation import allocate, parse_entries, parse_policy
from judging.assignment import AssignmentProblem, Entry, Judge, assign_judges

SECTORS = [
    "tourism",
    "environment",
    "mining_energy",
    "ports_logistics",
    "trade",
    "aquaculture",
    "disaster_resilience",
    "industry",
    "digital_government",
    "health",
    "education",
    "transport",
]
CRITERIA = [
    Criterion("novelty", Decimal(3), Decimal(10)),
    Criterion("feasibility", Decimal(3), Decimal(10)),
    Criterion("impact", Decimal(2), Decimal(10)),
    Criterion("cost", Decimal(1), Decimal(10)),
    Criterion("team", Decimal(1), Decimal(10)),
    Criterion("scalability", Decimal(1), Decimal(10)),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--judges", type=int, default=60)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    judges = [
        Judge(id=f"J{j:03d}", sectors=frozenset(rng.sample(SECTORS, 2))) for j in range(args.judges)
    ]
    entries = [Entry(id=f"E{i:05d}", sector=rng.choice(SECTORS)) for i in range(args.entries)]
    # About 1% of pairs conflict (same organisation, e-mail domain or affiliation).
    conflicts = frozenset(
        (judge.id, entry.id)
        for entry in entries
        for judge in rng.sample(judges, 1)
        if rng.random() < 0.6
    )
    started = time.perf_counter()
    assignment = assign_judges(
        AssignmentProblem(
            judges=tuple(judges),
            entries=tuple(entries),
            conflicts=conflicts,
            k=args.k,
            seed=args.seed,
        )
    )
    assigned = time.perf_counter()
    loads = list(assignment.loads.values())
    print(
        f"judging at scale: {args.entries:,} submissions × {args.judges} judges × k={args.k}, "
        f"{len(CRITERIA)} criteria, {len(conflicts):,} conflicts"
    )
    print(
        f"  assignment      {assigned - started:8.2f} s  pairs {len(assignment.pairs):,}  "
        f"load min/max {min(loads)}/{max(loads)}  shortfall {sum(assignment.shortfall.values())}  "
        f"expertise matches {assignment.expertise_matches:,}"
    )

    quality = {entry.id: rng.gauss(6.5, 1.5) for entry in entries}
    by_entry: dict[str, list[Review]] = {entry.id: [] for entry in entries}
    for judge_id, entry_id in assignment.pairs:
        bias = (hash(judge_id) % 7 - 3) / 4
        by_entry[entry_id].append(
            Review(
                judge=judge_id,
                scores={
                    c.key: Decimal(
                        max(0, min(10, round(quality[entry_id] + bias + rng.gauss(0, 1))))
                    )
                    for c in CRITERIA
                },
            )
        )
    pool = [EntryReviews(entry_id=e, reviews=tuple(r)) for e, r in by_entry.items()]
    for method in Aggregation:
        t0 = time.perf_counter()
        aggregate_pool(pool, CRITERIA, method=method)
        print(f"  aggregate {method.value:<13} {time.perf_counter() - t0:6.2f} s")

    policy = parse_policy(
        {
            "budget": 2_000_000_000,
            "rounding_unit": 1_000_000,
            "mode": "tiered",
            "tiers": [
                {
                    "key": "first",
                    "name": "Giải Nhất",
                    "count": 2,
                    "amount": 200_000_000,
                    "min_score": 80,
                },
                {
                    "key": "second",
                    "name": "Giải Nhì",
                    "count": 6,
                    "amount": 100_000_000,
                    "min_score": 70,
                },
                {
                    "key": "third",
                    "name": "Giải Ba",
                    "count": 20,
                    "amount": 40_000_000,
                    "min_score": 60,
                },
            ],
            "criteria": [
                {"key": c.key, "weight": str(c.weight), "max": str(c.max)} for c in CRITERIA
            ],
            "aggregation": "zscore",
            "tie_keys": ["novelty"],
            "tie_fallback": "seeded_lottery",
        }
    )
    allocation_entries = parse_entries(
        [
            {
                "id": e,
                "organisation": f"ORG{int(e[1:]) % 3000}",
                "eligible": True,
                "reviews": [
                    {"judge": r.judge, "scores": {k: str(v) for k, v in r.scores.items()}}
                    for r in rs
                ],
            }
            for e, rs in by_entry.items()
        ]
    )
    t0 = time.perf_counter()
    result = allocate(policy, allocation_entries)
    print(
        f"  allocation      {time.perf_counter() - t0:8.2f} s  status {result.status}  "
        f"spent {result.spent:,} VND  unspent {result.unspent:,} VND"
    )


if __name__ == "__main__":
    main()
