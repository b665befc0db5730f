"""IDOR matrix: every URL of submissions/ and judging/ × every role → the allowed status, else
404 (anonymous: the sign-in redirect where the view asks for it). The URLconf is iterated, so a
new URL without a row here fails."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse
from django.utils import translation

from submissions.models import DraftSnapshot
from tests.security.conftest import ROLES

pytestmark = pytest.mark.django_db

LOGIN = "login"  # anonymous → 302 to the sign-in page
MFA = ("staff", "judge", "other_judge")
SUB_VIEWERS = {"member_a": 200, "editor": 200, "viewer": 200, "staff": 200}
#: Organisation A's owner and editor: both may draft, upload, remove files, submit and withdraw
#: (``can_edit_submission``); only the owner manages the organisation and its members.
EDITORS = ("member_a", "editor")
MISSING = 987654
SIGNED_IN = {role: 200 for role in ROLES if role != "anonymous"}


def _snapshot_id(world) -> int:
    """An earlier version of organisation A's draft (made on first use)."""
    snapshot = DraftSnapshot.objects.filter(submission=world.submission).first()
    if snapshot is None:
        snapshot = DraftSnapshot.objects.create(
            submission=world.submission, revision=0, content={"title": "Earlier"}
        )
    return snapshot.pk


def _fresh_attachment_id(world) -> int:
    """A new file on organisation A's entry, so each role's removal has one of its own."""
    from submissions import actions
    from tests.submissions.test_uploads import make_pdf

    attachment = actions.attachment_add(
        submission=world.submission, name="extra.pdf", data=make_pdf(), user=world.users["member_a"]
    )
    return attachment.pk


def _row(method, kwargs, allowed, anonymous=404):
    return {"method": method, "kwargs": kwargs, "allowed": allowed, "anonymous": anonymous}


# name → how to call it and who may. Lambdas take the World.
MATRIX = {
    # submissions: organisation pages
    "submissions:organisations": _row("get", lambda w: {}, SIGNED_IN, LOGIN),
    "submissions:organisation_create": _row("get", lambda w: {}, SIGNED_IN, LOGIN),
    "submissions:organisation": _row(
        "get", lambda w: {"pk": w.org_a.pk}, {"member_a": 200, "editor": 200, "viewer": 200}
    ),
    "submissions:organisation_edit": _row("get", lambda w: {"pk": w.org_a.pk}, {"member_a": 200}),
    "submissions:organisation_invite": _row(
        "post", lambda w: {"pk": w.org_a.pk}, {"member_a": 200}
    ),
    "submissions:organisation_transfer": _row(
        "post", lambda w: {"pk": w.org_a.pk}, {"member_a": 302}
    ),
    "submissions:membership_role": _row(
        "post",
        lambda w: {"pk": w.org_a.pk, "membership_id": w.editor_membership.pk},
        {"member_a": 302},
    ),
    "submissions:membership_remove": _row(
        "post",
        lambda w: {"pk": w.org_a.pk, "membership_id": w.editor_membership.pk},
        {"member_a": 302},
    ),
    "submissions:invitation": _row("get", lambda w: {"token": "not-a-token"}, {}, LOGIN),
    "submissions:participant": _row("get", lambda w: {}, SIGNED_IN, LOGIN),
    "submissions:guardian_consent": _row("get", lambda w: {"token": "not-a-token"}, {}),
    # submissions: calls (public pages behind sign-in)
    "submissions:call_start": _row("get", lambda w: {"page_id": w.call.pk}, SIGNED_IN, LOGIN),
    "submissions:clarification_ask": _row(
        "post", lambda w: {"page_id": w.call.pk}, dict.fromkeys(SIGNED_IN, 400), LOGIN
    ),
    # submissions: an entry of organisation A
    "submissions:list": _row("get", lambda w: {}, SIGNED_IN, LOGIN),
    "submissions:detail": _row("get", lambda w: {"pk": w.submission.pk}, SUB_VIEWERS),
    "submissions:version": _row(
        "get", lambda w: {"pk": w.submission.pk, "number": w.version.number}, SUB_VIEWERS
    ),
    "submissions:attachment": _row(
        "get",
        lambda w: {"pk": w.submission.pk, "attachment_id": w.attachment.pk},
        SUB_VIEWERS,
    ),
    "submissions:edit": _row("get", lambda w: {"pk": w.submission.pk}, dict.fromkeys(EDITORS, 200)),
    "submissions:review": _row(
        "get", lambda w: {"pk": w.submission.pk}, dict.fromkeys(EDITORS, 200)
    ),
    "submissions:autosave": _row(
        "post", lambda w: {"pk": w.submission.pk}, dict.fromkeys(EDITORS, 200)
    ),
    "submissions:restore_draft": _row(
        "post",
        lambda w: {"pk": w.submission.pk, "snapshot_id": _snapshot_id(w)},
        dict.fromkeys(EDITORS, 302),
    ),
    "submissions:csrf_token": _row("get", lambda w: {}, dict.fromkeys(ROLES, 200), anonymous=200),
    "submissions:team_member_add": _row(
        "post", lambda w: {"pk": w.submission.pk}, dict.fromkeys(EDITORS, 302)
    ),
    "submissions:team_member_remove": _row(
        "post", lambda w: {"pk": w.submission.pk, "member_id": MISSING}, {}
    ),
    "submissions:team_confirmation": _row("get", lambda w: {"token": "not-a-token"}, {}, LOGIN),
    # no file posted: the form comes back with the error beside the field
    "submissions:attachment_upload": _row(
        "post", lambda w: {"pk": w.submission.pk}, dict.fromkeys(EDITORS, 400)
    ),
    "submissions:attachment_remove": _row(
        "post",
        lambda w: {"pk": w.submission.pk, "attachment_id": _fresh_attachment_id(w)},
        dict.fromkeys(EDITORS, 302),
    ),
    "submissions:withdraw": _row(
        "post", lambda w: {"pk": w.submission.pk}, dict.fromkeys(EDITORS, 302)
    ),
    # judging
    "judging:home": _row("get", lambda w: {}, dict.fromkeys(MFA, 200), LOGIN),
    "judging:profile": _row("get", lambda w: {}, dict.fromkeys(MFA, 200), LOGIN),
    "judging:conflicts": _row(
        "get", lambda w: {"panel_id": w.panel.pk}, {"judge": 200, "other_judge": 200}, LOGIN
    ),
    "judging:review": _row("get", lambda w: {"pk": w.assignment.pk}, {"judge": 200}, LOGIN),
    "judging:autosave": _row("post", lambda w: {"pk": w.assignment.pk}, {"judge": 200}, LOGIN),
    "judging:attachment": _row(
        "get", lambda w: {"pk": w.assignment.pk, "number": 1}, {"judge": 200}, LOGIN
    ),
    "judging:reopen": _row("post", lambda w: {"pk": w.other_review.pk}, {}, LOGIN),
    "judging:dashboard": _row("get", lambda w: {"pk": w.round.pk}, {"staff": 200}, LOGIN),
    "judging:export": _row(
        "get", lambda w: {"pk": w.round.pk, "by": "entry", "fmt": "csv"}, {"staff": 200}, LOGIN
    ),
    "judging:consensus_note": _row(
        "post", lambda w: {"pk": w.round.pk, "submission_id": w.submission.pk}, {}, LOGIN
    ),
    "judging:invitation": _row("get", lambda w: {"token": "not-a-token"}, {}, LOGIN),
    # awards (in progress elsewhere): the list for staff; unknown ids are 404 for everyone
    "judging:award_policies": _row("get", lambda w: {}, {"staff": 200}, LOGIN),
    "judging:award_policy": _row("get", lambda w: {"pk": MISSING}, {}, LOGIN),
    "judging:award_run": _row("get", lambda w: {"pk": MISSING}, {}, LOGIN),
    "judging:award_run_policy": _row("get", lambda w: {"pk": MISSING}, {}, LOGIN),
    "judging:award_run_entries": _row("get", lambda w: {"pk": MISSING}, {}, LOGIN),
    "judging:award_run_result": _row("get", lambda w: {"pk": MISSING}, {}, LOGIN),
    "judging:results": _row("get", lambda w: {"page_id": w.call.pk}, {}),
    "judging:appeal": _row("post", lambda w: {"page_id": w.call.pk, "decision_id": MISSING}, {}),
    # open data of published results: nothing is published in this world
    "judging:call_results_csv": _row("get", lambda w: {"page_id": w.call.pk}, {}),
    "judging:call_results_json": _row("get", lambda w: {"page_id": w.call.pk}, {}),
    "judging:results_csv": _row("get", lambda w: {}, dict.fromkeys(ROLES, 200), anonymous=200),
    "judging:results_json": _row("get", lambda w: {}, dict.fromkeys(ROLES, 200), anonymous=200),
    # sponsors: signed-in pages; the form only for an owner or editor of the organisation
    "judging:sponsor_home": _row("get", lambda w: {}, SIGNED_IN, LOGIN),
    "judging:sponsor_thanks": _row("get", lambda w: {}, {}, LOGIN),
    "judging:sponsor_new": _row(
        "get", lambda w: {"organisation_id": w.org_a.pk}, dict.fromkeys(EDITORS, 200), LOGIN
    ),
    # payouts: only an organisation with a published award has a payee page (none here)
    "judging:payee": _row("get", lambda w: {"organisation_id": w.org_a.pk}, {}, LOGIN),
    "judging:payee_onboard": _row("post", lambda w: {"organisation_id": w.org_a.pk}, {}, LOGIN),
    "judging:payee_refresh": _row("get", lambda w: {"organisation_id": w.org_a.pk}, {}, LOGIN),
    "judging:payee_return": _row("get", lambda w: {"organisation_id": w.org_a.pk}, {}, LOGIN),
    # unsigned webhook: refused for everyone
    "judging:stripe_webhook": _row("post", lambda w: {}, dict.fromkeys(ROLES, 400), anonymous=400),
}


def app_url_names(*namespaces: str) -> set[str]:
    """Every named URL of the given namespaces, read from the URLconf."""
    names = set()
    for namespace in namespaces:
        _prefix, resolver = get_resolver().namespace_dict[namespace]
        names |= {f"{namespace}:{n}" for n in resolver.reverse_dict if isinstance(n, str)}
    return names


def test_every_submissions_and_judging_url_has_a_matrix_row():
    assert app_url_names("submissions", "judging") == set(MATRIX)


def test_idor_matrix(client, world):
    """One world for all roles (building it is the slow part); organisation A's owner goes last
    and its destructive rows (remove, withdraw) last of all."""
    wrong = []
    order = sorted(MATRIX, key=lambda n: n.endswith(("_remove", "withdraw")))
    for role in sorted(ROLES, key=lambda r: r == "member_a"):
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        for name in order:
            row = MATRIX[name]
            with translation.override("en"):
                url = reverse(name, kwargs=row["kwargs"](world))
            response = getattr(client, row["method"])(url)
            expected = row["anonymous"] if role == "anonymous" else row["allowed"].get(role, 404)
            if expected == LOGIN:
                ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
            else:
                ok = response.status_code == expected
            if not ok:
                wrong.append((role, name, url, expected, response.status_code))
    assert wrong == []
