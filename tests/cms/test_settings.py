"""The one settings module, read from the environment in a fresh interpreter each time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"],
    "health": db.get("CONN_HEALTH_CHECKS"),
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "cache": settings.CACHES["default"]["BACKEND"],
    "email": settings.EMAIL_BACKEND,
    "debug": settings.DEBUG,
    "acks_late": settings.CELERY_TASK_ACKS_LATE,
    "reject_on_worker_lost": settings.CELERY_TASK_REJECT_ON_WORKER_LOST,
    "prefetch": settings.CELERY_WORKER_PREFETCH_MULTIPLIER,
    "visibility_timeout": settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"],
    "time_limit": settings.CELERY_TASK_TIME_LIMIT,
}))
"""
SERVICE_VARS = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CACHE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "CELERY_RESULT_BACKEND",
)


def run_python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SERVICE_VARS}
    clean.update({"DJANGO_SETTINGS_MODULE": "cms.settings", "DJANGO_VAR_DIR": str(tmp_path)}, **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def probe(tmp_path: Path, **env: str) -> dict:
    result = run_python(PROBE, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_settings_without_environment_run_embedded(tmp_path):
    values = probe(tmp_path)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["eager"] is True
    assert values["broker"] == ""
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert values["debug"] is False
    # The embedded default keeps a generated key, private to its owner.
    key_file = tmp_path / "secret_key"
    assert len(key_file.read_text()) >= 50
    assert key_file.stat().st_mode & 0o077 == 0


def test_settings_with_services_switch_to_postgres_redis_and_worker(tmp_path):
    values = probe(
        tmp_path,
        DATABASE_URL="postgres://qn@127.0.0.1:5432/qn",
        DJANGO_SECRET_KEY="k" * 60,
        CELERY_BROKER_URL="redis://127.0.0.1:6379/1",
        CACHE_URL="redis://127.0.0.1:6379/2",
        EMAIL_URL="smtp+tls://user:pw@mail.example.org:587",
    )
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["health"] is True
    assert values["eager"] is False
    assert values["broker"] == "redis://127.0.0.1:6379/1"
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_celery_settings_are_safe_for_redelivery(tmp_path):
    values = probe(tmp_path)
    assert values["acks_late"] is True
    assert values["reject_on_worker_lost"] is True
    assert values["prefetch"] == 1
    assert values["visibility_timeout"] > values["time_limit"]


def test_settings_refuse_production_database_without_a_secret_key(tmp_path):
    result = run_python(PROBE, tmp_path, DATABASE_URL="postgres://qn@127.0.0.1:5432/qn")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_deploy_check_passes_with_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARS} | {
        "DJANGO_SECRET_KEY": "a-real-secret-key-" + "x9Q2" * 15,
        "DJANGO_ALLOWED_HOSTS": "sangtao.quangninh.gov.vn",
        "DJANGO_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_public_page_sends_security_headers_and_strict_csp(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
