from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from cms.formatting import format_vnd


@pytest.mark.parametrize(
    ("amount", "language", "text"),
    [
        (30_000_000, "vi", "30.000.000\u00a0₫"),
        (30_000_000, "en", "VND\u00a030,000,000"),
        (0, "vi", "0\u00a0₫"),
        (999, "en", "VND\u00a0999"),
        (1_000, "vi", "1.000\u00a0₫"),
        (-2_500_000, "en", "VND\u00a0-2,500,000"),
    ],
)
def test_format_vnd_by_language(amount, language, text):
    assert format_vnd(amount, language) == text


def test_format_vnd_refuses_floats():
    with pytest.raises(TypeError):
        format_vnd(1.5, "vi")


@given(st.integers(min_value=0, max_value=10**15))
def test_format_vnd_round_trips_digits(amount):
    vi = format_vnd(amount, "vi")
    assert int(vi.removesuffix("\u00a0₫").replace(".", "")) == amount


def test_vnd_filter_follows_the_active_language():
    template = Template("{% load cms_tags %}{{ amount|vnd }}")
    with translation.override("en"):
        assert template.render(Context({"amount": 12_500_000_000})) == "VND\u00a012,500,000,000"
    with translation.override("vi"):
        assert template.render(Context({"amount": 12_500_000_000})) == "12.500.000.000\u00a0₫"
