"""Public pages under load: requests per second and p50/p99 latency, against a static file.

Builds a throwaway site in a temporary directory (SQLite there, or with ``DATABASE_URL`` pointing
at PostgreSQL a throwaway database on that server), migrates it, loads the demo content
(``seed_demo``) and collects the static files into the temporary ``STATIC_ROOT``. It then serves it
as in production: gunicorn with 2 (sync) workers, ``cms.settings`` with DEBUG off, the hashed and
compressed static files served by WhiteNoise from the same gunicorn, HTTPS as seen through a proxy
(``X-Forwarded-Proto``). 16 client connections (threads with ``http.client``, reconnecting when the
server closes) then ask for each URL in turn: the home page, the problems index, a problem page, a
contest page and the main stylesheet, each after a warm-up. It prints one row per URL with req/s,
p50 and p99 latency, the Cache-Control it got, and its req/s as a share of the static file's.
Nothing is written into the repository.

    python bench/public_pages.py                           # 10 s per URL after 2 s of warm-up
    python bench/public_pages.py --duration 2 --warmup 1   # a quick check
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/public_pages.py
"""

from __future__ import annotations

import argparse
import http.client
import io
import logging
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from _support import admin_sql, free_port  # bench/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
CONCURRENCY = 16
HEADERS = {
    "X-Forwarded-Proto": "https",  # as behind the TLS-terminating proxy of a deployment
    "Accept": "text/html,*/*;q=0.8",
    "Accept-Encoding": "gzip",
    "Accept-Language": "vi",
    "User-Agent": "qnoi-bench/1",
}


def prepare() -> dict[str, str]:
    """Migrate, seed the demo content, collect static files; return the page paths to load."""
    import django

    django.setup()
    from django.core.management import call_command

    logging.disable(logging.WARNING)  # the seeding's page and task log lines
    try:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("seed_demo", stdout=io.StringIO())
        call_command("collectstatic", verbosity=0, interactive=False)
    finally:
        logging.disable(logging.NOTSET)
    from wagtail.models import Locale

    from challenges.models import ChallengeIndexPage, ChallengePage, ContestPage

    default = Locale.get_default()
    problems = ChallengePage.objects.live().public().filter(locale=default).order_by("code")
    contests = ContestPage.objects.live().public().filter(locale=default).order_by("opens_at")
    index = ChallengeIndexPage.objects.live().public().filter(locale=default).first()
    paths = {
        "home": "/",
        "problems index": urlparse(index.url).path,
        "problem page": urlparse(problems.first().url).path,
        "contest page": urlparse(contests.first().url).path,
    }
    from django.db import connections

    connections.close_all()
    return paths


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    last: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _client(port: int, path: str, until: float, tally: Tally) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, errors = [], []
    finished = 0.0
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=HEADERS)
            response = conn.getresponse()
            response.read()  # the connection reopens by itself when the server closes it
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            errors.append(f"{type(exc).__name__}: {exc}")
            continue
        latencies.append(time.perf_counter() - started)
        finished = time.monotonic()
        if response.status != 200:
            errors.append(f"HTTP {response.status}")
    conn.close()
    with tally.lock:
        tally.latencies.extend(latencies)
        tally.errors.extend(errors)
        tally.last = max(tally.last, finished)


def load(port: int, path: str, *, seconds: float, concurrency: int) -> tuple[Tally, float]:
    tally = Tally()
    started = time.monotonic()
    until = started + seconds
    threads = [
        threading.Thread(target=_client, args=(port, path, until, tally))
        for _ in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, max(tally.last - started, 1e-9)


def _get(port: int, path: str) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=HEADERS)
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


def _wait_until_up(port: int) -> None:
    for _ in range(150):
        try:
            if _get(port, "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _stylesheet(port: int) -> str:
    html = _get(port, "/").body.decode()
    found = re.search(r'href="(/static/cms/css/site\.[0-9a-f]{12}\.css)"', html)
    if not found:
        raise RuntimeError("no hashed stylesheet on the home page: are static files collected?")
    return found.group(1)


def _percentile(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(p * len(values)))] * 1000 if values else float("nan")


def measure(port: int, paths: dict[str, str], *, duration: float, warmup: float, conc: int) -> int:
    rows = []
    for name, path in paths.items():
        first = _get(port, path)
        if first.status != 200:
            print(f"{name} {path}: HTTP {first.status}; stopping")
            return 1
        cache = first.getheader("Cache-Control", "-")
        load(port, path, seconds=warmup, concurrency=conc)
        tally, elapsed = load(port, path, seconds=duration, concurrency=conc)
        latencies = sorted(tally.latencies)
        rows.append(
            (
                name,
                path,
                len(latencies) / elapsed,
                _percentile(latencies, 0.50),
                _percentile(latencies, 0.99),
                len(tally.errors),
                cache,
                len(first.body),
            )
        )
        for error in sorted(set(tally.errors))[:3]:
            print(f"  {name}: {error}")
    static_rate = rows[-1][2]
    print(
        f"\n{'URL':<16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
        f"{'÷ static':>9} {'bytes':>8}  Cache-Control · path"
    )
    for name, path, rate, p50, p99, errors, cache, size in rows:
        print(
            f"{name:<16} {rate:>8.0f} {p50:>8.1f} {p99:>8.1f} {errors:>7} "
            f"{rate / static_rate:>9.3f} {size:>8}  {cache} · {path}"
        )
    return 0 if all(row[5] == 0 for row in rows) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--duration", type=float, default=float(os.environ.get("BENCH_DURATION", 10))
    )
    parser.add_argument("--warmup", type=float, default=float(os.environ.get("BENCH_WARMUP", 2)))
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="qnoi-pages-"))
    admin_url = os.environ.get("DATABASE_URL", "").strip()
    postgres = admin_url.startswith(("postgres://", "postgresql://"))
    name = f"qnoi_pages_{os.getpid()}"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CELERY_BROKER_URL", "CACHE_URL", "REDIS_URL", "EMAIL_URL", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
        DJANGO_VAR_DIR=str(tmp),
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp / "private"),
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        PYTHONPATH=str(ROOT),
    )
    if postgres:
        env["DATABASE_URL"] = urlunparse(urlparse(admin_url)._replace(path=f"/{name}"))
        admin_sql(admin_url, f'CREATE DATABASE "{name}"')
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    server = None
    try:
        started = time.perf_counter()
        paths = prepare()
        print(
            f"migrated, seeded the demo and collected static files "
            f"({'PostgreSQL' if postgres else 'SQLite'}) in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "cms.wsgi:application", "--workers", str(WORKERS)]
        command += ["--bind", f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning"]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
        _wait_until_up(port)
        paths["static file"] = _stylesheet(port)
        print(
            f"gunicorn {WORKERS} sync workers, DEBUG off, {args.concurrency} connections, "
            f"{args.duration:g} s per URL after {args.warmup:g} s warm-up; "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before",
            flush=True,
        )
        return measure(
            port, paths, duration=args.duration, warmup=args.warmup, conc=args.concurrency
        )
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
        if postgres:
            from django.db import connections

            connections.close_all()
            admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
