"""Demo judging: judge profiles, panels per call group, rubrics, conflicts, a judged round.

Runs after ``submissions.demo``. Problem P08 closed ten days ago and is being judged: it gets a
few more entries from demo companies, detected and declared conflicts, a confirmed assignment and
a mix of submitted and draft reviews, so the chair's dashboard shows a real, flagged ranking.
Idempotent: every row is looked up by its natural key first; a second run adds nothing.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import ROUND_FLOOR, Decimal

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from wagtail.models import Locale

from challenges.models import ChallengePage, ContestPage
from cms import demo_data
from cms.demo_support import DEMO_PASSWORD, SeedContext
from cms.models import User
from judging import actions, awards
from judging.actions import ScoreInput
from judging.enums import ReminderKind, RoundKind
from judging.models import (
    Affiliation,
    Assignment,
    AwardNotice,
    AwardPolicy,
    Criterion,
    JudgeProfile,
    Panel,
    PanelMember,
    PolicyTier,
    ReminderSent,
    Review,
    Round,
    Rubric,
)
from submissions import actions as submission_actions
from submissions.enums import Eligibility, SubmissionStatus
from submissions.models import Organisation, SentEmail, Submission

#: Published with the demo logins: add it to an authenticator app to sign in as any demo judge.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPQNDEMOJUDGE2026A"  # noqa: S105 - published demo secret

#: (name, calls, sectors whose experts sit on the panel, chair e-mail)
PANELS = [
    (
        "Hội đồng Môi trường, Biển và Thiên tai",
        ["P01", "P04", "P07", "P08"],
        {"environment", "aquaculture", "disaster_resilience"},
        "lananh.pham@tainguyenbien.example",
    ),
    (
        "Hội đồng Mỏ, Năng lượng và Công nghiệp",
        ["P03", "P09"],
        {"mining_energy", "industry"},
        "viet.tranquoc@vienkhcnmo.example",
    ),
    (
        "Hội đồng Du lịch, Cảng biển và Thương mại",
        ["P02", "P05", "P06"],
        {"tourism", "ports_logistics", "trade"},
        "dung.hoangvan@vimaru.example",
    ),
    (
        "Hội đồng Chuyển đổi số và Dịch vụ xã hội",
        ["P10", "P11", "P12", "P13"],
        {"digital_government", "health", "education", "transport"},
        "huy.ngoquang@ptit.example",
    ),
    (
        "Hội đồng Hội thi Sáng tạo Kỹ thuật",
        ["technical-innovation"],
        {"industry", "mining_energy", "digital_government"},
        "phuoc.nguyenhuu@qui.example",
    ),
    (
        "Hội đồng Hội thi Sáng tạo Thanh thiếu niên và Nhi đồng",
        ["youth-creativity"],
        {"education", "health"},
        "thu.trinhminh@hnue.example",
    ),
]

#: (key, name vi, name en, description vi, description en, maximum, weight)
PROBLEM_CRITERIA = [
    (
        "novelty",
        "Tính mới và sáng tạo",
        "Novelty",
        "Giải pháp mới ở Việt Nam hoặc cải tiến rõ rệt so với cách làm hiện nay.",
        "New in Viet Nam, or a clear improvement on current practice.",
        25,
        1,
    ),
    (
        "feasibility",
        "Tính khả thi",
        "Feasibility",
        "Công nghệ đã được kiểm chứng, kế hoạch thí điểm và đội ngũ đủ năng lực.",
        "Proven technology, a credible pilot plan and a capable team.",
        25,
        1,
    ),
    (
        "impact",
        "Hiệu quả và tác động",
        "Impact",
        "Mức độ giải quyết bài toán, số người hưởng lợi, chỉ số đo được.",
        "How far it solves the problem, who benefits, measurable indicators.",
        30,
        1,
    ),
    (
        "cost",
        "Chi phí và khả năng nhân rộng",
        "Cost and scalability",
        "Chi phí hợp lý so với ngân sách trần; có thể mở rộng toàn tỉnh.",
        "Reasonable cost against the ceiling; can be scaled across the province.",
        20,
        1,
    ),
]
CONTEST_CRITERIA = {
    "technical-innovation": [
        ("novelty", "Tính mới", "Novelty", "", "", 30, 1),
        ("applicability", "Khả năng áp dụng", "Applicability", "", "", 40, 1),
        ("benefit", "Hiệu quả kinh tế – xã hội", "Economic and social benefit", "", "", 30, 1),
    ],
    "youth-creativity": [
        ("idea", "Ý tưởng sáng tạo", "Creative idea", "", "", 40, 1),
        ("practical", "Tính thực tiễn", "Practicality", "", "", 30, 1),
        ("presentation", "Trình bày và mô hình", "Presentation and model", "", "", 30, 1),
    ],
}

#: Extra entries to P08 by demo companies: (tax code, name, domain, title, amount, quality).
P08_ENTRIES = [
    (
        "5701112223",
        "Công ty CP Tư vấn Mỏ – Địa chất Hạ Long",
        "tvmdc-halong.example",
        "Cảnh báo sạt lở đất bằng cảm biến độ ẩm",
        6_500_000_000,
        Decimal("0.78"),
    ),
    (
        "5701112224",
        "Công ty TNHH Giải pháp Thủy văn Bãi Cháy",
        "thuyvan-baichay.example",
        "Bản đồ ngập lụt đô thị Hạ Long theo thời gian thực",
        8_000_000_000,
        Decimal("0.84"),
    ),
    (
        "5701112225",
        "Hợp tác xã Công nghệ Xanh Vân Đồn",
        "htx-xanh-vandon.example",
        "Hệ thống loa cảnh báo thiên tai liên thôn",
        3_200_000_000,
        Decimal("0.66"),
    ),
    (
        "5701112226",
        "Công ty CP Cảm biến Đông Bắc",
        "camdien-dongbac.example",
        "Mô hình dự báo bão cho tàu cá ven bờ",
        9_500_000_000,
        Decimal("0.71"),
    ),
    (
        "5701112227",
        "Công ty TNHH Ứng dụng Khoa học Uông Bí",
        "khoahoc-uongbi.example",
        "Ứng dụng báo cáo thiệt hại thiên tai cho cấp xã",
        2_800_000_000,
        Decimal("0.58"),
    ),
]
ENTRY_TEXTS = {
    "summary": "Giải pháp thí điểm 6 tháng tại Quảng Ninh, đo bằng thời gian cảnh báo sớm.",
    "description": "<p>Mạng cảm biến, nền tảng dữ liệu mở và ứng dụng cảnh báo cho người dân.</p>",
    "approach": "<ul><li>Khảo sát điểm nguy cơ</li><li>Lắp đặt thí điểm</li><li>Đánh giá</li></ul>",
    "expected_impact": "<p>Tăng thời gian cảnh báo sớm thêm 6 giờ cho các xã vùng nguy cơ.</p>",
    "implementation_plan": "<p>Tháng 1–2 khảo sát; tháng 3–5 thí điểm; tháng 6 đánh giá.</p>",
    "team": "<p>Nhóm 6 kỹ sư và 2 chuyên gia khí tượng thủy văn.</p>",
}
#: A judge's past employer that also enters P08: detected as a conflict (affiliation < 3 years).
PAST_EMPLOYER = (
    "tuan.leminh@humg.example",
    "Công ty CP Tư vấn Mỏ – Địa chất Hạ Long",
    "5701112223",
)
#: A conflict the judge declares on the declaration page.
DECLARED = (
    "thanh.luongvan@khituongthuyvan.example",
    "5701112225",
    "Tôi là cố vấn khoa học của HTX.",
)
#: The featured demo judge has not declared yet: signing in starts with the declaration page.
FEATURED_JUDGE = "huong.nguyenthanh@daihochalong.example"
#: On this entry one judge sees things very differently: the dashboard flags the spread.
OUTLIER_ENTRY = ("5701112224", Decimal("0.40"))


def seed(context: SeedContext) -> None:
    staff = User.objects.filter(is_staff=True, is_superuser=False).order_by("pk").first()
    judges = _judges(context)
    if not judges:
        return
    _rubrics(context)
    panels = _panels(context, judges)
    round = _p08_round(context, panels, staff)
    if round is not None:
        _reviews(context, round)
    _award_policies(context)
    if round is not None:
        _p08_awards(context)
    _contest_awards(context, panels, staff)
    context.logins.append(("judge TOTP secret", "(all demo judges)", DEMO_TOTP_SECRET))
    chair = panels.get("P08")
    if chair is not None and chair.chair:
        context.logins.append(("panel chair", chair.chair.email, DEMO_PASSWORD))


def _call(key: str):
    page = ChallengePage.objects.filter(code=key, locale__language_code="vi").first()
    return page or ContestPage.objects.filter(slug=key, locale__language_code="vi").first()


def _judges(context: SeedContext) -> dict[str, User]:
    judges = {}
    for person in demo_data.PEOPLE:
        if person["role"] != "judge":
            continue
        user = User.objects.filter(email=person["email"].lower()).first()
        if user is None:
            continue
        judges[user.email] = user
        profile, created = JudgeProfile.objects.get_or_create(
            user=user, defaults={"expertise": list(person.get("expertise", []))}
        )
        if created:
            context.count("judge profiles")
            if person.get("affiliation"):
                Affiliation.objects.create(profile=profile, organisation_name=person["affiliation"])
            if user.email == PAST_EMPLOYER[0]:
                Affiliation.objects.create(
                    profile=profile,
                    organisation_name=PAST_EMPLOYER[1],
                    tax_code=PAST_EMPLOYER[2],
                    until=(context.today - timedelta(days=420)).date(),
                )
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
    return judges


def _criteria_for(call) -> list[tuple]:
    if isinstance(call, ContestPage):
        return CONTEST_CRITERIA.get(call.slug, CONTEST_CRITERIA["technical-innovation"])
    return PROBLEM_CRITERIA


def _rubrics(context: SeedContext) -> None:
    keys = [f"P{n:02d}" for n in range(1, 14)] + list(CONTEST_CRITERIA)
    for key in keys:
        call = _call(key)
        if call is None:
            continue
        rubric, created = Rubric.objects.get_or_create(
            call=call,
            category_key="",
            defaults={"disagreement_spread": Decimal("20")},
        )
        if not created:
            continue
        context.count("rubrics")
        for order, (ckey, vi, en, dvi, den, maximum, weight) in enumerate(_criteria_for(call)):
            Criterion.objects.create(
                rubric=rubric,
                sort_order=order,
                key=ckey,
                name_vi=vi,
                name_en=en,
                description_vi=dvi,
                description_en=den,
                maximum=Decimal(maximum),
                step=Decimal("0.5"),
                weight=Decimal(weight),
            )


def _panels(context: SeedContext, judges: dict[str, User]) -> dict[str, Panel]:
    by_call: dict[str, Panel] = {}
    expertise = {
        p.user.email: set(p.expertise) for p in JudgeProfile.objects.select_related("user")
    }
    for name, keys, sectors, chair_email in PANELS:
        calls = [c for c in (_call(k) for k in keys) if c is not None]
        if not calls:
            continue
        panel = Panel.objects.filter(name=name).first()
        if panel is None:
            panel = Panel.objects.create(name=name, chair=judges.get(chair_email))
            panel.calls.set(calls)
            context.count("panels")
            for email, user in judges.items():
                if expertise.get(email, set()) & sectors:
                    PanelMember.objects.create(panel=panel, user=user)
        for key in keys:
            by_call[key] = panel
    return by_call


def _demo_organisation(
    context: SeedContext,
    tax_code: str,
    name: str,
    domain: str,
    sector: str,
    contact_name: str,
    mailbox: str,
) -> Organisation:
    """A small Quảng Ninh company of the demo, found by its tax code or made once."""
    organisation = Organisation.objects.filter(tax_code=tax_code).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=name,
            tax_code=tax_code,
            address="Quảng Ninh",
            province="Quảng Ninh",
            sector=sector,
            size="small",
            website=f"https://{domain}",
            contact_name=contact_name,
            contact_email=f"{mailbox}@{domain}",
        )
        context.count("organisations")
    return organisation


def _p08_entries(context: SeedContext, call) -> None:
    closes = call.closes_at
    for tax_code, name, domain, title, amount, _quality in P08_ENTRIES:
        organisation = _demo_organisation(
            context, tax_code, name, domain, "disaster_resilience", "Bộ phận dự án", "duan"
        )
        if Submission.objects.filter(call=call, organisation=organisation).exists():
            continue
        submission = Submission.objects.create(
            call=call,
            organisation=organisation,
            title=title,
            requested_amount=amount,
            **ENTRY_TEXTS,
        )
        version, _ = submission_actions.submission_submit(
            submission=submission, user=None, now=closes - timedelta(days=3)
        )
        SentEmail.objects.get_or_create(key=f"receipt:{version.pk}")
        context.count("submitted entries")


def _p08_round(context: SeedContext, panels: dict[str, Panel], staff) -> Round | None:
    call = _call("P08")
    panel = panels.get("P08")
    if call is None or panel is None:
        return None
    _p08_entries(context, call)
    for submission in Submission.objects.filter(
        call=call, status=SubmissionStatus.SUBMITTED, eligibility=Eligibility.PENDING
    ):
        submission_actions.submission_decide_eligibility(
            submission=submission, eligibility=Eligibility.ELIGIBLE, reason="", actor=staff
        )
    round, created = Round.objects.get_or_create(
        call=call,
        category_key="",
        kind=RoundKind.SHORTLIST,
        defaults={
            "panel": panel,
            "due_at": context.at(7, 17),
            "show_panel_scores": True,
        },
    )
    if not created:
        return round
    context.count("judging rounds")
    actions.conflicts_detect(panel=panel, actor=staff)
    for member in panel.members.select_related("user"):
        if member.user.email == FEATURED_JUDGE:
            continue
        declared = []
        if member.user.email == DECLARED[0]:
            organisation = Organisation.objects.filter(tax_code=DECLARED[1]).first()
            if organisation is not None:
                declared.append((organisation, DECLARED[2]))
        actions.conflicts_declare(judge=member.user, panel=panel, declared=declared)
    actions.assignments_propose(round=round, actor=staff)
    # Demo notices are not e-mailed: claim them before the task runs after commit.
    for assignment in Assignment.objects.filter(round=round):
        ReminderSent.objects.get_or_create(assignment=assignment, kind=ReminderKind.ASSIGNED)
    actions.assignments_confirm(round=round, actor=staff)
    return round


def _fraction(*parts: str) -> Decimal:
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return Decimal(digest[0]) / Decimal(255)


def _score(maximum: Decimal, quality: Decimal, *noise_key: str) -> Decimal:
    noise = (_fraction(*noise_key) - Decimal("0.5")) * Decimal("0.2")
    value = max(Decimal(0), min(Decimal(1), quality + noise)) * maximum
    return (value * 2).to_integral_value(rounding=ROUND_FLOOR) / 2


def _reviews(context: SeedContext, round: Round) -> None:
    if Review.objects.filter(assignment__round=round).exists():
        return
    quality = {tax: q for tax, _n, _d, _t, _a, q in P08_ENTRIES}
    assignments = (
        Assignment.objects.active()
        .filter(round=round)
        .select_related("judge", "submission__organisation")
        .order_by("judge__email", "submission_id")
    )
    assignments = list(assignments)
    outlier = next(
        (
            a.judge.email
            for a in assignments
            if a.submission.organisation
            and a.submission.organisation.tax_code == OUTLIER_ENTRY[0]
            and a.judge.email != FEATURED_JUDGE
        ),
        None,
    )
    rubric = Rubric.objects.get(call=round.call, category_key="")
    criteria = list(rubric.criteria.all())
    for assignment in assignments:
        judge = assignment.judge
        organisation = assignment.submission.organisation
        tax_code = organisation.tax_code if organisation else ""
        base = quality.get(tax_code, Decimal("0.74"))
        outlying = (judge.email, tax_code) == (outlier, OUTLIER_ENTRY[0])
        if outlying:
            base = OUTLIER_ENTRY[1]
        scores = {c.key: _score(c.maximum, base, judge.email, tax_code, c.key) for c in criteria}
        data = ScoreInput(
            scores=scores,
            comments={c.key: "" for c in criteria},
            overall_comment="Hồ sơ rõ ràng; cần làm rõ chi phí vận hành sau thí điểm.",
        )
        if judge.email == FEATURED_JUDGE:
            continue  # not started: the demo judge declares conflicts, then scores these
        if not outlying and _fraction(judge.email, tax_code, "draft") < Decimal("0.25"):
            actions.review_save_draft(assignment=assignment, user=judge, data=data)
            context.count("draft reviews")
            continue
        actions.review_submit(assignment=assignment, user=judge, data=data)
        context.count("submitted reviews")


# --- awards ---------------------------------------------------------------------------------------

#: Contest prize tiers per contest slug: (key, name vi, name en, places, amount, minimum score).
CONTEST_TIERS = {
    "technical-innovation": (
        100_000_000,
        [
            ("first", "Giải Nhất", "First prize", 1, 30_000_000, 85),
            ("second", "Giải Nhì", "Second prize", 2, 20_000_000, 75),
            ("third", "Giải Ba", "Third prize", 3, 10_000_000, 65),
        ],
    ),
    "youth-creativity": (
        20_000_000,
        [
            ("first", "Giải Nhất", "First prize", 1, 5_000_000, 85),
            ("second", "Giải Nhì", "Second prize", 2, 3_000_000, 75),
            ("third", "Giải Ba", "Third prize", 3, 2_000_000, 65),
        ],
    ),
}
P08_POLICY = "Kinh phí thí điểm P08 – Cảnh báo thiên tai"
P08_POLICY_EN = "P08 pilot funding – Natural disaster warning"
POOL_POLICY = "Quỹ thí điểm chung các bài toán lớn"
POOL_POLICY_EN = "Shared pilot fund for the major problems"


def _policy(name: str, name_en: str, **fields) -> tuple[AwardPolicy, bool]:
    policy = AwardPolicy.objects.filter(name=name).first()
    if policy is not None:
        if not policy.name_en and name_en:  # seeded before policies had English names
            policy.name_en = name_en
            policy.save(update_fields=["name_en"])
        return policy, False
    policy = AwardPolicy.objects.create(name=name, name_en=name_en, **fields)
    return policy, True


def _english_category_names(contest: ContestPage) -> tuple[str, dict[str, str]]:
    """The English title of a contest and its category names by key; empty when untranslated."""
    english = Locale.objects.filter(language_code="en").first()
    translated = contest.get_translation_or_none(english) if english else None
    if translated is None:
        return "", {}
    return translated.title, {c.key: c.name for c in translated.specific.categories.all()}


def _award_policies(context: SeedContext) -> None:
    for slug, (budget, tiers) in CONTEST_TIERS.items():
        contest = _call(slug)
        if contest is None:
            continue
        title_en, categories_en = _english_category_names(contest)
        for category in contest.categories.all():
            name_en = categories_en.get(category.key)
            policy, created = _policy(
                f"{contest.title} · {category.name}",
                f"{title_en} · {name_en}" if title_en and name_en else "",
                call=contest.page_ptr,
                category_key=category.key,
                budget=budget,
                rounding_unit=100_000,
                overall_min=Decimal(50),
                min_reviews=3,
                max_awards_per_organisation=1,
                tie_fallback="committee",
            )
            if not created:
                continue
            for order, (key, vi, en, count, amount, minimum) in enumerate(tiers):
                PolicyTier.objects.create(
                    policy=policy,
                    sort_order=order,
                    key=key,
                    name_vi=vi,
                    name_en=en,
                    count=count,
                    amount=amount,
                    min_score=Decimal(minimum),
                )
            awards.ledger_sync(policy)
            context.count("award policies")
    problems = list(
        ChallengePage.objects.filter(locale__language_code="vi")
        .exclude(code="P08")
        .order_by("code")
    )
    if problems:
        pool, created = _policy(
            POOL_POLICY,
            POOL_POLICY_EN,
            budget=40_000_000_000,
            rounding_unit=1_000_000,
            mode="funding",
            overall_min=Decimal(60),
            min_reviews=3,
            max_awards_per_call=1,
            tie_fallback="seeded_lottery",
        )
        if created:
            pool.pool_calls.set([p.page_ptr for p in problems])
            awards.ledger_sync(pool)
            context.count("award policies")
    p08 = _call("P08")
    if p08 is not None:
        policy, created = _policy(
            P08_POLICY,
            P08_POLICY_EN,
            call=p08.page_ptr,
            budget=15_000_000_000,
            rounding_unit=1_000_000,
            mode="funding",
            overall_min=Decimal(55),
            min_reviews=2,
            max_awards_per_organisation=1,
            tie_fallback="seeded_lottery",
        )
        if created:
            awards.ledger_sync(policy)
            context.count("award policies")


def _p08_awards(context: SeedContext) -> None:
    """A run on P08's scores started by one staff member, approved by the other, published."""
    policy = AwardPolicy.objects.filter(name=P08_POLICY).first()
    staff = list(User.objects.filter(is_staff=True, is_superuser=False).order_by("pk")[:2])
    if policy is None or len(staff) < 2 or policy.runs.filter(approved_at__isnull=False).exists():
        return
    run = awards.allocation_start(policy=policy, actor=staff[0])
    context.count("allocation runs")
    if run.status != "final":
        return
    awards.allocation_approve(run=run, actor=staff[1])
    # Demo entrants are not e-mailed: claim their notices before the task runs after commit.
    for decision in run.decisions.select_related("submission__organisation"):
        organisation = decision.submission.organisation
        users = [m.user for m in organisation.memberships.all()] if organisation else []
        for user in users:
            AwardNotice.objects.get_or_create(decision=decision, user=user)
    awards.results_publish(run=run, actor=staff[1])
    context.count("published results")


#: The judged category of the Technical Innovation Contest: its entries by demo companies
#: (tax code, name, domain, title, quality), scored, allocated into tiers and published.
CONTEST_SLUG = "technical-innovation"
CONTEST_CATEGORY = "industry-mining"
CONTEST_ENTRIES = [
    (
        "5701112231",
        "Công ty CP Cơ khí Mỏ Cẩm Phả",
        "cokhimo-campha.example",
        "Hệ thống giám sát rung động băng tải bằng cảm biến không dây",
        Decimal("0.92"),
    ),
    (
        "5701112232",
        "Công ty TNHH Tự động hóa Hòn Gai",
        "tudonghoa-hongai.example",
        "Tủ điều khiển tiết kiệm điện cho quạt gió mỏ",
        Decimal("0.81"),
    ),
    (
        "5701112233",
        "Công ty CP Năng lượng Sạch Mạo Khê",
        "nangluongsach-maokhe.example",
        "Thu hồi nhiệt khí thải lò hơi nhà máy tuyển than",
        Decimal("0.77"),
    ),
    (
        "5701112234",
        "Công ty TNHH Kỹ thuật An toàn Đông Triều",
        "antoan-dongtrieu.example",
        "Mũ bảo hộ thông minh cảnh báo khí độc",
        Decimal("0.69"),
    ),
    (
        "5701112235",
        "Xưởng Sáng chế Hạ Long",
        "sangche-halong.example",
        "Máy phân loại đá thải bằng thị giác máy tính",
        Decimal("0.48"),
    ),
]


def _contest_entries(context: SeedContext, contest, staff) -> None:
    for tax_code, name, domain, title, _quality in CONTEST_ENTRIES:
        organisation = _demo_organisation(
            context, tax_code, name, domain, "industry", "Phòng kỹ thuật", "kythuat"
        )
        if Submission.objects.filter(call=contest, organisation=organisation).exists():
            continue
        submission = Submission.objects.create(
            call=contest,
            organisation=organisation,
            category_key=CONTEST_CATEGORY,
            title=title,
            **ENTRY_TEXTS,
        )
        # A closed contest: the entry was on time, two days before closing.
        on_time = None if contest.accepts_submissions() else contest.closes_at - timedelta(days=2)
        version, _ = submission_actions.submission_submit(
            submission=submission, user=None, now=on_time
        )
        SentEmail.objects.get_or_create(key=f"receipt:{version.pk}")
        context.count("submitted entries")
    for submission in Submission.objects.filter(
        call=contest,
        category_key=CONTEST_CATEGORY,
        status=SubmissionStatus.SUBMITTED,
        eligibility=Eligibility.PENDING,
    ):
        submission_actions.submission_decide_eligibility(
            submission=submission, eligibility=Eligibility.ELIGIBLE, reason="", actor=staff
        )


def _contest_round(context: SeedContext, contest, panel: Panel, staff) -> Round:
    round, created = Round.objects.get_or_create(
        call=contest,
        category_key=CONTEST_CATEGORY,
        kind=RoundKind.SHORTLIST,
        defaults={"panel": panel, "due_at": context.at(-1, 17), "show_panel_scores": True},
    )
    if not created:
        return round
    context.count("judging rounds")
    actions.conflicts_detect(panel=panel, actor=staff)
    for member in panel.members.select_related("user"):
        if member.user.email != FEATURED_JUDGE:
            actions.conflicts_declare(judge=member.user, panel=panel, declared=[])
    actions.assignments_propose(round=round, actor=staff)
    for assignment in Assignment.objects.filter(round=round):
        ReminderSent.objects.get_or_create(assignment=assignment, kind=ReminderKind.ASSIGNED)
    actions.assignments_confirm(round=round, actor=staff)
    return round


def _contest_reviews(context: SeedContext, round: Round) -> None:
    """Every assigned judge submits: the category's results need three reviews per entry."""
    if Review.objects.filter(assignment__round=round).exists():
        return
    quality = {tax: q for tax, _n, _d, _t, q in CONTEST_ENTRIES}
    assignments = (
        Assignment.objects.active()
        .filter(round=round)
        .select_related("judge", "submission__organisation")
        .order_by("judge__email", "submission_id")
    )
    criteria = list(Rubric.objects.get(call=round.call, category_key="").criteria.all())
    for assignment in assignments:
        judge = assignment.judge
        organisation = assignment.submission.organisation
        tax_code = organisation.tax_code if organisation else ""
        base = quality.get(tax_code, Decimal("0.86"))
        data = ScoreInput(
            scores={c.key: _score(c.maximum, base, judge.email, tax_code, c.key) for c in criteria},
            comments={c.key: "" for c in criteria},
            overall_comment="Giải pháp có tính ứng dụng; cần số liệu thử nghiệm tại mỏ.",
        )
        actions.review_submit(assignment=assignment, user=judge, data=data)
        context.count("submitted reviews")


def _contest_awards(context: SeedContext, panels: dict[str, Panel], staff) -> None:
    """One category of the Technical Innovation Contest judged and its prizes published, so
    the demo shows a contest's results by tier: a run started by one staff member, approved
    by the other."""
    contest = _call(CONTEST_SLUG)
    panel = panels.get(CONTEST_SLUG)
    policy = AwardPolicy.objects.filter(
        call__translation_key=getattr(contest, "translation_key", None),
        category_key=CONTEST_CATEGORY,
    ).first()
    approvers = list(User.objects.filter(is_staff=True, is_superuser=False).order_by("pk")[:2])
    if contest is None or panel is None or policy is None or len(approvers) < 2:
        return
    if policy.runs.exists():
        return
    _contest_entries(context, contest, staff)
    round = _contest_round(context, contest, panel, staff)
    _contest_reviews(context, round)
    run = awards.allocation_start(policy=policy, actor=approvers[0])
    context.count("allocation runs")
    if run.status != "final":
        return
    awards.allocation_approve(run=run, actor=approvers[1])
    for decision in run.decisions.select_related("submission__organisation"):
        organisation = decision.submission.organisation
        users = [m.user for m in organisation.memberships.all()] if organisation else []
        for user in users:
            AwardNotice.objects.get_or_create(decision=decision, user=user)
    awards.results_publish(run=run, actor=approvers[1])
    context.count("published results")
