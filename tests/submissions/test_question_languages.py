"""Published clarification questions in both languages: the English page shows staff's English
texts, or the original when there are none; staff fill them in the admin; the demo has both."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from cms.demo_support import new_context
from cms.models import AuditEvent
from submissions import actions
from submissions import demo as submissions_demo
from submissions.models import ClarificationQuestion
from tests.cms.factories_public import translate
from tests.factories import UserFactory
from tests.submissions.factories import ClarificationQuestionFactory

pytestmark = pytest.mark.django_db

QUESTION_VI = "Có được dùng dữ liệu quan trắc của tỉnh không?"
ANSWER_VI = "Có, theo yêu cầu gửi Sở."
QUESTION_EN = "May we use the provincial monitoring data?"
ANSWER_EN = "Yes, on request to the Department."


@pytest.fixture
def challenge_en(site, challenge):
    translate(site["index"], site["en"], title="Problems", slug="problems")
    return translate(challenge, site["en"], title="Problem three")


def published(challenge, **english) -> ClarificationQuestion:
    question = ClarificationQuestionFactory(call=challenge, question=QUESTION_VI)
    return actions.clarification_answer(
        question=question,
        answer=ANSWER_VI,
        publish=True,
        actor=UserFactory(is_staff=True),
        **english,
    )


def test_english_call_page_shows_the_english_question_and_answer(client, challenge, challenge_en):
    published(challenge, question_en=QUESTION_EN, answer_en=ANSWER_EN)

    vietnamese = client.get(challenge.url).content.decode()
    english = client.get(challenge_en.url).content.decode()

    assert QUESTION_VI in vietnamese and ANSWER_VI in vietnamese
    assert QUESTION_EN not in vietnamese and ANSWER_EN not in vietnamese
    assert QUESTION_EN in english and ANSWER_EN in english
    assert QUESTION_VI not in english and ANSWER_VI not in english


def test_english_call_page_falls_back_to_the_original_text(client, challenge, challenge_en):
    published(challenge, answer_en=ANSWER_EN)

    english = client.get(challenge_en.url).content.decode()

    assert QUESTION_VI in english
    assert ANSWER_EN in english
    assert ANSWER_VI not in english


def test_answering_again_without_english_keeps_the_english_texts(challenge):
    question = published(challenge, question_en=QUESTION_EN, answer_en=ANSWER_EN)

    actions.clarification_answer(
        question=question, answer="Có.", publish=True, actor=UserFactory(is_staff=True)
    )

    question.refresh_from_db()
    assert (question.answer, question.question_en, question.answer_en) == (
        "Có.",
        QUESTION_EN,
        ANSWER_EN,
    )


def test_staff_fill_the_english_texts_in_the_admin(client, challenge, challenge_en):
    staff = UserFactory(email="staff@province.example", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    question = ClarificationQuestionFactory(call=challenge, question=QUESTION_VI)

    form = client.get(f"/admin/clarification-questions/edit/{question.pk}/").content.decode()
    response = client.post(
        f"/admin/clarification-questions/edit/{question.pk}/",
        {
            "answer": ANSWER_VI,
            "question_en": QUESTION_EN,
            "answer_en": ANSWER_EN,
            "is_published": "on",
            "question": "Câu hỏi bị sửa?",
        },
    )

    assert QUESTION_VI in form  # staff see the original question they translate
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.question, question.question_en, question.answer_en) == (
        QUESTION_VI,
        QUESTION_EN,
        ANSWER_EN,
    )
    event = AuditEvent.objects.get(action="clarification.answer")
    assert (event.before["answer_en"], event.after["answer_en"]) == ("", ANSWER_EN)
    client.logout()
    english = client.get(challenge_en.url).content.decode()
    assert QUESTION_EN in english and ANSWER_EN in english


def test_demo_questions_have_english_texts_also_when_seeded_before(challenge):
    _code, question, answer, question_en, answer_en = next(
        row for row in submissions_demo.QUESTIONS if row[0] == "P03"
    )
    older = ClarificationQuestion.objects.create(
        call=challenge, question=question, answer=answer, is_published=True
    )
    context = new_context(lambda *_args, **_kwargs: None)

    submissions_demo._questions(context)

    older.refresh_from_db()
    assert (older.question_en, older.answer_en) == (question_en, answer_en)
    assert ClarificationQuestion.objects.filter(call=challenge).count() == 1
    assert all(row[3] and row[4] for row in submissions_demo.QUESTIONS)
