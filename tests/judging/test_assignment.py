import random
from collections import Counter

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judging import assignment
from judging.assignment import (
    AssignmentProblem,
    AssignmentResult,
    Entry,
    Judge,
    assign_judges,
)

SECTORS = ("agri", "energy", "health")


def judges_of(*ids: str, sectors: frozenset[str] = frozenset()) -> tuple[Judge, ...]:
    return tuple(Judge(judge_id, sectors) for judge_id in ids)


def entries_of(*ids: str, sector: str = "agri") -> tuple[Entry, ...]:
    return tuple(Entry(entry_id, sector) for entry_id in ids)


def judges_per_entry(result: AssignmentResult) -> Counter[str]:
    return Counter(entry_id for _, entry_id in result.pairs)


# Worked examples


def test_assign_judges_balances_loads_three_judges_five_entries():
    problem = AssignmentProblem(
        judges_of("A", "B", "C"), entries_of("E1", "E2", "E3", "E4", "E5"), k=2
    )

    result = assign_judges(problem)

    assert sorted(result.loads.values()) == [3, 3, 4]
    assert judges_per_entry(result) == {f"E{i}": 2 for i in range(1, 6)}
    assert result.shortfall == {}
    assert len(result.pairs) == 10


def test_assign_judges_never_assigns_a_conflict():
    problem = AssignmentProblem(
        judges_of("A", "B", "C"),
        entries_of("E1", "E2", "E3"),
        conflicts=frozenset({("A", "E1"), ("B", "E2")}),
        k=2,
    )

    result = assign_judges(problem)

    assert [pair for pair in result.pairs if pair[1] == "E1"] == [("B", "E1"), ("C", "E1")]
    assert [pair for pair in result.pairs if pair[1] == "E2"] == [("A", "E2"), ("C", "E2")]
    assert result.loads == {"A": 2, "B": 2, "C": 2}
    assert result.shortfall == {}


def test_assign_judges_prefers_expertise_when_load_allows():
    problem = AssignmentProblem(
        (Judge("A", frozenset({"health"})), Judge("B", frozenset({"energy"}))),
        (Entry("E1", "energy"), Entry("E2", "health")),
        k=1,
    )

    result = assign_judges(problem)

    assert result.pairs == (("A", "E2"), ("B", "E1"))
    assert result.expertise_matches == 2


def test_assign_judges_balance_outranks_expertise():
    problem = AssignmentProblem(
        (Judge("A", frozenset({"health"})), Judge("B", frozenset({"energy"}))),
        entries_of("E1", "E2", sector="health"),
        k=1,
    )

    result = assign_judges(problem)

    assert result.loads == {"A": 1, "B": 1}
    assert result.expertise_matches == 1


def test_assign_judges_expertise_chooses_among_equal_loads():
    problem = AssignmentProblem(
        (
            Judge("A", frozenset({"agri"})),
            Judge("B", frozenset({"energy"})),
            Judge("C", frozenset({"agri", "energy"})),
        ),
        (Entry("E1", "agri"), Entry("E2", "energy"), Entry("E3", "agri")),
        k=2,
    )

    result = assign_judges(problem)

    assert result.loads == {"A": 2, "B": 2, "C": 2}
    assert result.expertise_matches == 5


def test_assign_judges_keeps_fixed_pairs_and_counts_them():
    problem = AssignmentProblem(
        judges_of("A", "B", "C"),
        entries_of("E1", "E2", "E3"),
        k=2,
        fixed=frozenset({("A", "E1"), ("A", "E2")}),
    )

    result = assign_judges(problem)

    assert {("A", "E1"), ("A", "E2")} <= set(result.pairs)
    assert result.loads == {"A": 2, "B": 2, "C": 2}
    assert judges_per_entry(result) == {"E1": 2, "E2": 2, "E3": 2}
    assert ("A", "E3") not in result.pairs


def test_assign_judges_fixed_pairs_beyond_k_are_kept():
    problem = AssignmentProblem(
        judges_of("A", "B"),
        entries_of("E1"),
        k=1,
        fixed=frozenset({("A", "E1"), ("B", "E1")}),
    )

    result = assign_judges(problem)

    assert result.pairs == (("A", "E1"), ("B", "E1"))
    assert result.shortfall == {}


def test_assign_judges_reports_shortfall_when_conflicts_leave_too_few_judges():
    problem = AssignmentProblem(
        judges_of("A", "B", "C"),
        entries_of("E1", "E2"),
        conflicts=frozenset({("A", "E1"), ("B", "E1"), ("C", "E1")}),
        k=3,
    )

    result = assign_judges(problem)

    assert result.shortfall == {"E1": 3}
    assert result.pairs == (("A", "E2"), ("B", "E2"), ("C", "E2"))


def test_assign_judges_reports_shortfall_when_max_load_is_reached():
    problem = AssignmentProblem(
        (Judge("A", frozenset(), max_load=1), Judge("B", frozenset(), max_load=2)),
        entries_of("E1", "E2"),
        k=2,
    )

    result = assign_judges(problem)

    assert result.loads == {"A": 1, "B": 2}
    assert sorted(result.shortfall.values()) == [1]
    assert len(result.pairs) == 3


def test_assign_judges_refines_group_when_entry_has_few_free_judges():
    # Grouped by sector alone, the capacities allow 4 pairs; per entry only 3 exist.
    problem = AssignmentProblem(
        judges_of("A", "B", "C"),
        entries_of("E1", "E2"),
        conflicts=frozenset({("A", "E1"), ("B", "E1")}),
        k=2,
    )

    result = assign_judges(problem)

    assert result.shortfall == {"E1": 1}
    assert [pair for pair in result.pairs if pair[1] == "E1"] == [("C", "E1")]
    assert judges_per_entry(result) == {"E1": 1, "E2": 2}
    assert result.loads["C"] == 1


def test_assign_judges_widens_load_band_when_conflicts_force_uneven_loads(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(assignment, "_BAND_MARGIN", 0)
    forced = ("E1", "E2", "E3", "E4", "E5")
    problem = AssignmentProblem(
        judges_of("A", "B", "C"),
        entries_of(*forced, "E6"),
        conflicts=frozenset((judge, entry) for judge in ("A", "B") for entry in forced),
        k=1,
    )

    result = assign_judges(problem)

    assert result.loads["C"] == 5
    assert sorted(result.loads.values()) == [0, 1, 5]
    assert result.shortfall == {}


def test_assign_judges_with_no_judges_reports_full_shortfall():
    result = assign_judges(AssignmentProblem((), entries_of("E1", "E2"), k=3))

    assert result == AssignmentResult((), {}, {"E1": 3, "E2": 3}, 0)


def test_assign_judges_with_no_entries_gives_zero_loads():
    result = assign_judges(AssignmentProblem(judges_of("A", "B"), ()))

    assert result == AssignmentResult((), {"A": 0, "B": 0}, {}, 0)


def test_assign_judges_ignores_conflicts_outside_the_problem():
    problem = AssignmentProblem(
        judges_of("A"), entries_of("E1"), conflicts=frozenset({("Z", "E1"), ("A", "E9")}), k=1
    )

    assert assign_judges(problem).pairs == (("A", "E1"),)


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        (AssignmentProblem(judges_of("A"), entries_of("E1"), k=-1), "k must not be negative"),
        (AssignmentProblem(judges_of("A", "A"), entries_of("E1")), "judge ids must be unique"),
        (AssignmentProblem(judges_of("A"), entries_of("E1", "E1")), "entry ids must be unique"),
        (
            AssignmentProblem((Judge("A", frozenset(), max_load=-1),), entries_of("E1")),
            "max_load must not be negative",
        ),
        (
            AssignmentProblem(judges_of("A"), entries_of("E1"), fixed=frozenset({("B", "E1")})),
            "unknown judge or entry",
        ),
        (
            AssignmentProblem(
                judges_of("A"),
                entries_of("E1"),
                conflicts=frozenset({("A", "E1")}),
                fixed=frozenset({("A", "E1")}),
            ),
            "is a conflict",
        ),
    ],
)
def test_assign_judges_rejects_invalid_problem(problem: AssignmentProblem, message: str):
    with pytest.raises(ValueError, match=message):
        assign_judges(problem)


# Determinism


def _symmetric_problem(seed: int) -> AssignmentProblem:
    return AssignmentProblem(
        judges_of("A", "B", "C", "D", "E", "F"),
        entries_of("E1", "E2", "E3", "E4", "E5", "E6"),
        k=1,
        seed=seed,
    )


def test_assign_judges_same_inputs_and_seed_give_same_result():
    assert assign_judges(_symmetric_problem(7)) == assign_judges(_symmetric_problem(7))


def test_assign_judges_seed_breaks_ties_differently():
    results = {assign_judges(_symmetric_problem(seed)).pairs for seed in range(10)}

    assert len(results) > 1


def test_assign_judges_input_order_does_not_change_result():
    rng = random.Random(3)
    judges = [Judge(f"J{i}", frozenset(rng.sample(SECTORS, 1))) for i in range(7)]
    entries = [Entry(f"E{i:02d}", rng.choice(SECTORS)) for i in range(20)]
    conflicts = frozenset({("J1", "E03"), ("J2", "E03"), ("J4", "E11"), ("J0", "E19")})
    fixed = frozenset({("J3", "E05"), ("J3", "E06")})
    shuffled_judges, shuffled_entries = judges[:], entries[:]
    rng.shuffle(shuffled_judges)
    rng.shuffle(shuffled_entries)

    result = assign_judges(AssignmentProblem(judges, entries, conflicts, 3, 5, fixed))
    shuffled = assign_judges(
        AssignmentProblem(shuffled_judges, shuffled_entries, conflicts, 3, 5, fixed)
    )

    assert shuffled == result
    assert result.pairs == tuple(sorted(result.pairs))


# Properties


@st.composite
def problems(
    draw: st.DrawFn,
    *,
    with_conflicts: bool = True,
    with_max_loads: bool = True,
    with_fixed: bool = True,
) -> AssignmentProblem:
    judge_count = draw(st.integers(1, 6))
    entry_count = draw(st.integers(0, 12))
    judges = [
        Judge(
            f"J{i}",
            frozenset(draw(st.sets(st.sampled_from(SECTORS)))),
            draw(st.none() | st.integers(0, 6)) if with_max_loads else None,
        )
        for i in range(judge_count)
    ]
    entries = [Entry(f"E{i}", draw(st.sampled_from(SECTORS))) for i in range(entry_count)]
    all_pairs = [(judge.id, entry.id) for judge in judges for entry in entries]
    conflicts = frozenset()
    if with_conflicts and all_pairs:
        conflicts = frozenset(draw(st.sets(st.sampled_from(all_pairs))))
    fixed = frozenset()
    free_pairs = sorted(set(all_pairs) - conflicts)
    if with_fixed and free_pairs:
        fixed = frozenset(draw(st.sets(st.sampled_from(free_pairs), max_size=4)))
    return AssignmentProblem(
        judges,
        entries,
        conflicts,
        k=draw(st.integers(0, 4)),
        seed=draw(st.integers(0, 2**32)),
        fixed=fixed,
    )


@settings(max_examples=100, deadline=None)
@given(problems())
def test_assign_judges_property_never_assigns_a_conflict(problem: AssignmentProblem):
    assert not set(assign_judges(problem).pairs) & problem.conflicts


@settings(max_examples=100, deadline=None)
@given(problems())
def test_assign_judges_property_pairs_unique_sorted_and_keep_fixed(problem: AssignmentProblem):
    result = assign_judges(problem)

    assert len(set(result.pairs)) == len(result.pairs)
    assert result.pairs == tuple(sorted(result.pairs))
    assert problem.fixed <= set(result.pairs)
    assert sum(result.loads.values()) == len(result.pairs)


@settings(max_examples=100, deadline=None)
@given(problems())
def test_assign_judges_property_never_exceeds_max_load(problem: AssignmentProblem):
    result = assign_judges(problem)
    fixed_load = Counter(judge_id for judge_id, _ in problem.fixed)

    for judge in problem.judges:
        if judge.max_load is not None:
            assert result.loads[judge.id] <= max(judge.max_load, fixed_load[judge.id])


@settings(max_examples=100, deadline=None)
@given(problems(with_max_loads=False))
def test_assign_judges_property_entry_gets_k_or_every_free_judge(problem: AssignmentProblem):
    result = assign_judges(problem)
    counts = judges_per_entry(result)
    fixed_count = Counter(entry_id for _, entry_id in problem.fixed)

    for entry in problem.entries:
        free = sum((judge.id, entry.id) not in problem.conflicts for judge in problem.judges)
        expected = max(fixed_count[entry.id], min(problem.k, free))
        assert counts[entry.id] == expected
        assert result.shortfall.get(entry.id, 0) == max(problem.k - expected, 0)


@settings(max_examples=100, deadline=None)
@given(problems(with_conflicts=False, with_max_loads=False, with_fixed=False))
def test_assign_judges_property_loads_within_one_without_conflicts(problem: AssignmentProblem):
    loads = assign_judges(problem).loads.values()

    assert max(loads) - min(loads) <= 1


def _reference_objectives(problem: AssignmentProblem) -> tuple[int, int, int]:
    """(pairs, sum of squared loads, expertise matches) of an entry-level min-cost flow."""
    fixed_load = Counter(judge_id for judge_id, _ in problem.fixed)
    fixed_count = Counter(entry_id for _, entry_id in problem.fixed)
    demand = sum(max(problem.k - fixed_count[entry.id], 0) for entry in problem.entries)
    graph = nx.MultiDiGraph()
    graph.add_node("s", demand=-demand)
    graph.add_node("t", demand=demand)
    balance_weight = demand + 1
    for entry in problem.entries:
        graph.add_edge("s", entry.id, capacity=max(problem.k - fixed_count[entry.id], 0), weight=0)
        for judge in problem.judges:
            pair = (judge.id, entry.id)
            if pair not in problem.conflicts and pair not in problem.fixed:
                mismatch = 0 if entry.sector in judge.sectors else 1
                graph.add_edge(entry.id, judge.id, capacity=1, weight=mismatch)
    for judge in problem.judges:
        base = fixed_load[judge.id]
        top = base + len(problem.entries)
        if judge.max_load is not None:
            top = min(top, max(judge.max_load, base))
        for level in range(base + 1, top + 1):
            graph.add_edge(judge.id, "t", capacity=1, weight=level * balance_weight)
    total = sum(data["capacity"] * data["weight"] for *_, data in graph.edges(data=True))
    graph.add_edge("s", "t", capacity=demand, weight=total + 1)
    _, flow = nx.network_simplex(graph)

    loads = Counter(fixed_load)
    matches = sum(
        entry.sector in judge.sectors
        for judge in problem.judges
        for entry in problem.entries
        if (judge.id, entry.id) in problem.fixed
    )
    sectors = {entry.id: entry.sector for entry in problem.entries}
    for entry in problem.entries:
        for judge in problem.judges:
            if sum(flow[entry.id].get(judge.id, {}).values()):
                loads[judge.id] += 1
                matches += sectors[entry.id] in judge.sectors
    return sum(loads.values()), sum(load * load for load in loads.values()), matches


@settings(max_examples=100, deadline=None)
@given(problems(), st.integers(0, 2))
def test_assign_judges_property_optimal_like_entry_level_flow(
    problem: AssignmentProblem, margin: int
):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assignment, "_BAND_MARGIN", margin)
        result = assign_judges(problem)

    loads = result.loads.values()
    assert (
        len(result.pairs),
        sum(load * load for load in loads),
        result.expertise_matches,
    ) == _reference_objectives(problem)
