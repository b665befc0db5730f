from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from submissions.enums import MemberRole
from tests.factories import ChallengePageFactory, UserFactory, build_site
from tests.submissions.factories import MembershipFactory, OrganisationFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def site(db):
    return build_site()


def _at_local(day_offset: int, hour: int):
    day = (timezone.now() + timedelta(days=day_offset)).astimezone(HCM)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def challenge(site):
    """Problem P03, open from 10 days ago until 17:00 Quang Ninh time in 20 days."""
    return ChallengePageFactory(
        parent=site["index"],
        code="P03",
        opens_at=_at_local(-10, 8),
        closes_at=_at_local(20, 17),
        slug="p03",
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
    yield tmp_path / "private"


@pytest.fixture
def people(db):
    """Organisation A (owner, editor, viewer), organisation B (owner), staff, an outsider."""
    org_a = OrganisationFactory(name="Org A")
    org_b = OrganisationFactory(name="Org B")
    users = {
        "owner_a": UserFactory(email="owner@a.example"),
        "editor_a": UserFactory(email="editor@a.example"),
        "viewer_a": UserFactory(email="viewer@a.example"),
        "owner_b": UserFactory(email="owner@b.example"),
        "staff": UserFactory(email="staff@province.example", is_staff=True),
        "outsider": UserFactory(email="someone@else.example"),
    }
    MembershipFactory(organisation=org_a, user=users["owner_a"], role=MemberRole.OWNER)
    MembershipFactory(organisation=org_a, user=users["editor_a"], role=MemberRole.EDITOR)
    MembershipFactory(organisation=org_a, user=users["viewer_a"], role=MemberRole.VIEWER)
    MembershipFactory(organisation=org_b, user=users["owner_b"], role=MemberRole.OWNER)
    return {"org_a": org_a, "org_b": org_b, **users}
