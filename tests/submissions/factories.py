from __future__ import annotations

from datetime import date

import factory

from submissions.enums import MemberRole
from submissions.models import (
    CallQuestion,
    CallSettings,
    ClarificationQuestion,
    Membership,
    Organisation,
    Participant,
    Submission,
)
from tests.factories import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Công ty Công nghệ {n}")
    tax_code = factory.Sequence(lambda n: f"{5700000000 + n:010d}")
    address = "Số 1 đường Lê Thánh Tông, Hạ Long"
    province = "Quảng Ninh"
    sector = "digital_government"
    size = "small"
    website = "https://example.org"
    contact_name = "Nguyễn Văn A"
    contact_email = factory.Sequence(lambda n: f"contact{n}@company.example")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.OWNER


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Học sinh {n}")
    birth_date = date(2000, 1, 1)
    school = "Trường THCS Hạ Long"


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Giải pháp {n}")
    summary = "Tóm tắt giải pháp."
    description = "<p>Mô tả</p>"
    approach = "<p>Cách tiếp cận</p>"
    expected_impact = "<p>Tác động</p>"
    implementation_plan = "<p>Kế hoạch</p>"
    team = "<p>Đội ngũ</p>"
    requested_amount = 1_000_000_000


class CallQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallQuestion

    key = factory.Sequence(lambda n: f"question-{n}")
    label = factory.Sequence(lambda n: f"Câu hỏi {n}")
    label_en = factory.Sequence(lambda n: f"Question {n}")
    kind = "text"
    required = True


class CallSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallSettings


class ClarificationQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClarificationQuestion

    question = "Có được nộp bằng tiếng Anh không?"
