"""Who may do what in judging. Predicates read rows; they never change them.

Views check them with the object and answer 404 when the answer is no, so a judge cannot learn
which entries exist beyond their own assignments.
"""

from __future__ import annotations

import rules


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def is_staff(user) -> bool:
    return _authenticated(user) and user.is_staff


@rules.predicate
def is_panel_member(user, panel) -> bool:
    if not _authenticated(user) or panel is None:
        return False
    return panel.chair_id == user.pk or panel.members.filter(user_id=user.pk).exists()


@rules.predicate
def is_panel_chair(user, panel) -> bool:
    return _authenticated(user) and panel is not None and panel.chair_id == user.pk


@rules.predicate
def is_round_chair(user, round) -> bool:
    return round is not None and is_panel_chair(user, round.panel)


@rules.predicate
def is_judge(user) -> bool:
    """Member or chair of any panel: the people the judging pages are for."""
    if not _authenticated(user):
        return False
    from judging.models import Panel

    return user.panel_memberships.exists() or Panel.objects.filter(chair_id=user.pk).exists()


@rules.predicate
def is_assigned_judge(user, assignment) -> bool:
    return (
        _authenticated(user)
        and assignment is not None
        and assignment.judge_id == user.pk
        and assignment.is_active
    )


@rules.predicate
def has_conflict(user, assignment) -> bool:
    """The judge of ``assignment`` has a conflict with its submission or its organisation."""
    if not _authenticated(user) or assignment is None:
        return False
    from django.db.models import Q

    from judging.models import Conflict

    submission = assignment.submission
    target = Q(submission_id=submission.pk)
    if submission.organisation_id is not None:
        target |= Q(organisation_id=submission.organisation_id)
    return Conflict.objects.filter(target, judge_id=user.pk).exists()


@rules.predicate
def can_reopen_review(user, review) -> bool:
    return review is not None and is_panel_chair(user, review.assignment.round.panel)


can_review = is_assigned_judge & ~has_conflict
can_view_dashboard = is_staff | is_round_chair
can_use_judging = is_staff | is_judge

rules.add_perm("judging.use_judging", can_use_judging)
rules.add_perm("judging.declare_conflicts", is_panel_member)


@rules.predicate
def is_finance(user) -> bool:
    """Staff who may record and send payments: superusers or members of the Finance group."""
    if not is_staff(user):
        return False
    return user.is_superuser or user.groups.filter(name="Finance").exists()


@rules.predicate
def is_decision_entrant(user, decision) -> bool:
    """The organisation's members, or the participant, of the entry ``decision`` is about."""
    if not _authenticated(user) or decision is None:
        return False
    submission = decision.submission
    if submission.participant_id:
        return submission.participant.user_id == user.pk
    return submission.organisation.memberships.filter(user_id=user.pk).exists()


rules.add_perm("judging.manage_awards", is_staff)
rules.add_perm("judging.pay_awards", is_finance)
rules.add_perm("judging.appeal_decision", is_decision_entrant)
