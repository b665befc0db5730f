"""State changes of judging: one function per change, atomic, audited, side effects on commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms import outbox
from cms.audit import record
from judging import assignment as pure_assignment
from judging import conflicts as pure_conflicts
from judging import reads, tasks
from judging.enums import AssignmentSource, ConflictSource, ReviewStatus, RoundKind
from judging.models import (
    Affiliation,
    Assignment,
    Conflict,
    ConflictDeclaration,
    ConsensusNote,
    JudgeProfile,
    Panel,
    PanelInvitation,
    PanelMember,
    Review,
    ReviewScore,
    Round,
    RoundEntry,
    Rubric,
)
from submissions.models import Organisation, Submission
from submissions.sanitize import clean_text


class ActionRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- panels ---------------------------------------------------------------------------------


@transaction.atomic
def panel_invitation_create(*, panel: Panel, email: str, actor, request=None) -> PanelInvitation:
    invitation = PanelInvitation.objects.create(panel=panel, email=email, invited_by=actor)
    record(
        actor=actor,
        action="panel.invite",
        target=panel,
        after={"email": invitation.email, "invitation": invitation.pk},
        request=request,
    )
    outbox.enqueue(
        tasks.send_panel_invitation.name,
        kwargs={"invitation_id": invitation.pk},
        dedup_key=f"panel-invitation:{invitation.pk}",
    )
    return invitation


@transaction.atomic
def panel_invitation_accept(*, invitation: PanelInvitation, user, request=None) -> PanelMember:
    invitation = PanelInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable():
        raise ActionRefused(_("This invitation has expired or was already used."))
    member, _created = PanelMember.objects.get_or_create(panel=invitation.panel, user=user)
    JudgeProfile.objects.get_or_create(user=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(
        actor=user,
        action="panel.join",
        target=invitation.panel,
        after={"member": user.pk, "invitation": invitation.pk},
        request=request,
    )
    return member


# --- conflicts ------------------------------------------------------------------------------


@transaction.atomic
def conflict_record(
    *,
    judge,
    reason: str,
    source: str,
    organisation: Organisation | None = None,
    submission: Submission | None = None,
    actor=None,
    request=None,
) -> tuple[Conflict, bool]:
    """Record a conflict (once per pair); a conflict found after reviewing voids that review
    and the entry gets another judge."""
    if organisation is None and submission is None:
        raise ValueError("a conflict needs an organisation or a submission")
    lookup = {"organisation": organisation} if organisation else {"submission": submission}
    existing = Conflict.objects.filter(judge=judge, **lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            conflict = Conflict.objects.create(
                judge=judge, source=source, reason=reason, created_by=actor, **lookup
            )
    except IntegrityError:
        return Conflict.objects.get(judge=judge, **lookup), False
    record(
        actor=actor,
        action="conflict.record",
        target=conflict,
        after={
            "judge": judge.pk,
            "organisation": organisation.pk if organisation else None,
            "submission": submission.pk if submission else None,
            "source": source,
            "reason": reason,
        },
        request=request,
    )
    target = Q(submission__organisation=organisation) if organisation else Q(submission=submission)
    for assignment in Assignment.objects.filter(target, judge=judge, voided_at=None):
        assignment_void(
            assignment=assignment,
            reason=_("Conflict of interest: %(reason)s") % {"reason": reason},
            actor=actor,
            request=request,
            reassign=True,
        )
    return conflict, True


@transaction.atomic
def conflicts_declare(
    *, judge, panel: Panel, declared: list[tuple[Organisation, str]], request=None
) -> list[Conflict]:
    """The judge's declaration for a panel: the listed organisations with reasons (maybe none)."""
    created = []
    for organisation, reason in declared:
        conflict, was_created = conflict_record(
            judge=judge,
            organisation=organisation,
            reason=reason,
            source=ConflictSource.DECLARED,
            actor=judge,
            request=request,
        )
        if was_created:
            created.append(conflict)
    ConflictDeclaration.objects.get_or_create(judge=judge, panel=panel)
    record(
        actor=judge,
        action="conflict.declare",
        target=panel,
        after={"judge": judge.pk, "organisations": [c.organisation_id for c in created]},
        request=request,
    )
    return created


@transaction.atomic
def conflicts_detect(*, panel: Panel, actor=None, request=None) -> list[Conflict]:
    """Add every conflict the pure detector finds between the panel's judges and entrants."""
    judge_ids = set(panel.members.values_list("user_id", flat=True))
    if panel.chair_id:
        judge_ids.add(panel.chair_id)
    organisations = reads.panel_organisations(panel)
    found = pure_conflicts.detect_conflicts(
        reads.judge_facts(judge_ids), reads.organisation_facts(organisations), today=reads.today()
    )
    by_id = {str(o.pk): o for o in organisations}
    from cms.models import User

    users = {str(u.pk): u for u in User.objects.filter(pk__in=judge_ids)}
    reasons = {
        pure_conflicts.Reason.MEMBER: _("Member of the organisation"),
        pure_conflicts.Reason.AFFILIATION: _("Affiliation: %(detail)s"),
        pure_conflicts.Reason.EMAIL_DOMAIN: _("Shared e-mail domain: %(detail)s"),
    }
    created = []
    for item in found:
        conflict, was_created = conflict_record(
            judge=users[item.judge_id],
            organisation=by_id[item.organisation_id],
            reason=str(reasons[item.reason]) % {"detail": item.detail},
            source=ConflictSource.DETECTED,
            actor=actor,
            request=request,
        )
        if was_created:
            created.append(conflict)
    return created


@dataclass(frozen=True)
class AffiliationInput:
    organisation_name: str
    tax_code: str = ""
    until: date | None = None


@transaction.atomic
def judge_profile_save(
    *,
    user,
    expertise: list[str],
    email_domains: list[str],
    affiliations: list[AffiliationInput],
    request=None,
) -> JudgeProfile:
    """The judge's own profile; detection then runs for every panel the judge sits on."""
    profile, _created = JudgeProfile.objects.select_for_update().get_or_create(user=user)
    before = {
        "expertise": profile.expertise,
        "email_domains": profile.email_domains,
        "affiliations": [
            [a.organisation_name, a.tax_code, a.until.isoformat() if a.until else None]
            for a in profile.affiliations.all()
        ],
    }
    profile.expertise = sorted(set(expertise))
    profile.email_domains = sorted({d.strip().lower() for d in email_domains if d.strip()})
    profile.save()
    profile.affiliations.all().delete()
    for item in affiliations:
        Affiliation.objects.create(
            profile=profile,
            organisation_name=item.organisation_name,
            tax_code=item.tax_code,
            until=item.until,
        )
    record(
        actor=user,
        action="judge_profile.save",
        target=profile,
        before=before,
        after={
            "expertise": profile.expertise,
            "email_domains": profile.email_domains,
            "affiliations": [
                [a.organisation_name, a.tax_code, a.until.isoformat() if a.until else None]
                for a in affiliations
            ],
        },
        request=request,
    )
    for panel in Panel.objects.filter(members__user=user).distinct():
        conflicts_detect(panel=panel, actor=user, request=request)
    return profile


# --- assignment -----------------------------------------------------------------------------


def _problem(round: Round) -> tuple[pure_assignment.AssignmentProblem, list[Submission]]:
    submissions = list(reads.round_submissions(round))
    members = list(round.panel.members.select_related("user"))
    profiles = {
        p.user_id: p for p in JudgeProfile.objects.filter(user_id__in=[m.user_id for m in members])
    }
    judges = [
        pure_assignment.Judge(
            id=str(m.user_id),
            sectors=frozenset(profiles[m.user_id].expertise if m.user_id in profiles else []),
            max_load=m.max_load,
        )
        for m in members
    ]
    sectors = reads.call_sectors({s.call_id for s in submissions})
    entries = [
        pure_assignment.Entry(id=str(s.pk), sector=reads.entry_sector(s, sectors))
        for s in submissions
    ]
    judge_ids = {m.user_id for m in members}
    excluded = reads.conflict_pairs(judge_ids, submissions)
    existing = list(
        Assignment.objects.filter(round=round, submission__in=submissions).values_list(
            "judge_id", "submission_id", "confirmed_at", "voided_at", "source"
        )
    )
    fixed = set()
    for judge_id, submission_id, confirmed_at, voided_at, source in existing:
        if voided_at is not None:
            excluded.add((judge_id, submission_id))
        elif judge_id in judge_ids and (
            confirmed_at is not None or source == AssignmentSource.MANUAL
        ):
            fixed.add((str(judge_id), str(submission_id)))
    problem = pure_assignment.AssignmentProblem(
        judges=judges,
        entries=entries,
        conflicts=frozenset((str(j), str(s)) for j, s in excluded),
        k=round.judges_per_entry,
        seed=round.seed,
        fixed=frozenset(p for p in fixed if (int(p[0]), int(p[1])) not in excluded),
    )
    return problem, submissions


@transaction.atomic
def assignments_propose(*, round: Round, actor, request=None) -> pure_assignment.AssignmentResult:
    """Replace the automatic proposal of a round by a fresh one (confirmed rows are kept)."""
    Round.objects.select_for_update().get(pk=round.pk)
    conflicts_detect(panel=round.panel, actor=actor, request=request)
    Assignment.objects.filter(
        round=round, confirmed_at=None, voided_at=None, source=AssignmentSource.AUTOMATIC
    ).delete()
    problem, _submissions = _problem(round)
    result = pure_assignment.assign_judges(problem)
    new = [
        Assignment(
            round=round,
            judge_id=int(judge_id),
            submission_id=int(entry_id),
            source=AssignmentSource.AUTOMATIC,
        )
        for judge_id, entry_id in result.pairs
        if (judge_id, entry_id) not in problem.fixed
    ]
    Assignment.objects.bulk_create(new)
    record(
        actor=actor,
        action="assignment.propose",
        target=round,
        after={
            "pairs": len(result.pairs),
            "loads": result.loads,
            "shortfall": result.shortfall,
            "expertise_matches": result.expertise_matches,
        },
        request=request,
    )
    return result


@transaction.atomic
def assignment_add(
    *, round: Round, judge, submission: Submission, actor, request=None
) -> Assignment:
    """A manual pair, proposed until confirmed (at once if the round is already confirmed)."""
    if (judge.pk, submission.pk) in reads.conflict_pairs([judge.pk], [submission]):
        raise ActionRefused(_("This judge has a conflict of interest with this entry."))
    if not round.panel.members.filter(user=judge).exists():
        raise ActionRefused(_("This judge is not a member of the round's panel."))
    if not reads.round_submissions(round).filter(pk=submission.pk).exists():
        raise ActionRefused(_("This entry is not part of the round."))
    if Assignment.objects.filter(round=round, judge=judge, submission=submission).exists():
        raise ActionRefused(_("This judge is already assigned to this entry."))
    confirmed = round.assignments_confirmed_at is not None
    assignment = Assignment.objects.create(
        round=round,
        judge=judge,
        submission=submission,
        source=AssignmentSource.MANUAL,
        confirmed_at=timezone.now() if confirmed else None,
    )
    record(
        actor=actor,
        action="assignment.add",
        target=assignment,
        after={"judge": judge.pk, "submission": submission.pk, "confirmed": confirmed},
        request=request,
    )
    if confirmed:
        _notify_assignments(round.pk, judge.pk)
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment, actor, request=None) -> None:
    """Remove a proposed pair; a confirmed one is voided instead (its review is kept, voided)."""
    if assignment.confirmed_at is not None:
        assignment_void(
            assignment=assignment, reason=_("Removed by staff"), actor=actor, request=request
        )
        return
    record(
        actor=actor,
        action="assignment.remove",
        target=assignment,
        before={"judge": assignment.judge_id, "submission": assignment.submission_id},
        request=request,
    )
    assignment.delete()


@transaction.atomic
def assignments_confirm(*, round: Round, actor, request=None) -> int:
    round = Round.objects.select_for_update().get(pk=round.pk)
    now = timezone.now()
    proposed = Assignment.objects.proposed().filter(round=round)
    judge_ids = sorted(set(proposed.values_list("judge_id", flat=True)))
    count = proposed.update(confirmed_at=now)
    round.assignments_confirmed_at = round.assignments_confirmed_at or now
    round.save(update_fields=["assignments_confirmed_at"])
    record(
        actor=actor,
        action="assignment.confirm",
        target=round,
        after={"confirmed": count, "judges": judge_ids},
        request=request,
    )
    for judge_id in judge_ids:
        _notify_assignments(round.pk, judge_id)
    return count


@transaction.atomic
def assignment_void(
    *, assignment: Assignment, reason: str, actor=None, request=None, reassign: bool = False
) -> Assignment | None:
    """Void an assignment and its review; with ``reassign`` the entry gets another judge."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.voided_at is not None:
        return None
    now = timezone.now()
    was_confirmed = assignment.confirmed_at is not None
    assignment.voided_at = now
    assignment.void_reason = reason
    assignment.save(update_fields=["voided_at", "void_reason"])
    review = Review.objects.filter(assignment=assignment).first()
    if review is not None:
        review.voided_at = now
        review.void_reason = reason
        review.save(update_fields=["voided_at", "void_reason"])
    record(
        actor=actor,
        action="assignment.void",
        target=assignment,
        before={"review_status": review.status if review else None},
        after={"reason": reason, "review_voided": review is not None},
        request=request,
    )
    if reassign and was_confirmed:
        return _reassign(assignment.round, assignment.submission, actor=actor, request=request)
    return None


def _reassign(round: Round, submission: Submission, *, actor, request) -> Assignment | None:
    problem, _submissions = _problem(round)
    result = pure_assignment.assign_judges(problem)
    new_pairs = [
        (int(j), int(e))
        for j, e in result.pairs
        if (j, e) not in problem.fixed and int(e) == submission.pk
    ]
    created = None
    for judge_id, submission_id in new_pairs:
        created = Assignment.objects.create(
            round=round,
            judge_id=judge_id,
            submission_id=submission_id,
            source=AssignmentSource.REASSIGNED,
            confirmed_at=timezone.now(),
        )
        record(
            actor=actor,
            action="assignment.reassign",
            target=created,
            after={"judge": judge_id, "submission": submission_id},
            request=request,
        )
        _notify_assignments(round.pk, judge_id)
    return created


def _notify_assignments(round_id: int, judge_id: int) -> None:
    """Queue the judge's assignment notice through the outbox, in the caller's transaction.

    Each call is its own message (a judge may get more assignments later); the task claims the
    assignments it announces, so a repeated delivery sends nothing twice.
    """
    outbox.enqueue(
        tasks.notify_judge_assignments.name,
        kwargs={"round_id": round_id, "judge_id": judge_id},
        dedup_key=f"judge-assignments:{round_id}:{judge_id}:{uuid.uuid4().hex}",
    )


# --- reviews --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    """Cleaned form data: score (None when blank) and comment per criterion key."""

    scores: dict[str, Decimal | None]
    comments: dict[str, str]
    overall_comment: str


def _review_state(review: Review) -> dict:
    return {
        "status": review.status,
        "overall_comment": review.overall_comment,
        "scores": {
            s.criterion.key: (str(s.score) if s.score is not None else None)
            for s in review.scores.select_related("criterion")
        },
    }


def _get_or_create_review(assignment: Assignment) -> Review:
    review = Review.objects.select_for_update().filter(assignment=assignment).first()
    if review is not None:
        return review
    rubric = reads.rubric_for(assignment.submission.call_id, assignment.submission.category_key)
    if rubric is None:
        raise ActionRefused(_("This call has no rubric yet."))
    return Review.objects.create(assignment=assignment, rubric=rubric)


def _write_scores(review: Review, data: ScoreInput) -> None:
    for criterion in review.rubric.criteria.all():
        ReviewScore.objects.update_or_create(
            review=review,
            criterion=criterion,
            defaults={
                "score": data.scores.get(criterion.key),
                "comment": clean_text(data.comments.get(criterion.key, "")),
            },
        )
    review.overall_comment = clean_text(data.overall_comment)
    review.revision += 1
    review.updated_at = timezone.now()
    review.save(update_fields=["overall_comment", "revision", "updated_at"])


@transaction.atomic
def review_save_draft(*, assignment: Assignment, user, data: ScoreInput, request=None) -> Review:
    review = _get_or_create_review(assignment)
    if review.is_submitted:
        raise ActionRefused(_("This review was submitted; only the panel chair can reopen it."))
    if review.is_voided:
        raise ActionRefused(_("This review was voided."))
    before = _review_state(review)
    _write_scores(review, data)
    record(
        actor=user,
        action="review.save_draft",
        target=review,
        before=before,
        after=_review_state(review),
        request=request,
    )
    return review


@transaction.atomic
def review_submit(
    *, assignment: Assignment, user, data: ScoreInput, request=None, now: datetime | None = None
) -> Review:
    review = _get_or_create_review(assignment)
    if review.is_submitted:
        raise ActionRefused(_("This review was already submitted."))
    if review.is_voided:
        raise ActionRefused(_("This review was voided."))
    missing = [c.key for c in review.rubric.criteria.all() if data.scores.get(c.key) is None]
    if missing:
        raise ActionRefused(_("Give a score for every criterion before submitting."))
    before = _review_state(review)
    _write_scores(review, data)
    now = now or timezone.now()
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at = now
    review.save(update_fields=["status", "submitted_at"])
    Rubric.objects.filter(pk=review.rubric_id, frozen_at=None).update(frozen_at=now)
    record(
        actor=user,
        action="review.submit",
        target=review,
        before=before,
        after=_review_state(review),
        request=request,
    )
    return review


@transaction.atomic
def review_reopen(*, review: Review, actor, reason: str = "", request=None) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not review.is_submitted:
        raise ActionRefused(_("Only a submitted review can be reopened."))
    review.status = ReviewStatus.DRAFT
    review.submitted_at = None
    review.save(update_fields=["status", "submitted_at"])
    record(
        actor=actor,
        action="review.reopen",
        target=review,
        before={"status": ReviewStatus.SUBMITTED},
        after={"status": ReviewStatus.DRAFT, "reason": reason},
        request=request,
    )
    return review


# --- rounds and consensus -------------------------------------------------------------------


@transaction.atomic
def round_advance(
    *,
    round: Round,
    actor,
    top_n: int | None = None,
    min_score: Decimal | None = None,
    due_at: datetime | None = None,
    request=None,
) -> tuple[Round, list[int]]:
    """Advance the top ``top_n`` ranked entries, or those scoring at least ``min_score``, into
    the call's final round (created with the shortlist's settings when missing)."""
    if round.kind != RoundKind.SHORTLIST:
        raise ActionRefused(_("Only a shortlist round can advance entries."))
    if top_n is None and min_score is None:
        raise ActionRefused(_("Give a number of entries or a minimum score."))
    board = reads.dashboard(round, blind_labels=True)
    ranked = [row for row in board.entries if row.rank is not None]
    if top_n is not None:
        chosen = ranked[:top_n]
    else:
        chosen = [row for row in ranked if row.aggregate.score >= min_score]
    final, created = Round.objects.get_or_create(
        call=round.call,
        category_key=round.category_key,
        kind=RoundKind.FINAL,
        defaults={
            "panel": round.panel,
            "judges_per_entry": round.judges_per_entry,
            "due_at": due_at or round.due_at,
            "blind": round.blind,
            "show_panel_scores": round.show_panel_scores,
            "seed": round.seed,
        },
    )
    advanced = []
    for row in chosen:
        _entry, was_created = RoundEntry.objects.get_or_create(
            round=final, submission=row.submission, defaults={"score": row.aggregate.score}
        )
        if was_created:
            advanced.append(row.submission.pk)
    record(
        actor=actor,
        action="round.advance",
        target=round,
        after={
            "final_round": final.pk,
            "created": created,
            "top_n": top_n,
            "min_score": str(min_score) if min_score is not None else None,
            "advanced": advanced,
        },
        request=request,
    )
    return final, advanced


@transaction.atomic
def consensus_note_add(
    *, round: Round, submission: Submission, author, text: str, request=None
) -> ConsensusNote:
    text = clean_text(text)
    note = ConsensusNote.objects.create(
        round=round, submission=submission, author=author, text=text
    )
    record(
        actor=author,
        action="consensus.note",
        target=note,
        after={"round": round.pk, "submission": submission.pk, "text": text},
        request=request,
    )
    return note
