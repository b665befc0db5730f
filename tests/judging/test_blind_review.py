from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

IDENTIFYING = [
    "Sóng Biển",
    "5701234567",
    "hoa.pham@songbien.example",
    "Phạm Thị Hoa",
    "owner@songbien.example",
    "Lê Văn Khải",
    "songbien.example",
    "Nguyễn Hữu Tài",
    "Hồ sơ",
]


def test_blind_review_page_contains_no_identifying_data(client, world):
    client.force_login(world.judge)
    response = client.get(f"/en/judging/assignments/{world.assignment.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    for value in [*IDENTIFYING, world.submission.reference]:
        assert value not in html, value
    assert "phát triển phao" in html
    assert "[hidden]" in html
    assert "Attachment 1 (PDF, 13\xa0bytes)" in html


def test_blind_my_assignments_contains_no_reference(client, world):
    client.force_login(world.judge)
    html = client.get("/en/judging/").content.decode()
    assert world.submission.reference not in html
    assert "Sóng Biển" not in html
    assert f"Entry {world.submission.pk}" in html


def test_open_review_page_shows_reference_but_never_people(client, world):
    world.round.blind = False
    world.round.save()
    client.force_login(world.judge)
    html = client.get(f"/en/judging/assignments/{world.assignment.pk}/").content.decode()
    assert world.submission.reference in html
    assert "Công ty TNHH Sóng Biển Hạ Long" in html
    assert "hoa.pham@songbien.example" not in html


def test_attachment_download_has_neutral_name(client, world):
    client.force_login(world.judge)
    response = client.get(f"/en/judging/assignments/{world.assignment.pk}/attachments/1/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="attachment-1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_attachment_number_out_of_range_is_404(client, world):
    client.force_login(world.judge)
    response = client.get(f"/en/judging/assignments/{world.assignment.pk}/attachments/2/")
    assert response.status_code == 404


def test_conflict_declaration_page_lists_names_only(client, world):
    client.force_login(world.unassigned)
    html = client.get(f"/en/judging/panels/{world.panel.pk}/conflicts/").content.decode()
    assert "Công ty TNHH Sóng Biển Hạ Long" in html
    assert "5701234567" not in html
    assert "hoa.pham@songbien.example" not in html
    assert world.submission.title not in html


def test_youth_entry_never_shows_participant_data(client, world):
    from datetime import date

    from judging.models import Assignment
    from submissions.models import Participant
    from tests.factories import UserFactory
    from tests.judging.factories import submit

    child = UserFactory(email="be.an@mail.example", display_name="Bé An")
    participant = Participant.objects.create(
        user=child,
        full_name="Nguyễn Bảo An",
        birth_date=date(2014, 5, 1),
        school="Trường THCS Cao Thắng",
        guardian_name="Nguyễn Văn Long",
        guardian_email="long.nguyen@mail.example",
    )
    entry = world.other_submission.__class__.objects.create(
        call=world.call,
        participant=participant,
        title="Thùng rác thông minh của Nguyễn Bảo An",
        description="<p>Em học ở Trường THCS Cao Thắng.</p>",
    )
    submit(entry)
    for blind in (True, False):
        world.round.blind = blind
        world.round.save()
        assignment, _ = Assignment.objects.get_or_create(
            round=world.round,
            judge=world.judge,
            submission=entry,
            defaults={"confirmed_at": world.assignment.confirmed_at},
        )
        client.force_login(world.judge)
        html = client.get(f"/en/judging/assignments/{assignment.pk}/").content.decode()
        for value in (
            "Nguyễn Bảo An",
            "Cao Thắng",
            "Bé An",
            "be.an@mail.example",
            "Nguyễn Văn Long",
            "long.nguyen@mail.example",
            "2014",
        ):
            assert value not in html, value
