"""One world for the security suite: two organisations, a submitted entry with an attachment,
a panel with an assigned judge and another judge, a viewer and staff; everyone with TOTP where
judging needs it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from judging import actions as judging_actions
from judging.actions import ScoreInput
from judging.models import ConflictDeclaration, Review
from submissions import actions
from submissions.enums import MemberRole
from submissions.models import Attachment, Membership, Organisation, Submission, SubmissionVersion
from tests.e2e.conftest import browser, chromium_path, page_tree_root  # noqa: F401
from tests.factories import ChallengePageFactory, UserFactory, build_site
from tests.judging.factories import (
    AssignmentFactory,
    JudgeProfileFactory,
    MembershipFactory,
    OrganisationFactory,
    PanelFactory,
    PanelMemberFactory,
    RoundFactory,
    RubricFactory,
    SubmissionFactory,
    give_totp,
)
from tests.submissions.test_uploads import make_pdf

#: ``member_a`` owns organisation A; ``editor`` and ``viewer`` are its other members.
ROLES = ["anonymous", "member_a", "editor", "member_b", "viewer", "staff", "judge", "other_judge"]


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    return tmp_path / "private"


@dataclass
class World:
    site: dict
    call: object
    panel: object
    round: object
    org_a: Organisation
    org_b: Organisation
    submission: Submission
    version: SubmissionVersion
    attachment: Attachment
    draft_b: Submission
    editor_membership: Membership
    assignment: object
    other_review: Review
    users: dict


def _judge(panel, email: str):
    user = UserFactory(email=email)
    PanelMemberFactory(panel=panel, user=user)
    JudgeProfileFactory(user=user)
    give_totp(user)
    ConflictDeclaration.objects.create(judge=user, panel=panel)
    return user


@pytest.fixture
def world(db) -> World:
    site = build_site()
    call = ChallengePageFactory(
        parent=site["index"],
        code="P03",
        slug="p03",
        closes_at=timezone.now() + timezone.timedelta(days=20),
    )
    RubricFactory(call=call)
    panel = PanelFactory(name="Hội đồng Môi trường")
    panel.calls.add(call)
    round = RoundFactory(panel=panel, call=call)
    org_a = OrganisationFactory(name="Công ty Alpha Hạ Long")
    org_b = OrganisationFactory(name="Công ty Beta Cẩm Phả")
    users = {
        "member_a": UserFactory(email="owner@alpha.example"),
        "viewer": UserFactory(email="viewer@alpha.example"),
        "editor": UserFactory(email="editor@alpha.example"),
        "member_b": UserFactory(email="owner@beta.example"),
        "staff": UserFactory(email="staff@province.example", is_staff=True),
    }
    give_totp(users["staff"])
    MembershipFactory(organisation=org_a, user=users["member_a"], role=MemberRole.OWNER)
    MembershipFactory(organisation=org_a, user=users["viewer"], role=MemberRole.VIEWER)
    MembershipFactory(organisation=org_a, user=users["editor"], role=MemberRole.EDITOR)
    editor_membership = MembershipFactory(organisation=org_a, role=MemberRole.EDITOR)
    MembershipFactory(organisation=org_b, user=users["member_b"], role=MemberRole.OWNER)

    submission = SubmissionFactory(call=call, organisation=org_a, submitted=False)
    attachment = actions.attachment_add(
        submission=submission, name="plan.pdf", data=make_pdf(), user=users["member_a"]
    )
    version, _ = actions.submission_submit(submission=submission, user=users["member_a"])
    submission.refresh_from_db()
    submission_b = SubmissionFactory(call=call, organisation=org_b, submitted=False)
    actions.submission_submit(submission=submission_b, user=users["member_b"])
    draft_b = SubmissionFactory(
        call=ChallengePageFactory(parent=site["index"], code="P04", slug="p04"),
        organisation=org_b,
        submitted=False,
    )

    users["judge"] = _judge(panel, "judge@uni.example")
    users["other_judge"] = _judge(panel, "other@uni.example")
    assignment = AssignmentFactory(round=round, judge=users["judge"], submission=submission)
    other_assignment = AssignmentFactory(
        round=round, judge=users["other_judge"], submission=submission_b
    )
    other_review = judging_actions.review_submit(
        assignment=other_assignment,
        user=users["other_judge"],
        data=ScoreInput(
            scores={"novelty": 5, "feasibility": 5, "impact": 5}, comments={}, overall_comment=""
        ),
    )
    return World(
        site=site,
        call=call,
        panel=panel,
        round=round,
        org_a=org_a,
        org_b=org_b,
        submission=submission,
        version=version,
        attachment=attachment,
        draft_b=draft_b,
        editor_membership=editor_membership,
        assignment=assignment,
        other_review=other_review,
        users=users,
    )
