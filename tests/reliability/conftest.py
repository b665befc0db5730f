"""Fault tests: they need the real services (CI pass 2: PostgreSQL and Redis)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from cms.celery import app
from tests.factories import build_site
from tests.submissions.conftest import challenge, people, private_storage  # noqa: F401

CLOSED_BROKER = "redis://127.0.0.1:1/0"


def _drop_broker_pools() -> None:
    """The app caches its connection and producer pools; make the next publish reconnect."""
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_down() -> Iterator[None]:
    """Point publishing at a closed port, as if Redis had stopped. The real server is untouched.

    Celery reads ``CELERY_BROKER_URL`` from the environment before its own setting, so both move.
    """
    saved_env = os.environ.get("CELERY_BROKER_URL")
    saved = {
        key: app.conf[key]
        for key in ("broker_url", "broker_connection_timeout", "broker_connection_max_retries")
    }
    os.environ["CELERY_BROKER_URL"] = CLOSED_BROKER
    app.conf.update(
        broker_url=CLOSED_BROKER, broker_connection_timeout=1, broker_connection_max_retries=0
    )
    _drop_broker_pools()
    try:
        yield
    finally:
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        app.conf.update(saved)
        _drop_broker_pools()


def pytest_runtest_setup(item: pytest.Item) -> None:
    """``fault`` tests start their own services and take minutes: only ``make faults`` runs them."""
    if item.get_closest_marker("fault") and not os.environ.get("QNOI_FAULTS"):
        pytest.skip("slow fault test (starts its own services): run it with `make faults`")


@pytest.fixture
def site(transactional_db) -> dict:
    """The submissions site; a transactional test's flush took Wagtail's root page, so restore it."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

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
    return build_site()


@pytest.fixture
def empty_queue():
    """Nothing left over on the test broker from an earlier test."""
    app.control.purge()
    yield
    app.control.purge()


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()
