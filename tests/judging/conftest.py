from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile

from judging.models import ConflictDeclaration
from submissions.models import Attachment
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
    submit,
)


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
    call: object
    rubric: object
    panel: object
    round: object
    organisation: object
    owner: object
    submission: object
    other_submission: object
    judge: object
    judge_no_mfa: object
    unassigned: object
    conflicted: object
    chair: object
    staff: object
    assignment: object
    other_assignment: object
    conflicted_assignment: object


def make_judge(panel, *, email: str, mfa: bool = True, declared: bool = True):
    user = UserFactory(email=email)
    PanelMemberFactory(panel=panel, user=user)
    JudgeProfileFactory(user=user)
    if mfa:
        give_totp(user)
    if declared:
        ConflictDeclaration.objects.create(judge=user, panel=panel)
    return user


@pytest.fixture
def site(db):
    return build_site()


@pytest.fixture
def world(site) -> World:
    call = ChallengePageFactory(parent=site["index"], code="P03", slug="p03")
    rubric = RubricFactory(call=call)
    panel = PanelFactory(name="Hội đồng Môi trường")
    panel.calls.add(call)
    round = RoundFactory(panel=panel, call=call)
    organisation = OrganisationFactory(
        name="Công ty TNHH Sóng Biển Hạ Long",
        tax_code="5701234567",
        contact_name="Phạm Thị Hoa",
        contact_email="hoa.pham@songbien.example",
        website="https://songbien.example",
    )
    owner = UserFactory(email="owner@songbien.example", display_name="Lê Văn Khải")
    MembershipFactory(organisation=organisation, user=owner)
    submission = SubmissionFactory(
        call=call,
        organisation=organisation,
        title="Phao đo chất lượng nước của Sóng Biển Hạ Long",
        description=(
            "<p>Đội của Lê Văn Khải (owner@songbien.example, MST 5701234567) phát triển phao.</p>"
        ),
        team="<p>Trưởng nhóm: Nguyễn Hữu Tài, kỹ sư.</p>",
        submitted=False,
    )
    pdf = Attachment.objects.create(
        submission=submission,
        file=ContentFile(b"%PDF-1.4 test", name="a1b2c3.pdf"),
        original_name="Hồ sơ Sóng Biển Hạ Long.pdf",
        kind="pdf",
        mime="application/pdf",
        size=13,
        sha256="0" * 64,
    )
    submit(submission, attachments=[pdf])
    other_submission = SubmissionFactory(call=call)
    judge = make_judge(panel, email="judge@uni.example")
    judge_no_mfa = make_judge(panel, email="nomfa@uni.example", mfa=False)
    unassigned = make_judge(panel, email="unassigned@uni.example")
    conflicted = make_judge(panel, email="conflicted@uni.example")
    chair = UserFactory(email="chair@uni.example")
    give_totp(chair)
    panel.chair = chair
    panel.save()
    staff = UserFactory(email="staff@province.example", is_staff=True)
    give_totp(staff)
    assignment = AssignmentFactory(round=round, judge=judge, submission=submission)
    other_assignment = AssignmentFactory(round=round, judge=judge_no_mfa, submission=submission)
    conflicted_assignment = AssignmentFactory(round=round, judge=conflicted, submission=submission)
    from judging.models import Conflict

    Conflict.objects.create(
        judge=conflicted, organisation=organisation, source="declared", reason="Cố vấn"
    )
    return World(
        call=call,
        rubric=rubric,
        panel=panel,
        round=round,
        organisation=organisation,
        owner=owner,
        submission=submission,
        other_submission=other_submission,
        judge=judge,
        judge_no_mfa=judge_no_mfa,
        unassigned=unassigned,
        conflicted=conflicted,
        chair=chair,
        staff=staff,
        assignment=assignment,
        other_assignment=other_assignment,
        conflicted_assignment=conflicted_assignment,
    )
