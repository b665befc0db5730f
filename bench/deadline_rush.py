"""Deadline rush: 500 submissions by 50 concurrent clients against gunicorn on PostgreSQL.

Needs ``DATABASE_URL`` (a PostgreSQL server it may create a database on). It creates a throwaway
database, migrates it, seeds one open call with 50 organisations (an owner each, 10 complete
drafts each), starts gunicorn on 127.0.0.1, and has 50 clients (one per owner, each logged in
through the allauth form with its CSRF token) submit every draft, every 10th with a double click
(two POSTs). It prints errors, lost submissions, duplicate versions and latency percentiles, then stops
gunicorn and drops the database. Files go to a temporary directory; nothing is written here.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/deadline_rush.py
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from _support import admin_sql, free_port  # bench/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 50
DRAFTS_PER_CLIENT = 10
PASSWORD = "rush-Password-2026!"  # noqa: S105 - a throwaway database's users
DOUBLE_CLICK_EVERY = 10  # every 10th draft is submitted with a double click (two POSTs)
TIME_BUDGET = 60.0  # seconds for the whole rush; clients stop sending after it
SETTINGS = """
from cms.settings import *  # noqa: F403

ACCOUNT_RATE_LIMITS = False  # 50 logins from one IP in seconds is the point here
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""


def seed() -> list[tuple[str, list[int]]]:
    """One open call, 50 organisations with an owner and 10 complete drafts each."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    from submissions import actions
    from submissions.enums import MemberRole
    from tests.factories import ChallengePageFactory, UserFactory, build_site
    from tests.submissions.factories import (
        MembershipFactory,
        OrganisationFactory,
        SubmissionFactory,
    )
    from tests.submissions.test_uploads import make_pdf

    Locale.objects.get_or_create(language_code="vi")
    if Page.get_first_root_node() is None:
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                content_type=ContentType.objects.get_for_model(Page),
                url_path="/",
            )
        )
    site = build_site()
    call = ChallengePageFactory(parent=site["index"], code="P50", slug="p50")
    pdf = make_pdf()
    clients = []
    for i in range(CLIENTS):
        email = f"owner{i}@rush.example"
        user = UserFactory(email=email, password=PASSWORD)
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(user=user, email=email, verified=True, primary=True)
        organisation = OrganisationFactory(name=f"Rush {i}")
        MembershipFactory(organisation=organisation, user=user, role=MemberRole.OWNER)
        drafts = []
        for _ in range(DRAFTS_PER_CLIENT):
            draft = SubmissionFactory(call=call, organisation=organisation)
            actions.attachment_add(submission=draft, name="plan.pdf", data=pdf, user=user)
            drafts.append(draft.pk)
        clients.append((email, drafts))
    return clients


def client_run(base: str, email: str, drafts: list[int], deadline: float, out: dict) -> None:
    import requests

    session = requests.Session()
    login = f"{base}/en/accounts/login/"
    page = session.get(login, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        login,
        data={"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD},
        headers={"Referer": login},
        timeout=30,
        allow_redirects=False,
    )
    if response.status_code != 302:
        out["errors"].append(f"{email}: login {response.status_code}")
        return
    token = session.cookies["csrftoken"]
    for index, pk in enumerate(drafts):
        url = f"{base}/en/submissions/{pk}/review/"
        for _click in range(2 if index % DOUBLE_CLICK_EVERY == 0 else 1):
            if time.monotonic() > deadline:
                out["late"].add(pk)
                return
            started = time.perf_counter()
            try:
                response = session.post(
                    url,
                    data={"csrfmiddlewaretoken": token},
                    headers={"Referer": url},
                    timeout=30,
                    allow_redirects=False,
                )
            except requests.RequestException as exc:
                out["errors"].append(f"{pk}: {exc}")
                continue
            out["latencies"].append(time.perf_counter() - started)
            if response.status_code == 302 and "/versions/" in response.headers["Location"]:
                out["accepted"].add(pk)
            else:
                out["errors"].append(f"{pk}: HTTP {response.status_code}")


def main() -> int:
    admin_url = os.environ.get("DATABASE_URL", "")
    if not admin_url.startswith(("postgres://", "postgresql://")):
        print("deadline_rush: skipped (needs DATABASE_URL pointing at PostgreSQL)")
        return 0
    name = f"qnoi_rush_{os.getpid()}"
    parsed = urlparse(admin_url)
    db_url = urlunparse(parsed._replace(path=f"/{name}"))
    tmp = Path(tempfile.mkdtemp(prefix="qnoi-rush-"))
    (tmp / "rush_settings.py").write_text(SETTINGS)
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CELERY_BROKER_URL", "CACHE_URL", "REDIS_URL", "EMAIL_URL"}
    }
    env.update(
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE="rush_settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp / "private"),
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        PYTHONPATH=os.pathsep.join([str(tmp), str(ROOT)]),
    )
    os.environ.update(env)
    sys.path[:0] = [str(tmp), str(ROOT)]
    admin_sql(admin_url, f'CREATE DATABASE "{name}"')
    server = None
    try:
        started = time.perf_counter()
        clients = seed()
        print(
            f"seeded {CLIENTS} organisations × {DRAFTS_PER_CLIENT} drafts "
            f"in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        from django.db import connections

        connections.close_all()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        server = subprocess.Popen(
            [
                str(gunicorn),
                "cms.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "4",
                "--threads",
                "4",
                "--worker-class",
                "gthread",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base)
        out: dict = {"latencies": [], "errors": [], "accepted": set(), "late": set()}
        deadline = time.monotonic() + TIME_BUDGET
        threads = [
            threading.Thread(target=client_run, args=(base, email, drafts, deadline, out))
            for email, drafts in clients
        ]
        rush_started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIME_BUDGET + 60)
        elapsed = time.perf_counter() - rush_started
        return _report(out, elapsed, [pk for _e, drafts in clients for pk in drafts])
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
        from django.db import connections

        connections.close_all()
        admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)


def _wait_until_up(base: str) -> None:
    import requests

    for _ in range(100):
        try:
            requests.get(f"{base}/en/accounts/login/", timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _report(out: dict, elapsed: float, drafts: list[int]) -> int:
    from django.db.models import Count

    from cms.models import OutboxMessage
    from submissions.enums import SubmissionStatus
    from submissions.models import SentEmail, Submission

    submitted = set(
        Submission.objects.filter(pk__in=drafts, status=SubmissionStatus.SUBMITTED).values_list(
            "pk", flat=True
        )
    )
    counts = Submission.objects.filter(pk__in=drafts).annotate(n=Count("versions"))
    duplicates = sum(max(row.n - 1, 0) for row in counts)
    lost = len(out["accepted"] - submitted)  # answered "submitted" but not in the database
    latencies = sorted(out["latencies"])

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    print(
        f"requests {len(latencies)} (submits of {len(drafts)} drafts, every "
        f"{DOUBLE_CLICK_EVERY}th clicked twice) "
        f"by {CLIENTS} clients in {elapsed:.1f} s = {len(latencies) / elapsed:.0f} req/s"
    )
    print(
        f"errors {len(out['errors'])}, lost submissions {lost}, duplicate versions {duplicates}, "
        f"submitted {len(submitted)}/{len(drafts)}, not reached in time {len(out['late'])}"
    )
    print(
        f"receipts claimed {SentEmail.objects.filter(key__startswith='receipt:').count()}, "
        f"outbox unsent {OutboxMessage.objects.filter(sent_at=None).count()}"
    )
    if latencies:
        print(
            f"latency ms: p50 {pct(0.50):.0f}, p95 {pct(0.95):.0f}, p99 {pct(0.99):.0f}, "
            f"max {latencies[-1] * 1000:.0f}, mean {statistics.mean(latencies) * 1000:.0f}"
        )
    for line in out["errors"][:10]:
        print("  error:", line)
    ok = not out["errors"] and not out["late"] and lost == 0 and duplicates == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
