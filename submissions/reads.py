"""Reads for pages: each owns its select_related / prefetch so no view does N+1."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from submissions.enums import MemberRole
from submissions.models import (
    CallQuestion,
    ClarificationQuestion,
    Invitation,
    Membership,
    Organisation,
    Submission,
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
        "team_members": list(submission.team_members.select_related("participant")),
    }


def published_questions(call) -> list[ClarificationQuestion]:
    return list(ClarificationQuestion.objects.filter(call_id=call.pk).published())


def staff_submission_queryset():
    return Submission.objects.select_related("call", "organisation", "participant").annotate(
        version_total=Count("versions", distinct=True),
        attachment_total=Count(
            "attachments", filter=Q(attachments__removed_at=None), distinct=True
        ),
    )
