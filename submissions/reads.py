"""Reads for pages: each owns its select_related / prefetch so no view does N+1."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from submissions.calls import local_date
from submissions.enums import MemberRole, TeamMemberStatus
from submissions.models import (
    CallQuestion,
    ClarificationQuestion,
    DraftSnapshot,
    GuardianConsent,
    Invitation,
    Membership,
    Organisation,
    Participant,
    Submission,
    SubmissionTeamMember,
)


def localized_titles(pages: list[Page]) -> dict[int, str]:
    """Page id -> title in the active language (falls back to the page's own), one query."""
    language = (get_language() or "vi").split("-")[0]
    locale = Locale.objects.filter(language_code=language).first()
    titles = {page.pk: page.title for page in pages}
    if locale is None:
        return titles
    keys = {page.translation_key: page.pk for page in pages if page.locale_id != locale.pk}
    if keys:
        for key, title in Page.objects.filter(
            translation_key__in=keys.keys(), locale=locale
        ).values_list("translation_key", "title"):
            titles[keys[key]] = title
    return titles


def submissions_for_user(user) -> list[Submission]:
    ids = Submission.objects.for_user(user).values("pk")
    rows = list(
        Submission.objects.filter(pk__in=ids)
        .select_related("call", "organisation", "participant")
        .annotate(version_total=Count("versions", distinct=True))
        .order_by("-created_at", "-id")
    )
    titles = localized_titles([row.call for row in rows])
    for row in rows:
        row.call_title = titles.get(row.call_id, row.call.title)
    return rows


def organisations_for_user(user) -> list[Organisation]:
    rows = list(
        Organisation.objects.filter(memberships__user=user)
        .annotate(member_total=Count("memberships", distinct=True))
        .order_by("name")
    )
    roles = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
    for row in rows:
        row.my_role = roles.get(row.pk)
        row.my_role_label = MemberRole(row.my_role).label if row.my_role else ""
    return rows


def editable_organisations(user):
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=[MemberRole.OWNER, MemberRole.EDITOR]
    ).distinct()


def pending_invitations_for(user) -> list[Invitation]:
    from django.utils import timezone

    return list(
        Invitation.objects.filter(
            email=user.email.lower(),
            accepted_at=None,
            declined_at=None,
            revoked_at=None,
            expires_at__gt=timezone.now(),
        ).select_related("organisation")
    )


def pending_team_invitations_for(user) -> list[SubmissionTeamMember]:
    """Team entries waiting for this person's answer, with a still-valid link."""
    from django.utils import timezone

    from submissions.models import TEAM_INVITATION_LIFETIME

    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        SubmissionTeamMember.objects.on_team()
        .filter(
            participant__user=user,
            confirmed_at=None,
            invited_at__gt=timezone.now() - TEAM_INVITATION_LIFETIME,
        )
        .exclude(invitation_nonce="")
        .select_related("submission")
    )


def organisation_page_data(organisation: Organisation) -> dict:
    from django.utils import timezone

    return {
        "memberships": list(
            organisation.memberships.select_related("user").order_by("role", "created_at")
        ),
        "invitations": list(
            organisation.invitations.filter(
                accepted_at=None, declined_at=None, revoked_at=None, expires_at__gt=timezone.now()
            )
        ),
    }


def submission_page_data(submission: Submission) -> dict:
    return {
        "attachments": list(
            submission.attachments.filter(removed_at=None).select_related("question")
        ),
        "versions": list(submission.versions.order_by("-number")),
        "questions": list(CallQuestion.objects.filter(call_id=submission.call_id)),
        "answers": {a.question_id: a.value for a in submission.answers.all()},
        "team_members": team_member_rows(submission),
    }


def draft_snapshots(submission: Submission, *, limit: int = 20) -> list[DraftSnapshot]:
    """The earlier versions of a draft that a save replaced, newest first."""
    return list(
        DraftSnapshot.objects.filter(submission=submission)
        .select_related("saved_by")
        .order_by("-saved_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class TeamMemberRow:
    """One team member as the entrant's own team (and staff) see it: the name, whether they
    confirmed, and for a minor whether the guardian consented. No birth date, no school."""

    member: SubmissionTeamMember
    participant: Participant
    status: TeamMemberStatus
    is_minor: bool
    guardian_consented: bool

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def on_team(self) -> bool:
        return self.status != TeamMemberStatus.DECLINED


def _consented(participant: Participant) -> bool:
    email = participant.guardian_email.lower()
    return any(
        c.guardian_email.lower() == email and c.consented_at and not c.revoked_at
        for c in participant.prefetched_consents
    )


def team_member_rows(submission: Submission) -> list[TeamMemberRow]:
    """The team of an individual entry with each member's status, in two queries."""
    if not submission.participant_id:
        return []
    members = list(
        submission.team_members.select_related("participant").prefetch_related(
            Prefetch(
                "participant__consents",
                queryset=GuardianConsent.objects.filter(consented_at__isnull=False),
                to_attr="prefetched_consents",
            )
        )
    )
    opens_at = getattr(submission.call.specific, "opens_at", None) if members else None
    opening_day = local_date(opens_at) if opens_at else None
    return [
        TeamMemberRow(
            member=member,
            participant=member.participant,
            status=member.status,
            is_minor=bool(opening_day and member.participant.is_minor_on(opening_day)),
            guardian_consented=_consented(member.participant),
        )
        for member in members
    ]


def published_questions(call) -> list[ClarificationQuestion]:
    return list(ClarificationQuestion.objects.filter(call_id=call.pk).published())


def staff_submission_queryset():
    return Submission.objects.select_related("call", "organisation", "participant").annotate(
        version_total=Count("versions", distinct=True),
        attachment_total=Count(
            "attachments", filter=Q(attachments__removed_at=None), distinct=True
        ),
    )
