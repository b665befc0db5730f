"""Award policy names in both languages on every public page, and the appeal trail: every staff
answer is kept and shown in order to the entrant who appealed and to nobody else."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from judging import awards
from judging.models import Appeal, AppealReply
from tests.cms.factories_public import build_public_site
from tests.judging.award_support import WORKED_SCORES, add_entry, judged_call, make_policy

pytestmark = pytest.mark.django_db

POLICY_VI = "Giải thưởng Hội thi · Nhóm thiếu niên"
POLICY_EN = "Contest prizes · Young group"


def en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def publish(judged, policy):
    run = awards.allocation_start(policy=policy, actor=judged.staff)
    awards.allocation_approve(run=run, actor=judged.second_staff)
    return awards.results_publish(run=run, actor=judged.second_staff)


@pytest.fixture
def judged(site):
    judged = judged_call(site)
    for score in WORKED_SCORES:
        add_entry(judged, score)
    return judged


# --- policy names ---------------------------------------------------------------------------------


def test_contest_prize_table_names_the_policy_in_the_page_language(client):
    public = build_public_site(problems=1)
    make_policy(public["contest"], name=POLICY_VI, name_en=POLICY_EN, category_key="young")

    english = client.get(public["contest_en"].url).content.decode()
    vietnamese = client.get(public["contest"].url).content.decode()

    assert POLICY_EN in english
    assert POLICY_VI not in english
    assert "First prize" in english
    assert POLICY_VI in vietnamese
    assert POLICY_EN not in vietnamese


def test_policy_without_an_english_name_shows_the_vietnamese_one_on_english_pages(client):
    public = build_public_site(problems=1)
    make_policy(public["contest"], name=POLICY_VI)

    assert POLICY_VI in client.get(public["contest_en"].url).content.decode()


def test_english_name_edited_later_reaches_the_cached_prize_table(client):
    public = build_public_site(problems=1)
    policy = make_policy(public["contest"], name=POLICY_VI)
    assert POLICY_VI in client.get(public["contest_en"].url).content.decode()

    policy.name_en = POLICY_EN
    policy.save()

    english = client.get(public["contest_en"].url).content.decode()
    assert POLICY_EN in english
    assert POLICY_VI not in english


def test_results_page_and_open_data_name_the_policy_in_the_page_language(client, judged):
    publish(judged, make_policy(judged.call, name=POLICY_VI, name_en=POLICY_EN))

    # Vietnamese first: an /en/ visit leaves the language cookie set.
    vietnamese = client.get(reverse("judging:results", kwargs={"page_id": judged.call.pk}))
    data_vi = json.loads(
        client.get(reverse("judging:call_results_json", kwargs={"page_id": judged.call.pk})).content
    )
    english = client.get(en("judging:results", page_id=judged.call.pk)).content.decode()
    data_en = json.loads(
        client.get(en("judging:call_results_json", page_id=judged.call.pk)).content
    )

    assert POLICY_EN in english
    assert POLICY_VI not in english
    assert POLICY_VI in vietnamese.content.decode()
    assert {record["policy"] for record in data_en["results"]} == {POLICY_EN}
    assert {record["policy"] for record in data_vi["results"]} == {POLICY_VI}


def test_admin_saves_the_english_name(client, site):
    from judging.models import AwardPolicy
    from tests.judging.test_awards_admin import URL, form_data

    judged = judged_call(site, "P30")
    judged.staff.is_superuser = True
    judged.staff.save()
    client.force_login(judged.staff)
    tiers = [("first", 1, 30_000_000, "85")]

    form = client.get(URL).content.decode()
    response = client.post(URL, form_data(judged.call, tiers, name=POLICY_VI, name_en=POLICY_EN))

    assert 'name="name_en"' in form
    assert response.status_code == 302
    assert AwardPolicy.objects.get().name_en == POLICY_EN


# --- the appeal trail -----------------------------------------------------------------------------


def file_appeal(client, judged, run, index: int, text: str) -> Appeal:
    decision = run.decisions.get(submission=judged.entries[index])
    client.force_login(judged.members[index])
    client.post(
        en("judging:appeal", page_id=judged.call.pk, decision_id=decision.pk),
        {f"d{decision.pk}-text": text},
    )
    return Appeal.objects.get(decision=decision)


def answer(client, judged, run, appeal: Appeal, text: str) -> None:
    client.force_login(judged.staff)
    client.post(
        en("judging:award_run", pk=run.pk), {"step": "answer", "appeal": appeal.pk, "answer": text}
    )


def test_answering_twice_shows_both_answers_to_the_entrant_in_order(client, judged):
    run = publish(judged, make_policy(judged.call))
    appeal = file_appeal(client, judged, run, 7, "Hồ sơ của chúng tôi bị chấm thiếu.")
    answer(client, judged, run, appeal, "Chúng tôi đang xem lại.")
    answer(client, judged, run, appeal, "Đã xem lại, giữ nguyên kết quả.")

    client.force_login(judged.members[7])
    page = client.get(en("judging:results", page_id=judged.call.pk)).content.decode()

    first, second = page.index("Chúng tôi đang xem lại."), page.index("Đã xem lại, giữ nguyên")
    assert page.index("Hồ sơ của chúng tôi bị chấm thiếu.") < first < second
    assert page.count('class="appeal-reply"') == 2
    appeal.refresh_from_db()
    assert appeal.answer == "Đã xem lại, giữ nguyên kết quả."
    assert list(appeal.replies.values_list("text", "author")) == [
        ("Chúng tôi đang xem lại.", judged.staff.pk),
        ("Đã xem lại, giữ nguyên kết quả.", judged.staff.pk),
    ]


def test_staff_run_page_lists_the_whole_trail(client, judged):
    run = publish(judged, make_policy(judged.call))
    appeal = file_appeal(client, judged, run, 7, "Xin xem lại.")
    answer(client, judged, run, appeal, "Trả lời một.")
    answer(client, judged, run, appeal, "Trả lời hai.")

    page = client.get(en("judging:award_run", pk=run.pk)).content.decode()

    assert page.index("Xin xem lại.") < page.index("Trả lời một.") < page.index("Trả lời hai.")


def test_an_entrant_never_sees_another_entrants_appeal(client, judged):
    run = publish(judged, make_policy(judged.call))
    appeal = file_appeal(client, judged, run, 7, "Khiếu nại riêng của đội bảy.")
    answer(client, judged, run, appeal, "Trả lời riêng cho đội bảy.")
    url = en("judging:results", page_id=judged.call.pk)

    client.force_login(judged.members[6])
    other = client.get(url).content.decode()
    client.logout()
    anonymous = client.get(url).content.decode()

    for page in (other, anonymous):
        assert "Khiếu nại riêng của đội bảy." not in page
        assert "Trả lời riêng cho đội bảy." not in page


def test_an_empty_answer_is_refused_and_adds_nothing(judged):
    run = publish(judged, make_policy(judged.call))
    decision = run.decisions.get(submission=judged.entries[7])
    appeal = awards.appeal_file(decision=decision, text="Xin xem lại.", actor=judged.members[7])

    with pytest.raises(awards.ActionRefused):
        awards.appeal_answer(appeal=appeal, text="   ", actor=judged.staff)

    assert AppealReply.objects.count() == 0


def local(moment) -> str:
    return dateformat.format(timezone.localtime(moment), "H:i d/m/Y")


def test_appeal_page_states_the_deadline_while_open_and_after(client, judged):
    run = publish(judged, make_policy(judged.call, appeal_days=10))
    deadline = run.published_at + timedelta(days=10)
    client.force_login(judged.members[7])
    url = en("judging:results", page_id=judged.call.pk)

    assert f"You may appeal until {local(deadline)}." in client.get(url).content.decode()

    published = timezone.now() - timedelta(days=11)
    type(run).objects.filter(pk=run.pk).update(published_at=published)
    page = client.get(url).content.decode()
    assert f"The time to appeal ended at {local(published + timedelta(days=10))}." in page
    assert "File an appeal" not in page


def test_an_answer_given_before_the_trail_becomes_its_first_reply(client, judged):
    from importlib import import_module

    migration = import_module("judging.migrations.0007_appeal_answers_to_replies")
    run = publish(judged, make_policy(judged.call))
    decision = run.decisions.get(submission=judged.entries[7])
    answered_at = timezone.now() - timedelta(days=2)
    appeal = Appeal.objects.create(
        decision=decision,
        author=judged.members[7],
        text="Khiếu nại cũ.",
        answer="Câu trả lời cũ.",
        answered_by=judged.staff,
        answered_at=answered_at,
    )
    Appeal.objects.create(decision=decision, author=judged.members[7], text="Chưa trả lời.")

    migration.answers_to_replies(apps, None)
    migration.answers_to_replies(apps, None)  # applied again: nothing more
    awards.appeal_answer(appeal=appeal, text="Câu trả lời mới.", actor=judged.second_staff)

    assert list(appeal.replies.values_list("text", "author", "created_at")) == [
        ("Câu trả lời cũ.", judged.staff.pk, answered_at),
        ("Câu trả lời mới.", judged.second_staff.pk, appeal.replies.last().created_at),
    ]
    assert AppealReply.objects.count() == 2
    client.force_login(judged.members[7])
    page = client.get(en("judging:results", page_id=judged.call.pk)).content.decode()
    assert page.index("Câu trả lời cũ.") < page.index("Câu trả lời mới.")
    assert "Not answered yet." in page


# --- demo content ---------------------------------------------------------------------------------


def test_demo_policies_and_questions_read_in_english_on_english_pages(client):
    from io import StringIO

    from django.core.management import call_command

    from challenges.models import ContestPage
    from judging.models import AwardPolicy
    from submissions.models import ClarificationQuestion

    call_command("seed_demo", stdout=StringIO())

    assert not AwardPolicy.objects.filter(name_en="").exists()
    assert not ClarificationQuestion.objects.published().filter(answer_en="").exists()
    contest = ContestPage.objects.get(slug="technical-innovation", locale__language_code="en")
    english = client.get(contest.url).content.decode()
    for policy in AwardPolicy.objects.filter(call__translation_key=contest.translation_key):
        assert policy.name_en in english
        assert policy.name not in english
