"""Demo organisations, members, a youth team with guardian consent, drafts and submissions.

Idempotent: every row is looked up by its natural key first; a second run adds nothing.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from pypdf import PdfWriter

from challenges.models import ChallengePage, ContestPage
from cms import demo_data
from cms.demo_support import DEMO_PASSWORD, SeedContext
from cms.models import User
from submissions import actions
from submissions.enums import MemberRole
from submissions.models import (
    CallSettings,
    ClarificationQuestion,
    GuardianConsent,
    Membership,
    Organisation,
    Participant,
    SentEmail,
    Submission,
    SubmissionTeamMember,
)

ROLE_BY_PERSON = {"owner": MemberRole.OWNER, "member": MemberRole.EDITOR}
DEMO_IP = "203.0.113.10"

#: (tax code, call code or contest slug, category, submit?, title, requested amount)
ENTRIES = [
    ("5701948362", "P10", "", True, "Trợ lý ảo dịch vụ công Quảng Ninh", 4_200_000_000),
    ("5701948362", "P13", "", False, "Bản đồ giao thông thời gian thực Hạ Long", 6_000_000_000),
    ("0110473825", "P02", "", True, "Dự báo dòng khách du lịch bằng AI", 5_800_000_000),
    ("5702086417", "P07", "", True, "Truy xuất nguồn gốc hải sản Vân Đồn", 4_500_000_000),
    ("5702086417", "P01", "", False, "Phao cảm biến chất lượng nước vịnh", 7_500_000_000),
    ("5700631954", "P03", "", True, "Giám sát khí mỏ hầm lò thời gian thực", 14_000_000_000),
    ("5700631954", "P08", "", True, "Cảnh báo sớm lũ quét vùng núi", 11_000_000_000),
    ("0202159748", "P05", "", False, "Điều phối xe container cảng Cái Lân", 8_000_000_000),
    ("0202159748", "P06", "", False, "Thông quan số cửa khẩu Móng Cái", 9_000_000_000),
    (
        "5700631954",
        "technical-innovation",
        "industry-mining",
        True,
        "Robot kiểm tra băng tải",
        None,
    ),
]

TEXTS = {
    "summary": "Giải pháp thử nghiệm trong 6 tháng tại Quảng Ninh, đo lường bằng chỉ số rõ ràng.",
    "description": "<p>Chúng tôi đề xuất một hệ thống gồm cảm biến, nền tảng dữ liệu và ứng dụng di động.</p>",
    "approach": "<ul><li>Khảo sát hiện trạng</li><li>Triển khai thí điểm</li><li>Đánh giá và mở rộng</li></ul>",
    "expected_impact": "<p>Giảm 30% thời gian xử lý; dữ liệu mở cho cơ quan quản lý.</p>",
    "implementation_plan": "<p>Tháng 1–2: thiết kế. Tháng 3–5: thí điểm. Tháng 6: đánh giá.</p>",
    "team": "<p>Nhóm 8 kỹ sư, 2 chuyên gia lĩnh vực.</p>",
}

#: (call, question, answer, question in English, answer in English)
QUESTIONS = [
    (
        "P03",
        "Giải pháp có cần chứng nhận phòng nổ không?",
        "Có. Thiết bị đặt trong lò phải có chứng nhận phòng nổ còn hiệu lực khi thí điểm.",
        "Does the solution need explosion-proof certification?",
        "Yes. Equipment placed underground must hold a valid explosion-proof certificate during "
        "the pilot.",
    ),
    (
        "P01",
        "Có được dùng dữ liệu quan trắc hiện có của tỉnh không?",
        "Có. Sở Nông nghiệp và Môi trường cung cấp dữ liệu quan trắc 3 năm gần nhất theo yêu cầu.",
        "May we use the province's existing monitoring data?",
        "Yes. The Department of Agriculture and Environment provides the last 3 years of "
        "monitoring data on request.",
    ),
]


def seed(context: SeedContext) -> None:
    organisations = _organisations(context)
    _call_settings(context)
    participants = _participants(context)
    for tax_code, key, category, submit, title, amount in ENTRIES:
        call = _call(key)
        organisation = organisations.get(tax_code)
        if call is None or organisation is None:
            continue
        _organisation_entry(context, call, organisation, category, submit, title, amount)
    _youth_entries(context, participants)
    _questions(context)
    context.logins.append(("youth entrant", "maianh.ly@mail.example", DEMO_PASSWORD))


def _person(email: str) -> User | None:
    return User.objects.filter(email=email.lower()).first()


def _call(key: str):
    page = ChallengePage.objects.filter(code=key, locale__language_code="vi").first()
    return page or ContestPage.objects.filter(slug=key, locale__language_code="vi").first()


def _organisations(context: SeedContext) -> dict[str, Organisation]:
    people = demo_data.PEOPLE
    found: dict[str, Organisation] = {}
    for data in demo_data.ORGANISATIONS:
        owner_data = next(
            (
                p
                for p in people
                if p.get("organisation") == data["tax_code"] and p["role"] == "owner"
            ),
            None,
        )
        organisation = Organisation.objects.filter(tax_code=data["tax_code"]).first()
        if organisation is None:
            organisation = Organisation.objects.create(
                name=data["name"],
                tax_code=data["tax_code"],
                address=data["address"],
                province=data["province"],
                sector=data["sector"],
                size=data["size"],
                website=data["website"],
                contact_name=owner_data["display_name"] if owner_data else data["name"],
                contact_email=owner_data["email"] if owner_data else f"info@{data['email_domain']}",
            )
            context.count("organisations")
        found[data["tax_code"]] = organisation
        for person in people:
            if person.get("organisation") != data["tax_code"]:
                continue
            user = _person(person["email"])
            if user is None:
                continue
            _, created = Membership.objects.get_or_create(
                organisation=organisation,
                user=user,
                defaults={"role": ROLE_BY_PERSON.get(person["role"], MemberRole.VIEWER)},
            )
            if created:
                context.count("memberships")
    return found


def _call_settings(context: SeedContext) -> None:
    for slug, code in (("technical-innovation", "KT"), ("youth-creativity", "TN")):
        call = _call(slug)
        if call is not None and not CallSettings.objects.filter(call=call).exists():
            CallSettings.objects.create(call=call, reference_code=code)
            context.count("call settings")
    p03 = _call("P03")
    if p03 is not None and not CallSettings.objects.filter(call=p03).exists():
        CallSettings.objects.create(call=p03, allow_zip=True, max_files=15)
        context.count("call settings")


def _participants(context: SeedContext) -> dict[str, Participant]:
    guardians = {p["email"]: p for p in demo_data.PEOPLE if p["role"] == "guardian"}
    found: dict[str, Participant] = {}
    for person in demo_data.PEOPLE:
        if person["role"] != "youth":
            continue
        user = _person(person["email"])
        if user is None:
            continue
        participant = Participant.objects.filter(user=user).first()
        guardian = guardians.get(person.get("guardian_email", ""))
        if participant is None:
            participant = Participant.objects.create(
                user=user,
                full_name=person["display_name"],
                birth_date=date.fromisoformat(person["birth_date"]),
                school=person["school"],
                guardian_name=guardian["display_name"] if guardian else "",
                guardian_email=guardian["email"] if guardian else "",
            )
            context.count("participants")
        if guardian and not participant.consents.exists():
            GuardianConsent.objects.create(
                participant=participant,
                guardian_name=guardian["display_name"],
                guardian_email=guardian["email"],
                requested_at=context.today - timedelta(days=5),
                consented_at=context.today - timedelta(days=4),
                ip_address=DEMO_IP,
            )
            context.count("guardian consents")
        found[person["email"]] = participant
    return found


def _demo_pdf(title: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _fill(submission: Submission, title: str, amount: int | None, category: str) -> None:
    data = {"title": title, **TEXTS, "category_key": category}
    if amount is not None:
        data["requested_amount"] = amount
    actions.submission_save_draft(submission=submission, user=None, data=data)


def _submit(submission: Submission, call) -> None:
    # Closed calls get their version at a time inside the window (the entry was on time).
    now = None if call.accepts_submissions() else call.closes_at - timedelta(days=2)
    if submission.is_editable:
        actions.attachment_add(
            submission=submission,
            name="thuyet-minh-giai-phap.pdf",
            data=_demo_pdf(submission.title),
            user=None,
        )
    version, _ = actions.submission_submit(submission=submission, user=None, now=now)
    # Demo receipts are not e-mailed: claim them before the task runs after commit.
    SentEmail.objects.get_or_create(key=f"receipt:{version.pk}")


def _organisation_entry(context, call, organisation, category, submit, title, amount) -> None:
    if Submission.objects.filter(call=call, organisation=organisation).exists():
        return
    submission = Submission.objects.create(call=call, organisation=organisation)
    editable = call.accepts_submissions()
    if editable:
        _fill(submission, title, amount, category)
    else:
        Submission.objects.filter(pk=submission.pk).update(
            title=title, requested_amount=amount, category_key=category, **TEXTS
        )
        submission.refresh_from_db()
    if submit:
        _submit(submission, call)
        context.count("submitted entries")
    else:
        context.count("drafts")


def _youth_entries(context: SeedContext, participants: dict[str, Participant]) -> None:
    contest = _call("youth-creativity")
    if contest is None or not contest.accepts_submissions():
        return
    lead = participants.get("maianh.ly@mail.example")
    member = participants.get("khang.nguyenminh@mail.example")
    if lead and not Submission.objects.filter(call=contest, participant=lead).exists():
        team_entry = Submission.objects.create(call=contest, participant=lead)
        if member:
            # Demo members have already confirmed through their link.
            SubmissionTeamMember.objects.create(
                submission=team_entry,
                participant=member,
                invited_at=context.today - timedelta(days=3),
                confirmed_at=context.today - timedelta(days=3),
                ip_address=DEMO_IP,
            )
        _fill(team_entry, "Thùng rác tự phân loại cho trường học", None, "teen")
        try:
            _submit(team_entry, contest)
        except actions.SubmissionIncomplete:
            context.count("drafts")  # the demo birth dates no longer fit the age bands
        else:
            context.count("youth team entries")
    adult = participants.get("ducanh.tran@mail.example")
    if adult and not Submission.objects.filter(call=contest, participant=adult).exists():
        draft = Submission.objects.create(call=contest, participant=adult)
        _fill(draft, "Ứng dụng học tiếng Anh cho học sinh vùng cao", None, "youth")
        context.count("drafts")


def _questions(context: SeedContext) -> None:
    for code, question, answer, question_en, answer_en in QUESTIONS:
        call = _call(code)
        if call is None:
            continue
        existing = ClarificationQuestion.objects.filter(call=call, question=question)
        if existing.exists():
            # Demo databases seeded before the English texts existed get them now.
            existing.filter(question_en="", answer_en="").update(
                question_en=question_en, answer_en=answer_en
            )
            continue
        ClarificationQuestion.objects.create(
            call=call,
            question=question,
            answer=answer,
            question_en=question_en,
            answer_en=answer_en,
            is_published=True,
            answered_at=context.today,
        )
        context.count("answered questions")
