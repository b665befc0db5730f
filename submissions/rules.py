"""Who may do what. Predicates read rows; they never change them.

Attached to the models through ``rules_permissions``; views check them with the object
(``request.user.has_perm("submissions.change_submission", submission)``) and answer 404 when
the answer is no, so the existence of other people's objects is not revealed.
"""

from __future__ import annotations

import rules

EDITING_ROLES = ("owner", "editor")


def _role(user, organisation_id) -> str | None:
    if not getattr(user, "is_authenticated", False) or organisation_id is None:
        return None
    from submissions.models import Membership

    return (
        Membership.objects.filter(organisation_id=organisation_id, user_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )


@rules.predicate
def is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


# --- organisations ------------------------------------------------------------------------


@rules.predicate
def is_org_member(user, organisation) -> bool:
    return organisation is not None and _role(user, organisation.pk) is not None


@rules.predicate
def is_org_editor(user, organisation) -> bool:
    return organisation is not None and _role(user, organisation.pk) in EDITING_ROLES


@rules.predicate
def is_org_owner(user, organisation) -> bool:
    return organisation is not None and _role(user, organisation.pk) == "owner"


# --- submissions --------------------------------------------------------------------------


@rules.predicate
def is_submission_org_member(user, submission) -> bool:
    return submission is not None and _role(user, submission.organisation_id) is not None


@rules.predicate
def is_submission_org_editor(user, submission) -> bool:
    return submission is not None and _role(user, submission.organisation_id) in EDITING_ROLES


@rules.predicate
def is_submission_participant(user, submission) -> bool:
    if submission is None or submission.participant_id is None:
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    return submission.participant.user_id == user.pk


@rules.predicate
def is_submission_team_member(user, submission) -> bool:
    if submission is None or submission.participant_id is None:
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    # Only a member who confirmed is on the team; an invitee sees the confirmation page only.
    return submission.team_members.confirmed().filter(participant__user_id=user.pk).exists()


@rules.predicate
def is_version_visible(user, version) -> bool:
    return version is not None and can_view_submission(user, version.submission)


@rules.predicate
def is_attachment_visible(user, attachment) -> bool:
    return attachment is not None and can_view_submission(user, attachment.submission)


@rules.predicate
def is_attachment_editable(user, attachment) -> bool:
    return attachment is not None and can_edit_submission(user, attachment.submission)


can_view_submission = (
    is_staff | is_submission_org_member | is_submission_participant | is_submission_team_member
)
can_edit_submission = is_submission_org_editor | is_submission_participant

can_view_organisation = is_org_member
can_change_organisation = is_org_owner
can_draft_for_organisation = is_org_editor

rules.add_perm("submissions.draft_for_organisation", can_draft_for_organisation)
