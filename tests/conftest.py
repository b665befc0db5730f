from __future__ import annotations

import os

import pytest
from django.conf import settings

from cms.celery import app as celery_app


@pytest.fixture(autouse=True)
def _celery_mode(request):
    """Tasks run in-process unless a test asks for the real worker on the configured broker."""
    if request.node.get_closest_marker("real_worker"):
        if not settings.CELERY_BROKER_URL:
            pytest.skip("needs CELERY_BROKER_URL (runs in CI's PostgreSQL and Redis pass)")
        celery_app.conf.task_always_eager = False
        yield
    else:
        celery_app.conf.task_always_eager = True
        yield
    celery_app.conf.task_always_eager = not settings.CELERY_BROKER_URL


@pytest.fixture(autouse=True)
def _reset_language():
    """A request to /en/... leaves English active in this thread; don't leak it to other tests."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached fragments must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield


def pytest_collection_modifyitems(config, items):
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
    for item in items:
        if item.get_closest_marker("postgres") and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)"))
