"""Sign-in hardening: rate limits, sign-out ends the session, and TOTP enforced for judges and
staff on judging pages. (Session id rotation on sign-in: tests/cms/test_accounts.py.)"""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"
TOO_MANY = "Too many failed login attempts"


def totp_code(secret: str = SECRET) -> str:
    """The current RFC 6238 code, from a period with at least 5 s left (allauth accepts only
    the current period), so a slow step cannot carry it over the boundary."""
    if 30 - time.time() % 30 < 5:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def login(client, email: str, password: str = PASSWORD):
    return client.post("/en/accounts/login/", {"login": email, "password": password})


# --- rate limits ---------------------------------------------------------------------------


def test_login_failures_for_one_account_are_limited_after_five(client):
    """allauth answers a spent login_failed limit with a form error (200), not 429; then even
    the right password is refused."""
    UserFactory(email="target@example.org")
    pages = [login(client, "target@example.org", f"wrong-{n}").text for n in range(5)]
    assert not any(TOO_MANY in page for page in pages)

    assert TOO_MANY in login(client, "target@example.org", "wrong-6").text
    right = login(client, "target@example.org")

    assert right.status_code == 200
    assert TOO_MANY in right.text
    assert "_auth_user_id" not in client.session


def test_login_failures_from_one_address_are_limited_after_ten(client):
    """Ten failures spread over five accounts (two each, under the per-account limit)."""
    for n in range(5):
        UserFactory(email=f"spray{n}@example.org")
    pages = [login(client, f"spray{n % 5}@example.org", "wrong").text for n in range(10)]
    assert not any(TOO_MANY in page for page in pages)
    assert TOO_MANY in login(client, "spray0@example.org", "wrong").text


def test_login_posts_from_one_address_get_429_after_thirty(client):
    statuses = [login(client, f"nobody{n}@example.org", "x").status_code for n in range(31)]
    assert 429 not in statuses[:30]
    assert statuses[30] == 429


def test_signup_is_limited_to_twenty_a_minute_per_address(client):
    def signup(n):
        return client.post(
            "/en/accounts/signup/",
            {
                "email": f"new{n}@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "display_name": f"Người {n}",
                "preferred_language": "vi",
            },
        )

    statuses = [signup(n).status_code for n in range(21)]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429


# --- sign-out ------------------------------------------------------------------------------


def test_logout_invalidates_the_old_session_id(client):
    UserFactory(email="leaving@example.org")
    assert login(client, "leaving@example.org").status_code == 302
    old = client.cookies["sessionid"].value
    assert client.get(reverse("account_dashboard")).status_code == 200

    assert client.post("/en/accounts/logout/").status_code == 302

    assert not Session.objects.filter(session_key=old).exists()
    replay = Client()
    replay.cookies["sessionid"] = old
    response = replay.get(reverse("account_dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- TOTP for judges and staff -------------------------------------------------------------


@pytest.fixture
def judge(db):
    from tests.judging.factories import JudgeProfileFactory, PanelMemberFactory

    user = UserFactory(email="judge@uni.example")
    PanelMemberFactory(user=user)
    JudgeProfileFactory(user=user)
    TOTP.activate(user, SECRET)
    return user


def test_judge_password_alone_does_not_open_judging(client, judge):
    response = login(client, judge.email)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    judging = client.get("/en/judging/")
    assert judging.status_code == 302
    assert "/accounts/login/" in judging["Location"]


def test_judge_wrong_totp_code_is_refused_and_right_one_opens_judging(client, judge):
    login(client, judge.email)
    wrong = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    right = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code()})

    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(judge.pk)
    assert client.get("/en/judging/").status_code == 200


def test_totp_code_cannot_be_replayed(judge):
    code = totp_code()
    first = Client()
    login(first, judge.email)
    assert first.post("/en/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    second = Client()
    login(second, judge.email)
    assert second.post("/en/accounts/2fa/authenticate/", {"code": code}).status_code == 200
    assert "_auth_user_id" not in second.session


@pytest.mark.parametrize("path", ["/en/judging/", "/en/judging/awards/"])
def test_staff_without_totp_are_sent_to_set_it_up(client, path):
    staff = UserFactory(email="staff@province.example", is_staff=True)
    client.force_login(staff)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"
    TOTP.activate(staff, SECRET)
    assert client.get(path).status_code == 200


def test_staff_dashboard_without_totp_is_refused(client):
    from tests.factories import ChallengePageFactory, build_site
    from tests.judging.factories import RoundFactory

    round = RoundFactory(call=ChallengePageFactory(parent=build_site()["index"]))
    staff = UserFactory(email="staff2@province.example", is_staff=True)
    client.force_login(staff)
    response = client.get(f"/en/judging/rounds/{round.pk}/")
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"
    assert not Authenticator.objects.filter(user=staff).exists()
