"""An allocation run's stored inputs downloaded by staff re-run to the stored hashes with
``simulate_awards`` in a process that has no database; the allocation modules are pure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from judging import awards
from tests.factories import UserFactory
from tests.judging.award_support import WORKED_SCORES, add_entry, judged_call, make_policy
from tests.judging.factories import PanelMemberFactory

ROOT = Path(__file__).resolve().parents[2]
NO_DATABASE = "postgres://nobody@127.0.0.1:1/none"
PARTS = ("policy", "entries", "result")


def en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def without_database(*args: str) -> subprocess.CompletedProcess[str]:
    """``manage.py`` in a fresh process whose only database cannot be reached."""
    env = {
        **os.environ,
        "DATABASE_URL": NO_DATABASE,
        "DJANGO_SECRET_KEY": "run-exports-test-key-0123456789abcdefghijklmnopqrstuvwxyz",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.fixture
def approved_run(site):
    judged = judged_call(site, "P41")
    for score in WORKED_SCORES:
        add_entry(judged, score)
    run = awards.allocation_start(policy=make_policy(judged.call), actor=judged.staff)
    awards.allocation_approve(run=run, actor=judged.second_staff)
    run.refresh_from_db()
    return judged, run


@pytest.mark.django_db
def test_staff_download_reruns_to_the_stored_hashes_without_a_database(
    client, approved_run, tmp_path
):
    judged, run = approved_run
    client.force_login(judged.second_staff)
    files = {}
    for part in PARTS:
        response = client.get(en(f"judging:award_run_{part}", pk=run.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Content-Disposition"] == (
            f'attachment; filename="allocation-run-{run.pk}-{part}.json"'
        )
        assert response["Cache-Control"] == "private, no-store"
        files[part] = tmp_path / f"{part}.json"
        files[part].write_bytes(response.content)
    assert run.approved_at is not None
    assert run.result_json["spent"] == 100_000_000

    # The environment really points at no database: a command that needs one fails.
    control = without_database("showmigrations", "judging")
    assert control.returncode != 0
    assert "OperationalError" in control.stderr

    completed = without_database(
        "simulate_awards", "--policy", str(files["policy"]), "--entries", str(files["entries"])
    )

    assert completed.returncode == 0, completed.stderr
    rerun = json.loads(completed.stdout)
    assert (rerun["input_hash"], rerun["result_hash"]) == (run.input_hash, run.result_hash)
    assert json.loads(files["result"].read_text(encoding="utf-8")) == rerun


@pytest.fixture
def roles(approved_run):
    judged, _run = approved_run
    judge = judged.judges[0]
    PanelMemberFactory(panel=judged.round.panel, user=judge)
    return {
        "anonymous": None,
        "member": judged.members[0],
        "other": UserFactory(email="other-p41@firm.example"),
        "judge": judge,
        "staff": judged.staff,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 404), ("other", 404), ("judge", 404), ("staff", 200)],
)
def test_run_downloads_are_staff_only(client, approved_run, roles, role, status):
    _judged, run = approved_run
    if roles[role] is not None:
        client.force_login(roles[role])
    for part in PARTS:
        response = client.get(en(f"judging:award_run_{part}", pk=run.pk))
        assert response.status_code == status, part
        if status == 302:
            assert "/accounts/login/" in response["Location"]
        if status != 200:
            assert run.input_hash.encode() not in response.content


@pytest.mark.django_db
def test_run_downloads_of_an_unknown_run_are_404_for_staff(client, approved_run):
    judged, run = approved_run
    client.force_login(judged.staff)
    for part in PARTS:
        assert client.get(en(f"judging:award_run_{part}", pk=run.pk + 1000)).status_code == 404


@pytest.mark.django_db
def test_run_exports_include_links_the_three_files_and_explains_the_rerun(approved_run):
    _judged, run = approved_run
    with translation.override("en"):
        html = render_to_string("judging/awards/_run_exports.html", {"run": run})
    for part in PARTS:
        assert f'href="/en/judging/awards/runs/{run.pk}/{part}.json"' in html
    assert "re-run this allocation with <code>python manage.py simulate_awards</code>" in html
    assert "the hashes must match" in html


def test_allocation_and_aggregation_import_no_django():
    code = (
        "import judging.allocation, judging.aggregation, sys; "
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "assert not loaded, loaded"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
