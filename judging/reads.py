"""Reads for judging pages: each function owns its queries so no page does N+1."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from judging import aggregation
from judging.conflicts import AffiliationFacts, JudgeFacts, OrganisationFacts
from judging.enums import ReviewStatus, RoundKind
from judging.models import (
    Assignment,
    Conflict,
    ConsensusNote,
    Criterion,
    JudgeProfile,
    Panel,
    PanelMember,
    Review,
    ReviewScore,
    Round,
    Rubric,
)
from submissions.enums import Eligibility, SubmissionStatus
from submissions.models import CallQuestion, Membership, Organisation, Submission

BLIND_HIDDEN_FIELDS = ("team",)
ENTRY_TEXT_FIELDS = ("description", "approach", "expected_impact", "implementation_plan", "team")


# --- rubrics and rounds ---------------------------------------------------------------------


def rubric_for(call_id: int, category_key: str = "") -> Rubric | None:
    """The category's rubric when there is one, else the call's."""
    rubrics = list(
        Rubric.objects.filter(
            call_id=call_id, category_key__in={category_key, ""}
        ).prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("sort_order")))
    )
    rubrics.sort(key=lambda r: r.category_key != category_key)
    return rubrics[0] if rubrics else None


def rubrics_for_page(page) -> list[Rubric]:
    """Rubrics of a call page in any language (they point at the default-language page)."""
    return list(
        Rubric.objects.filter(call__translation_key=page.translation_key)
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("sort_order")))
        .order_by("category_key")
    )


def round_submissions(round: Round) -> QuerySet[Submission]:
    """The entries of a round: eligible submitted entries of the call, or those advanced."""
    if round.kind == RoundKind.FINAL:
        queryset = Submission.objects.filter(round_entries__round=round)
    else:
        queryset = Submission.objects.filter(
            call_id=round.call_id,
            status=SubmissionStatus.SUBMITTED,
            eligibility=Eligibility.ELIGIBLE,
        )
    if round.category_key:
        queryset = queryset.filter(category_key=round.category_key)
    return queryset.order_by("pk")


def entry_sector(submission: Submission, call_sectors: dict[int, str]) -> str:
    return call_sectors.get(submission.call_id) or submission.category_key or ""


def call_sectors(call_ids) -> dict[int, str]:
    from challenges.models import ChallengePage

    return dict(ChallengePage.objects.filter(pk__in=call_ids).values_list("pk", "sector"))


# --- conflicts ------------------------------------------------------------------------------


def judge_facts(user_ids) -> list[JudgeFacts]:
    from cms.models import User

    users = User.objects.filter(pk__in=user_ids).order_by("pk")
    profiles = {
        p.user_id: p
        for p in JudgeProfile.objects.filter(user_id__in=user_ids).prefetch_related("affiliations")
    }
    facts = []
    for user in users:
        profile = profiles.get(user.pk)
        domains = {user.email_domain}
        affiliations: tuple[AffiliationFacts, ...] = ()
        if profile is not None:
            domains |= set(profile.email_domains or [])
            affiliations = tuple(
                AffiliationFacts(a.organisation_name, a.tax_code, a.until)
                for a in profile.affiliations.all()
            )
        facts.append(JudgeFacts(str(user.pk), frozenset(domains), affiliations))
    return facts


def organisation_facts(organisations: QuerySet[Organisation]) -> list[OrganisationFacts]:
    from django.utils import timezone

    from judging.conflicts import FormerMemberFacts
    from submissions.models import FormerMembership

    organisations = list(organisations.order_by("pk"))
    members: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for organisation_id, user_id, email in Membership.objects.filter(
        organisation__in=organisations
    ).values_list("organisation_id", "user_id", "user__email"):
        members[organisation_id].append((user_id, email))
    # Memberships that ended: the pure detector decides which are recent enough to count.
    former: dict[int, set[FormerMemberFacts]] = defaultdict(set)
    for organisation_id, user_id, left_at in FormerMembership.objects.filter(
        organisation__in=organisations
    ).values_list("organisation_id", "user_id", "left_at"):
        former[organisation_id].add(FormerMemberFacts(str(user_id), timezone.localdate(left_at)))
    facts = []
    for organisation in organisations:
        domains = {organisation.email_domain}
        if organisation.website:
            host = re.sub(r"^[a-z]+://", "", organisation.website.lower()).split("/")[0]
            domains.add(host)
        domains |= {email.rsplit("@", 1)[-1] for _, email in members[organisation.pk]}
        facts.append(
            OrganisationFacts(
                id=str(organisation.pk),
                name=organisation.name,
                tax_code=organisation.tax_code,
                email_domains=frozenset(d for d in domains if d),
                member_ids=frozenset(str(user_id) for user_id, _ in members[organisation.pk]),
                former_members=frozenset(former[organisation.pk]),
            )
        )
    return facts


def panel_organisations(panel: Panel) -> QuerySet[Organisation]:
    """Organisations with a submitted entry to one of the panel's calls (names for declaring)."""
    submissions = Submission.objects.filter(
        call__in=panel.calls.all(), status=SubmissionStatus.SUBMITTED
    )
    if panel.category_key:
        submissions = submissions.filter(category_key=panel.category_key)
    return Organisation.objects.filter(
        pk__in=submissions.exclude(organisation=None).values("organisation_id")
    ).order_by("name", "pk")


def conflict_pairs(judge_ids, submissions: list[Submission]) -> set[tuple[int, int]]:
    """(judge id, submission id) pairs that may not be assigned."""
    by_org: dict[int, list[int]] = defaultdict(list)
    ids = set()
    for submission in submissions:
        ids.add(submission.pk)
        if submission.organisation_id:
            by_org[submission.organisation_id].append(submission.pk)
    pairs = set()
    for judge_id, organisation_id, submission_id in Conflict.objects.filter(
        Q(organisation_id__in=by_org) | Q(submission_id__in=ids), judge_id__in=judge_ids
    ).values_list("judge_id", "organisation_id", "submission_id"):
        if submission_id:
            pairs.add((judge_id, submission_id))
        for sid in by_org.get(organisation_id, []):
            pairs.add((judge_id, sid))
    return pairs


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


# --- the judge's pages ----------------------------------------------------------------------


@dataclass
class AssignmentRow:
    assignment: Assignment
    review: Review | None
    scored: int
    criteria_count: int
    rubric: Rubric | None

    @property
    def status(self) -> str:
        if self.review is None:
            return "not_started"
        return self.review.status

    @property
    def percent(self) -> int:
        if self.review is not None and self.review.is_submitted:
            return 100
        if not self.criteria_count:
            return 0
        return int(self.scored * 100 / self.criteria_count)


def my_assignments(user) -> list[AssignmentRow]:
    """The judge's active, non-conflicted assignments with progress, in a fixed number of queries."""
    assignments = list(
        Assignment.objects.active()
        .filter(judge=user)
        .select_related("round", "round__call", "review")
        .order_by("round__due_at", "submission_id")
    )
    submissions = list(Submission.objects.filter(pk__in=[a.submission_id for a in assignments]))
    by_id = {s.pk: s for s in submissions}
    conflicted = conflict_pairs([user.pk], submissions)
    rubrics: dict[tuple[int, str], Rubric | None] = {}
    criteria_counts: dict[int, int] = {}
    keys = {
        (by_id[a.submission_id].call_id, by_id[a.submission_id].category_key) for a in assignments
    }
    if keys:
        call_ids = {k[0] for k in keys}
        all_rubrics = list(Rubric.objects.filter(call_id__in=call_ids).prefetch_related("criteria"))
        for call_id, category in keys:
            matches = [
                r for r in all_rubrics if r.call_id == call_id and r.category_key in {category, ""}
            ]
            matches.sort(key=lambda r: r.category_key != category)
            rubrics[(call_id, category)] = matches[0] if matches else None
        for rubric in all_rubrics:
            criteria_counts[rubric.pk] = len(rubric.criteria.all())
    scored: dict[int, int] = defaultdict(int)
    review_ids = [a.review.pk for a in assignments if hasattr(a, "review")]
    for review_id in ReviewScore.objects.filter(
        review_id__in=review_ids, score__isnull=False
    ).values_list("review_id", flat=True):
        scored[review_id] += 1
    rows = []
    for assignment in assignments:
        if (user.pk, assignment.submission_id) in conflicted:
            continue
        submission = by_id[assignment.submission_id]
        assignment.submission = submission
        review = getattr(assignment, "review", None)
        rubric = rubrics.get((submission.call_id, submission.category_key))
        rows.append(
            AssignmentRow(
                assignment=assignment,
                review=review,
                scored=scored.get(review.pk, 0) if review else 0,
                criteria_count=criteria_counts.get(rubric.pk, 0) if rubric else 0,
                rubric=rubric,
            )
        )
    return rows


LEGAL_FORMS = (
    "công ty",
    "cty",
    "trách nhiệm hữu hạn",
    "tnhh",
    "một thành viên",
    "mtv",
    "cổ phần",
    "cp",
    "tập đoàn",
    "doanh nghiệp tư nhân",
    "dntn",
    "hợp tác xã",
    "htx",
    "company",
    "joint stock company",
    "jsc",
    "limited",
    "co., ltd",
    "co.,ltd",
    "ltd",
    "llc",
)


def name_variants(name: str) -> list[str]:
    """The name, and its distinctive part without legal forms ("Công ty TNHH X" → "X")."""
    variants = [name]
    core = name.strip()
    changed = True
    while changed:
        changed = False
        for form in sorted(LEGAL_FORMS, key=len, reverse=True):
            if core.lower().startswith(form + " ") or core.lower().endswith(" " + form):
                core = core[len(form) :] if core.lower().startswith(form) else core[: -len(form)]
                core = core.strip(" ,.-")
                changed = True
    if core and core != name and len(core) >= 4:
        variants.append(core)
    return variants


def participant_strings(submission: Submission) -> list[str]:
    """Personal data of the people entering (often minors): never shown to judges."""
    from submissions.models import Participant

    values: list[str] = []
    participant_ids = []
    if submission.participant_id:
        participant_ids.append(submission.participant_id)
    participant_ids += list(submission.team_members.values_list("participant_id", flat=True))
    for participant in Participant.objects.filter(pk__in=participant_ids).select_related("user"):
        values += [
            participant.full_name,
            participant.school,
            participant.guardian_name,
            participant.guardian_email,
            participant.user.email,
            participant.user.display_name,
        ]
    return sorted({v.strip() for v in values if v and len(v.strip()) >= 3}, key=len, reverse=True)


def identifying_strings(submission: Submission) -> list[str]:
    """Everything on record that names the entrant: never shown on blind pages."""
    values: list[str] = [submission.reference]
    organisation = submission.organisation
    if organisation is not None:
        values += [
            *name_variants(organisation.name),
            organisation.tax_code,
            organisation.contact_name,
            organisation.contact_email,
            organisation.contact_phone,
            organisation.address,
        ]
        if organisation.website:
            values.append(
                re.sub(r"^[a-z]+://(www\.)?", "", organisation.website.lower()).strip("/")
            )
        for name, email in Membership.objects.filter(organisation=organisation).values_list(
            "user__display_name", "user__email"
        ):
            values += [name, email]
    values += participant_strings(submission)
    return sorted({v.strip() for v in values if v and len(v.strip()) >= 3}, key=len, reverse=True)


def redact(text: str, secrets_: list[str], *, is_html: bool) -> str:
    if not text or not secrets_:
        return text
    variants = set()
    for secret in secrets_:
        variants.add(secret)
        if is_html:
            variants.add(html.escape(secret, quote=False))
            variants.add(html.escape(secret))
    pattern = re.compile(
        "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True)), re.IGNORECASE
    )
    return pattern.sub(_("[hidden]"), text)


@dataclass
class EntryView:
    title: str
    summary: str
    sections: list[tuple[str, str]]
    answers: list[tuple[str, str]]
    attachments: list[dict[str, Any]]
    requested_amount: int | None
    reference: str = ""
    entrant: str = ""
    blind: bool = True
    hidden_fields: list[str] = field(default_factory=list)


def entry_view(assignment: Assignment) -> EntryView | None:
    """The frozen version of the assigned entry, sanitised, and redacted when the round is blind.

    People's personal data (participants, many of them minors) is never part of it.
    """
    from submissions.sanitize import clean_html, clean_text

    submission = assignment.submission
    version = submission.versions.order_by("-number").first()
    if version is None:
        return None
    content = version.content
    fields = content.get("fields", {})
    blind = assignment.round.blind
    secrets_ = identifying_strings(submission) if blind else participant_strings(submission)
    labels = {
        "description": _("Description"),
        "approach": _("Approach"),
        "expected_impact": _("Expected impact"),
        "implementation_plan": _("Implementation plan"),
        "team": _("Team"),
    }
    sections = []
    hidden = []
    for name in ENTRY_TEXT_FIELDS:
        value = fields.get(name) or ""
        if not value:
            continue
        if blind and name in BLIND_HIDDEN_FIELDS:
            hidden.append(str(labels[name]))
            continue
        sections.append((labels[name], redact(clean_html(value), secrets_, is_html=True)))
    questions = {
        q.key: q
        for q in CallQuestion.objects.filter(call_id=submission.call_id).order_by("sort_order")
    }
    answers = []
    for key, value in (content.get("answers") or {}).items():
        question = questions.get(key)
        if question is None or question.kind == "file" or value in (None, ""):
            continue
        if isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        else:
            shown = clean_text(str(value), multiline=True)
        answers.append((question.display_label, redact(shown, secrets_, is_html=False)))
    attachments = [
        {"number": n, "kind": item.get("kind", ""), "size": item.get("size", 0)}
        for n, item in enumerate(content.get("attachments") or [], start=1)
    ]
    entrant = ""
    if not blind and submission.organisation_id:
        entrant = submission.organisation.name
    return EntryView(
        title=redact(clean_text(fields.get("title") or ""), secrets_, is_html=False)
        or _("Untitled entry"),
        summary=redact(
            clean_text(fields.get("summary") or "", multiline=True), secrets_, is_html=False
        ),
        sections=sections,
        answers=answers,
        attachments=attachments,
        requested_amount=fields.get("requested_amount"),
        reference="" if blind else version.reference,
        entrant=entrant,
        blind=blind,
        hidden_fields=hidden,
    )


def entry_label(submission: Submission, *, blind: bool) -> str:
    if blind:
        return _("Entry %(number)s") % {"number": submission.pk}
    return submission.reference or _("Entry %(number)s") % {"number": submission.pk}


# --- aggregation and the dashboard -----------------------------------------------------------


def criteria_of(rubric: Rubric) -> list[aggregation.Criterion]:
    return [
        aggregation.Criterion(key=c.key, weight=c.weight, max=c.maximum, min=c.minimum)
        for c in rubric.criteria.all()
    ]


@dataclass
class JudgeProgress:
    judge: Any
    assigned: int = 0
    submitted: int = 0
    drafts: int = 0

    @property
    def percent(self) -> int:
        return int(self.submitted * 100 / self.assigned) if self.assigned else 0


@dataclass
class EntryRow:
    submission: Submission
    label: str
    assigned: int = 0
    submitted: int = 0
    aggregate: aggregation.EntryAggregate | None = None
    flagged: bool = False
    below_minimum: list[str] = field(default_factory=list)
    notes: list[ConsensusNote] = field(default_factory=list)
    rank: int | None = None
    reviews: list[Review] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return int(self.submitted * 100 / self.assigned) if self.assigned else 0


@dataclass
class Dashboard:
    round: Round
    rubric: Rubric | None
    criteria: list[Criterion]
    judges: list[JudgeProgress]
    entries: list[EntryRow]
    blind_labels: bool


def dashboard(round: Round, *, blind_labels: bool) -> Dashboard:
    """Progress per judge and per entry, and the ranking computed by ``aggregation``."""
    submissions = list(round_submissions(round).select_related("organisation"))
    rubric = rubric_for(round.call_id, round.category_key)
    criteria = list(rubric.criteria.all()) if rubric else []
    assignments = list(
        Assignment.objects.active()
        .filter(round=round)
        .select_related("judge", "review")
        .order_by("judge__email", "submission_id")
    )
    reviews = [a.review for a in assignments if hasattr(a, "review") and a.review.voided_at is None]
    scores: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    keys = {c.pk: c.key for c in criteria}
    for review_id, criterion_id, score in ReviewScore.objects.filter(
        review__in=reviews
    ).values_list("review_id", "criterion_id", "score"):
        if criterion_id in keys:
            scores[review_id][keys[criterion_id]] = score
    notes: dict[int, list[ConsensusNote]] = defaultdict(list)
    for note in ConsensusNote.objects.filter(round=round).select_related("author"):
        notes[note.submission_id].append(note)

    judges: dict[int, JudgeProgress] = {}
    rows = {
        s.pk: EntryRow(submission=s, label=entry_label(s, blind=blind_labels), notes=notes[s.pk])
        for s in submissions
    }
    entry_reviews: dict[int, list[aggregation.Review]] = defaultdict(list)
    for assignment in assignments:
        progress = judges.setdefault(assignment.judge_id, JudgeProgress(assignment.judge))
        progress.assigned += 1
        row = rows.get(assignment.submission_id)
        if row is not None:
            row.assigned += 1
        review = getattr(assignment, "review", None)
        if review is None or review.voided_at is not None:
            continue
        review.judge = assignment.judge
        review.score_map = scores.get(review.pk, {})
        if review.status == ReviewStatus.SUBMITTED:
            progress.submitted += 1
            if row is not None:
                row.submitted += 1
                row.reviews.append(review)
                entry_reviews[assignment.submission_id].append(
                    aggregation.Review(
                        judge=str(assignment.judge_id),
                        scores={k: v or Decimal(0) for k, v in review.score_map.items()},
                    )
                )
        else:
            progress.drafts += 1
    if rubric is not None and criteria:
        pure_criteria = criteria_of(rubric)
        results = aggregation.aggregate_pool(
            [aggregation.EntryReviews(str(pk), tuple(entry_reviews.get(pk, ()))) for pk in rows],
            pure_criteria,
            method=aggregation.Aggregation(rubric.aggregation),
            trim=rubric.trim,
            min_judge_sample=rubric.min_judge_sample,
        )
        for pk, row in rows.items():
            result = results[str(pk)]
            row.aggregate = result
            if result.score is None:
                continue
            if rubric.disagreement_spread is not None and result.spread is not None:
                row.flagged = result.spread > rubric.disagreement_spread
            row.below_minimum = [
                c.key
                for c in criteria
                if c.minimum is not None and result.criterion_scores[c.key] < c.minimum
            ]
    ranked = sorted(
        rows.values(),
        key=lambda r: (
            r.aggregate is None or r.aggregate.score is None,
            -(r.aggregate.score if r.aggregate and r.aggregate.score is not None else 0),
            r.submission.pk,
        ),
    )
    for position, row in enumerate(ranked, start=1):
        if row.aggregate is not None and row.aggregate.score is not None:
            row.rank = position
    return Dashboard(
        round=round,
        rubric=rubric,
        criteria=criteria,
        judges=sorted(judges.values(), key=lambda j: (str(j.judge), j.judge.pk)),
        entries=ranked,
        blind_labels=blind_labels,
    )


def panel_members(panel: Panel) -> list[PanelMember]:
    return list(panel.members.select_related("user").order_by("user__email"))
