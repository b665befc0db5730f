"""Automatic judge assignment as a minimum-cost flow.

Objectives, in strict priority order (each one weighted so that it dominates all later ones):

1. assign as many (judge, entry) pairs as possible, up to ``k`` per entry (maximum flow);
2. balance judge loads: judge -> sink arcs have strictly increasing unit costs (a convex load cost),
   so the optimum is the most even load vector the conflicts and capacities allow;
3. prefer judges whose sectors include the entry's sector;
4. break the remaining ties with integer perturbations from a permutation seeded by ``seed``.

Entries with the same sector, remaining need and excluded judges (conflicts and fixed pairs) are
interchangeable, so the flow runs on one node per group of them: a group of ``n`` entries sends at
most ``n`` units to each judge. Such a group flow splits into one judge per unit without giving an
entry the same judge twice: list the units judge by judge and hand unit ``t`` to entry ``t mod n``
(every judge has at most ``n`` units, so its units land on distinct entries). To keep the network
small (groups × judges arcs, not entries × judges), entries are first grouped by sector and need
only, with each group -> judge capacity counting the members that do not exclude the judge. That
coarse flow is a relaxation; when it splits (units dealt round the entries, then misplaced units
re-placed along augmenting paths) it is optimal for the real problem too. Groups that do not split
are refined (see ``_assign_pending``) and the flow solved again.

The convex load cost is modelled with one unit arc per load level only near the water level of the
loads; levels below are one zero-cost arc and levels above one linear arc. That relaxation is exact
when every judge fills its low arc and uses at most one unit of its high arc (then no residual cycle
is negative under the true convex cost); otherwise the band is widened and the flow solved again.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict, deque
from collections.abc import Collection
from dataclasses import dataclass

import networkx as nx

DEFAULT_JUDGES_PER_ENTRY = 3
_SOURCE = "source"
_SINK = "sink"
_BAND_MARGIN = 2
_ROUNDS_BEFORE_EXACT = 2


@dataclass(frozen=True)
class Judge:
    id: str
    sectors: frozenset[str] = frozenset()
    max_load: int | None = None


@dataclass(frozen=True)
class Entry:
    id: str
    sector: str


@dataclass(frozen=True)
class AssignmentProblem:
    """``conflicts`` and ``fixed`` hold (judge id, entry id) pairs.

    Fixed pairs (manual adjustments) are always kept and count towards the judge's load and the
    entry's ``k``. Conflicts naming a judge or entry outside the problem are ignored.
    """

    judges: Collection[Judge]
    entries: Collection[Entry]
    conflicts: frozenset[tuple[str, str]] = frozenset()
    k: int = DEFAULT_JUDGES_PER_ENTRY
    seed: int = 0
    fixed: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class AssignmentResult:
    """``pairs`` are all (judge id, entry id) pairs, fixed ones included, sorted.

    ``loads`` has every judge; ``shortfall`` only the entries with fewer than ``k`` judges, mapped
    to how many they miss. Both are ordered by id.
    """

    pairs: tuple[tuple[str, str], ...]
    loads: dict[str, int]
    shortfall: dict[str, int]
    expertise_matches: int


@dataclass(frozen=True)
class _Group:
    """Entries that need ``need`` more judges from one sector; ``excluded`` is per entry."""

    sector: str
    need: int
    entry_ids: tuple[str, ...]
    excluded: tuple[frozenset[int], ...]


def assign_judges(problem: AssignmentProblem) -> AssignmentResult:
    judges = sorted(problem.judges, key=lambda judge: judge.id)
    entries = sorted(problem.entries, key=lambda entry: entry.id)
    _validate(problem, judges, entries)

    judge_index = {judge.id: index for index, judge in enumerate(judges)}
    fixed_by_entry: dict[str, set[int]] = defaultdict(set)
    fixed_load = [0] * len(judges)
    for judge_id, entry_id in problem.fixed:
        fixed_by_entry[entry_id].add(judge_index[judge_id])
        fixed_load[judge_index[judge_id]] += 1
    conflicts_by_entry: dict[str, set[int]] = defaultdict(set)
    for judge_id, entry_id in problem.conflicts:
        if judge_id in judge_index:
            conflicts_by_entry[entry_id].add(judge_index[judge_id])

    pending = []
    for entry in entries:
        need = problem.k - len(fixed_by_entry[entry.id])
        if need > 0:
            excluded = frozenset(conflicts_by_entry[entry.id] | fixed_by_entry[entry.id])
            pending.append((entry, need, excluded))

    split = _assign_pending(pending, judges, fixed_load, problem.seed)
    pairs = set(problem.fixed)
    pairs.update((judges[index].id, entry_id) for index, entry_id in split)
    return _result(sorted(pairs), judges, entries, problem.k)


def _assign_pending(
    pending: list[tuple[Entry, int, frozenset[int]]],
    judges: list[Judge],
    fixed_load: list[int],
    seed: int,
) -> list[tuple[int, str]]:
    """Solve on coarse groups, refining the groups whose flow does not split until all split.

    A failed group's entries start telling apart the judges that served the group or share its
    sector; after a few rounds they tell apart every judge they exclude (exact groups, which always
    split). Each round refines at least one entry, so the loop ends.
    """
    rank = list(range(len(judges)))
    random.Random(seed).shuffle(rank)  # noqa: S311 - tie-breaking, not security
    judge_order = sorted(range(len(judges)), key=lambda index: rank[index])
    everyone = frozenset(range(len(judges)))
    experts = {
        entry.sector: frozenset(
            index for index, judge in enumerate(judges) if entry.sector in judge.sectors
        )
        for entry, _, _ in pending
    }
    resolved: dict[str, frozenset[int]] = defaultdict(frozenset)
    for round_number in itertools.count():
        groups = _group(pending, resolved)
        flows = _solve_flow(groups, judges, fixed_load, rank)
        rng = random.Random(seed)  # noqa: S311 - tie-breaking, not security
        split: list[tuple[int, str]] = []
        refined = False
        for group, flow in zip(groups, flows, strict=True):
            part = _split(group, flow, judge_order, rng)
            if part is not None:
                split.extend(part)
                continue
            served = frozenset(index for index, units in flow.items() if units)
            served |= experts[group.sector]
            if round_number >= _ROUNDS_BEFORE_EXACT:
                served = everyone
            for entry_id, excluded in zip(group.entry_ids, group.excluded, strict=True):
                if excluded & (served - resolved[entry_id]):
                    resolved[entry_id] |= served
                    refined = True
        if not refined:
            return split
    raise AssertionError("unreachable")


def _group(
    pending: list[tuple[Entry, int, frozenset[int]]], resolved: dict[str, frozenset[int]]
) -> list[_Group]:
    """Entries sharing sector, need and which of their ``resolved`` judges they exclude form a
    group. A group mixing excluded sets is a relaxation: its flow may not split per entry."""
    members: dict[tuple[str, int, tuple[int, ...]], list[tuple[str, frozenset[int]]]]
    members = defaultdict(list)
    for entry, need, excluded in pending:
        key = (entry.sector, need, tuple(sorted(excluded & resolved[entry.id])))
        members[key].append((entry.id, excluded))
    return [
        _Group(
            sector=key[0],
            need=key[1],
            entry_ids=tuple(entry_id for entry_id, _ in members[key]),
            excluded=tuple(excluded for _, excluded in members[key]),
        )
        for key in sorted(members)
    ]


def _split(
    group: _Group, flow: dict[int, int], judge_order: list[int], rng: random.Random
) -> list[tuple[int, str]] | None:
    """One judge per unit of ``flow``, no entry twice the same judge, no excluded judge.

    Units are dealt judge by judge round the (seeded) entries; a unit that lands on an entry that
    excludes its judge is placed afterwards along an augmenting path. None when some unit cannot
    be placed, which only happens for coarse groups.
    """
    size = len(group.entry_ids)
    order = list(range(size))
    rng.shuffle(order)
    assigned: list[set[int]] = [set() for _ in range(size)]
    by_judge: dict[int, set[int]] = defaultdict(set)
    unplaced: list[int] = []
    position = 0
    for index in judge_order:
        for _ in range(flow.get(index, 0)):
            member = order[position % size]
            position += 1
            if index in group.excluded[member]:
                unplaced.append(index)
            else:
                assigned[member].add(index)
                by_judge[index].add(member)
    if unplaced:
        spare = [member for member in range(size) if len(assigned[member]) < group.need]
        for index in unplaced:
            if not _augment(index, group, assigned, by_judge, spare, judge_order):
                return None
    return [
        (index, group.entry_ids[member])
        for member in range(size)
        for index in sorted(assigned[member])
    ]


def _augment(
    start: int,
    group: _Group,
    assigned: list[set[int]],
    by_judge: dict[int, set[int]],
    spare: list[int],
    judge_order: list[int],
) -> bool:
    """Give ``start`` one more entry: it takes a slot from another judge, who moves on, ... until
    some judge fills a spare slot. The search runs over judges only; an edge j -> j2 needs an entry
    of j2 that j may take. Slots along the path change hands at once, so the entries stay valid."""

    def can_take(index: int, member: int) -> bool:
        return index not in group.excluded[member] and index not in assigned[member]

    came_from: dict[int, tuple[int, int]] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        index = queue.popleft()
        target = next((member for member in spare if can_take(index, member)), None)
        if target is not None:
            assigned[target].add(index)
            by_judge[index].add(target)
            if len(assigned[target]) == group.need:
                spare.remove(target)
            while index != start:
                taker, member = came_from[index]
                assigned[member].remove(index)
                by_judge[index].remove(member)
                assigned[member].add(taker)
                by_judge[taker].add(member)
                index = taker
            return True
        for other in judge_order:
            if other in seen:
                continue
            member = next((m for m in sorted(by_judge[other]) if can_take(index, m)), None)
            if member is not None:
                seen.add(other)
                came_from[other] = (index, member)
                queue.append(other)
    return False


def _validate(problem: AssignmentProblem, judges: list[Judge], entries: list[Entry]) -> None:
    if problem.k < 0:
        raise ValueError(f"k must not be negative, got {problem.k}")
    judge_ids = {judge.id for judge in judges}
    entry_ids = {entry.id for entry in entries}
    if len(judge_ids) != len(judges):
        raise ValueError("judge ids must be unique")
    if len(entry_ids) != len(entries):
        raise ValueError("entry ids must be unique")
    for judge in judges:
        if judge.max_load is not None and judge.max_load < 0:
            raise ValueError(f"judge {judge.id}: max_load must not be negative")
    for judge_id, entry_id in sorted(problem.fixed):
        if judge_id not in judge_ids or entry_id not in entry_ids:
            raise ValueError(f"fixed pair ({judge_id}, {entry_id}) names an unknown judge or entry")
        if (judge_id, entry_id) in problem.conflicts:
            raise ValueError(f"fixed pair ({judge_id}, {entry_id}) is a conflict")


def _solve_flow(
    groups: list[_Group], judges: list[Judge], fixed_load: list[int], rank: list[int]
) -> list[dict[int, int]]:
    """Units each group sends to each judge (by judge index) in a lexicographically optimal flow."""
    judge_count = len(judges)
    demand = sum(len(group.entry_ids) * group.need for group in groups)
    if demand == 0 or judge_count == 0:
        return [{} for _ in groups]

    arc_capacity = [
        [sum(index not in excluded for excluded in group.excluded) for index in range(judge_count)]
        for group in groups
    ]
    capacity = [sum(caps[index] for caps in arc_capacity) for index in range(judge_count)]
    for index, judge in enumerate(judges):
        if judge.max_load is not None:
            capacity[index] = min(capacity[index], max(0, judge.max_load - fixed_load[index]))

    level = _water_level(demand, fixed_load, capacity)
    max_level = max(base + cap for base, cap in zip(fixed_load, capacity, strict=True))
    margin = _BAND_MARGIN
    while True:
        low, high = max(0, level - 1 - margin), level + margin
        flows, exact = _solve_band(
            groups, arc_capacity, judges, fixed_load, capacity, rank, demand, low, high
        )
        if exact or (low == 0 and high >= max_level):
            return flows
        margin = max(1, margin * 4)


def _water_level(demand: int, fixed_load: list[int], capacity: list[int]) -> int:
    """Smallest load level that, filling every judge up to it, covers the demand."""
    lo, hi = 0, max(base + cap for base, cap in zip(fixed_load, capacity, strict=True))
    while lo < hi:
        mid = (lo + hi) // 2
        filled = sum(
            min(max(mid - base, 0), cap) for base, cap in zip(fixed_load, capacity, strict=True)
        )
        if filled >= demand:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _solve_band(
    groups: list[_Group],
    arc_capacity: list[list[int]],
    judges: list[Judge],
    fixed_load: list[int],
    capacity: list[int],
    rank: list[int],
    demand: int,
    low: int,
    high: int,
) -> tuple[list[dict[int, int]], bool]:
    judge_count = len(judges)
    perturbation_max = judge_count - 1
    # A simple residual cycle crosses at most 2 × judges + 2 group–judge arcs; a flow carries at
    # most `demand` units on them. Each weight exceeds what all lower objectives can add up to.
    span = demand + 2 * judge_count + 2
    expertise_weight = 1 + span * perturbation_max
    balance_weight = 1 + span * (expertise_weight + perturbation_max)

    graph = nx.MultiDiGraph()
    arc_cost_total = 0

    def add_arc(tail: object, head: object, cap: int, cost: int) -> None:
        nonlocal arc_cost_total
        if cap > 0:
            graph.add_edge(tail, head, capacity=cap, weight=cost)
            arc_cost_total += cap * cost

    for number, group in enumerate(groups):
        add_arc(_SOURCE, ("group", number), len(group.entry_ids) * group.need, 0)
        for index, judge in enumerate(judges):
            mismatch = 0 if group.sector in judge.sectors else 1
            perturbation = (rank[index] + number) % judge_count
            add_arc(
                ("group", number),
                ("judge", index),
                arc_capacity[number][index],
                mismatch * expertise_weight + perturbation,
            )

    low_caps, tail_starts = [], []
    for index in range(judge_count):
        base, remaining = fixed_load[index], capacity[index]
        low_cap = min(max(low - base, 0), remaining)
        add_arc(("judge", index), _SINK, low_cap, 0)
        remaining -= low_cap
        level = base + low_cap
        tail_start = max(base, high) + 1
        while remaining > 0 and level + 1 < tail_start:
            level += 1
            add_arc(("judge", index), _SINK, 1, level * balance_weight)
            remaining -= 1
        add_arc(("judge", index), _SINK, remaining, tail_start * balance_weight)
        low_caps.append(low_cap)
        tail_starts.append(tail_start)

    add_arc(_SOURCE, _SINK, demand, 1 + arc_cost_total)
    graph.add_node(_SOURCE, demand=-demand)
    graph.add_node(_SINK, demand=demand)
    _, flow_dict = nx.network_simplex(graph)

    flows: list[dict[int, int]] = []
    for number in range(len(groups)):
        out = flow_dict.get(("group", number), {})
        flows.append(
            {
                node[1]: sum(by_key.values())
                for node, by_key in out.items()
                if sum(by_key.values()) > 0
            }
        )
    exact = True
    for index in range(judge_count):
        load = sum(flow_dict.get(("judge", index), {}).get(_SINK, {}).values())
        if load < low_caps[index] or fixed_load[index] + load > tail_starts[index]:
            exact = False
    return flows, exact


def _result(
    pairs: list[tuple[str, str]], judges: list[Judge], entries: list[Entry], k: int
) -> AssignmentResult:
    loads = {judge.id: 0 for judge in judges}
    per_entry = {entry.id: 0 for entry in entries}
    sectors = {judge.id: judge.sectors for judge in judges}
    entry_sector = {entry.id: entry.sector for entry in entries}
    matches = 0
    for judge_id, entry_id in pairs:
        loads[judge_id] += 1
        per_entry[entry_id] += 1
        if entry_sector[entry_id] in sectors[judge_id]:
            matches += 1
    shortfall = {entry_id: k - count for entry_id, count in per_entry.items() if count < k}
    return AssignmentResult(tuple(pairs), loads, shortfall, matches)
