"""Factories for judging tests (independent of other apps' test factories)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from allauth.mfa.models import Authenticator
from django.utils import timezone

from judging.models import (
    Assignment,
    Criterion,
    JudgeProfile,
    Panel,
    PanelMember,
    Round,
    Rubric,
)
from submissions.enums import Eligibility, MemberRole, SubmissionStatus
from submissions.models import Membership, Organisation, Submission, SubmissionVersion
from submissions.versioning import canonical_json, content_sha256
from tests.factories import UserFactory


def give_totp(user) -> Authenticator:
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Công ty Cổ phần Hạ Long Xanh {n}")
    tax_code = factory.Sequence(lambda n: f"{5701000000 + n:010d}")
    address = "Số 8 đường Trần Hưng Đạo, Hạ Long"
    province = "Quảng Ninh"
    sector = "environment"
    size = "small"
    website = factory.Sequence(lambda n: f"https://halongxanh{n}.example")
    contact_name = "Trần Văn Bình"
    contact_email = factory.Sequence(lambda n: f"lienhe@halongxanh{n}.example")
    contact_phone = "0203 3825 111"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.OWNER


def submit(submission: Submission, *, attachments: list | None = None) -> SubmissionVersion:
    """Freeze ``submission`` as its first version (what submission_submit stores)."""
    number = submission.pk
    submission.reference = f"QN-P03-{number:04d}"
    submission.sequence_number = number
    submission.status = SubmissionStatus.SUBMITTED
    submission.eligibility = Eligibility.ELIGIBLE
    submission.submitted_at = timezone.now()
    submission.save()
    content = {
        "call": submission.call_id,
        "entrant": {
            "organisation": submission.organisation_id,
            "participant": submission.participant_id,
            "team": [],
        },
        "fields": {
            "title": submission.title,
            "summary": submission.summary,
            "description": submission.description,
            "approach": submission.approach,
            "expected_impact": submission.expected_impact,
            "implementation_plan": submission.implementation_plan,
            "team": submission.team,
            "requested_amount": submission.requested_amount,
        },
        "answers": {},
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "kind": a.kind,
                "size": a.size,
                "sha256": a.sha256,
                "question": None,
            }
            for a in (attachments or [])
        ],
        "reference": submission.reference,
    }
    canonical = canonical_json(content)
    return SubmissionVersion.objects.create(
        submission=submission,
        number=1,
        reference=submission.reference,
        draft_revision=0,
        content=content,
        canonical_json=canonical,
        sha256=content_sha256(canonical),
    )


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Giải pháp quan trắc nước {n}")
    summary = "Cảm biến nổi đo chất lượng nước vịnh theo thời gian thực."
    description = "<p>Mạng cảm biến nổi.</p>"
    approach = "<p>IoT và học máy.</p>"
    expected_impact = "<p>Cảnh báo sớm.</p>"
    implementation_plan = "<p>Sáu tháng thí điểm.</p>"
    team = "<p>Năm kỹ sư.</p>"
    requested_amount = 900_000_000

    @factory.post_generation
    def submitted(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            submit(obj)


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric
        skip_postgeneration_save = True

    @factory.post_generation
    def criteria(obj, create, extracted, **kwargs):
        if not create:
            return
        specs = extracted or [
            ("novelty", "Tính mới", "Novelty", Decimal("10"), Decimal("0.5"), Decimal("3")),
            (
                "feasibility",
                "Tính khả thi",
                "Feasibility",
                Decimal("10"),
                Decimal("0.5"),
                Decimal("4"),
            ),
            ("impact", "Hiệu quả", "Impact", Decimal("10"), Decimal("1"), Decimal("3")),
        ]
        for order, (key, vi, en, maximum, step, weight) in enumerate(specs):
            Criterion.objects.create(
                rubric=obj,
                sort_order=order,
                key=key,
                name_vi=vi,
                name_en=en,
                description_vi=f"Mô tả {vi}",
                description_en=f"How good the {en.lower()} is",
                maximum=maximum,
                step=step,
                weight=weight,
            )


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hội đồng {n}")


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    panel = factory.SubFactory(PanelFactory)
    user = factory.SubFactory(UserFactory)


class JudgeProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JudgeProfile

    user = factory.SubFactory(UserFactory)
    expertise = factory.LazyFunction(lambda: ["environment"])


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    panel = factory.SubFactory(PanelFactory)
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    confirmed_at = factory.LazyFunction(timezone.now)
