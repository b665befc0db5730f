from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from judging import actions
from judging.conflicts import (
    PUBLIC_MAIL_DOMAINS,
    AffiliationFacts,
    DetectedConflict,
    FormerMemberFacts,
    JudgeFacts,
    OrganisationFacts,
    Reason,
    detect_conflicts,
    normalise_name,
)
from judging.enums import ConflictSource
from judging.models import Assignment, Conflict, JudgeProfile, Review
from tests.judging.conftest import make_judge

TODAY = date(2026, 11, 26)
ORG = OrganisationFacts(
    id="o1",
    name="Công ty TNHH Sóng Biển",
    tax_code="5701234567",
    email_domains=frozenset({"songbien.vn", "gmail.com"}),
    member_ids=frozenset({"m1"}),
)


def test_conflict_member_detected():
    found = detect_conflicts([JudgeFacts("m1")], [ORG], today=TODAY)
    assert found == [DetectedConflict("m1", "o1", Reason.MEMBER, "member")]


def test_conflict_affiliation_by_tax_code_branch_within_three_years():
    judge = JudgeFacts(
        "j1", affiliations=(AffiliationFacts("Tên khác", "5701234567-001", date(2023, 11, 26)),)
    )
    found = detect_conflicts([judge], [ORG], today=TODAY)
    assert [c.reason for c in found] == [Reason.AFFILIATION]


def test_conflict_affiliation_older_than_three_years_ignored():
    judge = JudgeFacts(
        "j1", affiliations=(AffiliationFacts("Công ty TNHH Sóng Biển", "", date(2023, 11, 25)),)
    )
    assert detect_conflicts([judge], [ORG], today=TODAY) == []


def test_conflict_affiliation_by_name_ignores_case_and_accents():
    judge = JudgeFacts("j1", affiliations=(AffiliationFacts("CONG TY TNHH SONG BIEN"),))
    assert [c.reason for c in detect_conflicts([judge], [ORG], today=TODAY)] == [Reason.AFFILIATION]


def test_conflict_shared_private_domain_detected():
    judge = JudgeFacts("j1", email_domains=frozenset({"SongBien.vn"}))
    found = detect_conflicts([judge], [ORG], today=TODAY)
    assert found == [DetectedConflict("j1", "o1", Reason.EMAIL_DOMAIN, "songbien.vn")]


def test_conflict_public_domain_ignored():
    judge = JudgeFacts("j1", email_domains=frozenset({"gmail.com"}))
    assert detect_conflicts([judge], [ORG], today=TODAY) == []


def test_normalise_name_vietnamese_d():
    assert normalise_name("Đại học Hạ Long") == normalise_name("dai hoc ha long")


names = st.sampled_from(["Sóng Biển", "Hạ Long Xanh", "Mỏ Việt", "Cảng Cái Lân", "An Phát"])
domains = st.sampled_from(["a.vn", "b.vn", "c.com", *sorted(PUBLIC_MAIL_DOMAINS)[:4]])
tax_codes = st.sampled_from(["", "5700000001", "5700000002", "5700000003-002"])
dates = st.one_of(st.none(), st.dates(min_value=date(2015, 1, 1), max_value=date(2027, 1, 1)))
affiliations = st.builds(AffiliationFacts, names, tax_codes, dates)
judges = st.lists(
    st.builds(
        JudgeFacts,
        st.sampled_from(["j1", "j2", "j3", "m1"]),
        st.frozensets(domains, max_size=2),
        st.lists(affiliations, max_size=2).map(tuple),
    ),
    max_size=4,
    unique_by=lambda j: j.id,
)
organisations = st.lists(
    st.builds(
        OrganisationFacts,
        st.sampled_from(["o1", "o2", "o3"]),
        names,
        tax_codes,
        st.frozensets(domains, max_size=2),
        st.frozensets(st.sampled_from(["j1", "m1"]), max_size=1),
    ),
    max_size=3,
    unique_by=lambda o: o.id,
)


@given(judges, organisations, st.randoms())
def test_conflict_detection_ignores_input_order(js, orgs, rnd):
    shuffled_j, shuffled_o = list(js), list(orgs)
    rnd.shuffle(shuffled_j)
    rnd.shuffle(shuffled_o)
    assert detect_conflicts(js, orgs, today=TODAY) == detect_conflicts(
        shuffled_j, shuffled_o, today=TODAY
    )


@given(judges, organisations)
def test_conflict_public_domains_never_conflict(js, orgs):
    for conflict in detect_conflicts(js, orgs, today=TODAY):
        if conflict.reason is Reason.EMAIL_DOMAIN:
            assert not set(conflict.detail.split(", ")) & PUBLIC_MAIL_DOMAINS


@given(judges, organisations, affiliations)
def test_conflict_adding_an_affiliation_never_removes_one(js, orgs, extra):
    before = {(c.judge_id, c.organisation_id) for c in detect_conflicts(js, orgs, today=TODAY)}
    more = [JudgeFacts(j.id, j.email_domains, (*j.affiliations, extra)) for j in js]
    after = {(c.judge_id, c.organisation_id) for c in detect_conflicts(more, orgs, today=TODAY)}
    assert before <= after


@given(judges, organisations)
def test_conflict_members_always_conflict(js, orgs):
    found = {
        (c.judge_id, c.organisation_id, c.reason) for c in detect_conflicts(js, orgs, today=TODAY)
    }
    for judge in js:
        for org in orgs:
            if judge.id in org.member_ids:
                assert (judge.id, org.id, Reason.MEMBER) in found


@given(
    st.dates(min_value=date(2016, 1, 1), max_value=date(2026, 11, 26)),
)
def test_conflict_affiliation_counts_exactly_within_three_years(until):
    judge = JudgeFacts("j1", affiliations=(AffiliationFacts("Sóng Biển", "5701234567", until),))
    found = detect_conflicts([judge], [ORG], today=TODAY)
    assert bool(found) == (until >= date(2023, 11, 26))


def _former(user_id: str, until: date) -> OrganisationFacts:
    return OrganisationFacts(
        id="o1",
        name="Công ty TNHH Sóng Biển",
        tax_code="5701234567",
        former_members=frozenset({FormerMemberFacts(user_id, until)}),
    )


def test_conflict_former_member_two_years_ago_detected():
    found = detect_conflicts([JudgeFacts("j1")], [_former("j1", date(2024, 11, 26))], today=TODAY)
    assert found == [
        DetectedConflict("j1", "o1", Reason.AFFILIATION, "Công ty TNHH Sóng Biển (2024-11-26)")
    ]


def test_conflict_former_member_four_years_ago_ignored():
    organisation = _former("j1", date(2022, 11, 26))
    assert detect_conflicts([JudgeFacts("j1")], [organisation], today=TODAY) == []


def test_conflict_former_member_of_another_person_ignored():
    organisation = _former("j2", date(2026, 1, 1))
    assert detect_conflicts([JudgeFacts("j1")], [organisation], today=TODAY) == []


def test_conflict_rejoined_member_is_a_member_once():
    organisation = OrganisationFacts(
        id="o1",
        name="Sóng Biển",
        member_ids=frozenset({"j1"}),
        former_members=frozenset({FormerMemberFacts("j1", date(2026, 1, 1))}),
    )
    found = detect_conflicts([JudgeFacts("j1")], [organisation], today=TODAY)
    assert found == [DetectedConflict("j1", "o1", Reason.MEMBER, "member")]


@given(st.dates(min_value=date(2016, 1, 1), max_value=date(2026, 11, 26)))
def test_conflict_former_member_counts_exactly_within_three_years(until):
    found = detect_conflicts([JudgeFacts("j1")], [_former("j1", until)], today=TODAY)
    assert bool(found) == (until >= date(2023, 11, 26))


# --- database ----------------------------------------------------------------------------


def _left_years_ago(world, email: str, years: int):
    """A judge who was a member of the entrant organisation and left ``years`` ago."""
    from django.utils import timezone

    from submissions import actions as submission_actions
    from submissions.models import FormerMembership
    from tests.judging.factories import MembershipFactory

    judge = make_judge(world.panel, email=email)
    membership = MembershipFactory(organisation=world.organisation, user=judge, role="viewer")
    submission_actions.membership_remove(membership=membership, actor=judge)
    left_at = timezone.now() - timedelta(days=365 * years)
    FormerMembership.objects.filter(user=judge).update(left_at=left_at)
    return judge


@pytest.mark.django_db
def test_conflicts_detect_flags_judge_who_left_the_organisation_two_years_ago(world):
    recent = _left_years_ago(world, "recent@uni.example", 2)
    long_ago = _left_years_ago(world, "longago@uni.example", 4)

    with translation.override("en"):
        created = actions.conflicts_detect(panel=world.panel, actor=world.staff)

    flagged = {(c.judge, c.organisation) for c in created}
    assert (recent, world.organisation) in flagged
    assert all(c.judge != long_ago for c in created)
    reason = Conflict.objects.get(judge=recent).reason
    assert reason.startswith("Affiliation: Công ty TNHH Sóng Biển Hạ Long (")


@pytest.mark.django_db
def test_conflicts_detect_flags_judge_who_rejoined_as_member(world):
    from submissions import actions as submission_actions
    from submissions.models import Membership

    judge = _left_years_ago(world, "back@gmail.com", 4)
    invitation = submission_actions.invitation_create(
        organisation=world.organisation, email=judge.email, role="viewer", invited_by=world.owner
    )
    submission_actions.invitation_accept(invitation=invitation, user=judge)

    with translation.override("en"):
        created = actions.conflicts_detect(panel=world.panel, actor=world.staff)

    assert Membership.objects.filter(user=judge, organisation=world.organisation).exists()
    assert [c.reason for c in created if c.judge == judge] == ["Member of the organisation"]


@pytest.mark.django_db
def test_conflicts_detect_adds_domain_and_affiliation_conflicts(world):
    colleague = make_judge(world.panel, email="expert@songbien.example")
    former = make_judge(world.panel, email="former@gmail.com")
    from judging.models import Affiliation

    Affiliation.objects.create(
        profile=JudgeProfile.objects.get(user=former),
        organisation_name="Sóng Biển cũ",
        tax_code="5701234567",
        until=date.today().replace(year=date.today().year - 1),
    )
    created = actions.conflicts_detect(panel=world.panel, actor=world.staff)
    pairs = {(c.judge.email, c.organisation_id, c.source) for c in created}
    assert (colleague.email, world.organisation.pk, ConflictSource.DETECTED) in pairs
    assert (former.email, world.organisation.pk, ConflictSource.DETECTED) in pairs
    assert all(c.judge != world.judge for c in created)
    assert actions.conflicts_detect(panel=world.panel, actor=world.staff) == []


@pytest.mark.django_db
def test_conflict_after_review_voids_it_and_reassigns(world, django_capture_on_commit_callbacks):
    world.round.judges_per_entry = 3
    world.round.assignments_confirmed_at = world.assignment.confirmed_at
    world.round.save()
    actions.review_save_draft(
        assignment=world.assignment,
        user=world.judge,
        data=actions.ScoreInput(scores={"novelty": 5}, comments={}, overall_comment=""),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.conflict_record(
            judge=world.judge,
            organisation=world.organisation,
            reason="Phát hiện sau",
            source=ConflictSource.STAFF,
            actor=world.staff,
        )
    world.assignment.refresh_from_db()
    assert world.assignment.voided_at is not None
    assert Review.objects.get(assignment=world.assignment).voided_at is not None
    replacement = Assignment.objects.active().get(submission=world.submission, source="reassigned")
    assert replacement.judge == world.unassigned
    assert [m.to for m in mail.outbox] == [[world.unassigned.email]]


@pytest.mark.django_db
def test_declaration_records_conflicts_with_reasons(client, world):
    client.force_login(world.unassigned)
    url = f"/en/judging/panels/{world.panel.pk}/conflicts/"
    key = world.organisation.pk
    missing = client.post(url, {f"conflict-{key}": "on", f"reason-{key}": ""})
    assert "Say briefly why." in missing.content.decode()
    response = client.post(url, {f"conflict-{key}": "on", f"reason-{key}": "Cố vấn năm 2025"})
    assert response.status_code == 302
    conflict = Conflict.objects.get(judge=world.unassigned)
    assert (conflict.organisation, conflict.source, conflict.reason) == (
        world.organisation,
        ConflictSource.DECLARED,
        "Cố vấn năm 2025",
    )


@pytest.mark.django_db
def test_judge_profile_affiliation_detects_conflict_and_voids_assignment(client, world):
    client.force_login(world.judge)
    response = client.post(
        "/en/judging/profile/",
        {
            "expertise": ["environment", "disaster_resilience"],
            "email_domains": "uni.example, @Lab.Uni.example",
            "affiliations-TOTAL_FORMS": "2",
            "affiliations-INITIAL_FORMS": "0",
            "affiliations-0-organisation_name": "Sóng Biển cũ",
            "affiliations-0-tax_code": "5701234567",
            "affiliations-0-until": "",
            "affiliations-1-organisation_name": "",
        },
    )
    assert response.status_code == 302
    profile = JudgeProfile.objects.get(user=world.judge)
    assert profile.expertise == ["disaster_resilience", "environment"]
    assert profile.email_domains == ["lab.uni.example", "uni.example"]
    assert list(profile.affiliations.values_list("organisation_name", "tax_code")) == [
        ("Sóng Biển cũ", "5701234567")
    ]
    conflict = Conflict.objects.get(judge=world.judge)
    assert conflict.source == ConflictSource.DETECTED
    world.assignment.refresh_from_db()
    assert world.assignment.voided_at is not None


@pytest.mark.django_db
def test_judge_profile_bad_domain_keeps_input(client, world):
    client.force_login(world.judge)
    response = client.post(
        "/en/judging/profile/",
        {
            "email_domains": "not a domain",
            "affiliations-TOTAL_FORMS": "1",
            "affiliations-INITIAL_FORMS": "0",
            "affiliations-0-organisation_name": "Viện Hải dương học",
        },
    )
    html = response.content.decode()
    assert "is not a domain" in html
    assert "Viện Hải dương học" in html
