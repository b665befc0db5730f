import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment
from hypothesis import given, settings
from hypothesis import strategies as st

from submissions.sanitize import (
    ALLOWED_TAGS,
    LINK_REL,
    clean_html,
    clean_text,
    html_to_text,
)

pytestmark = pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")

PAYLOAD_FILE = Path(__file__).resolve().parent.parent / "data" / "xss_payloads.txt"
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "f": "\f", "0": "\0", "\\": "\\"}
FORBIDDEN_TAGS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "img",
    "base",
    "meta",
    "link",
    "form",
    "template",
    "noscript",
}


def _decode(line: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), line)


def load_payloads() -> list[str]:
    lines = PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    return [_decode(line) for line in lines if line.strip() and not line.startswith("#")]


PAYLOADS = load_payloads()


def assert_safe(output: str) -> None:
    soup = BeautifulSoup(output, "html.parser")
    assert not soup.find_all(string=lambda s: isinstance(s, Comment))
    for element in soup.find_all(True):
        assert element.name in ALLOWED_TAGS, element.name
        assert element.name not in FORBIDDEN_TAGS
        for name in element.attrs:
            assert not name.lower().startswith("on"), (name, output)
            assert name in ("href", "rel"), (name, output)
        if element.name == "a":
            assert element["rel"] == LINK_REL.split()
            href = element.get("href")
            if href is not None:
                assert href.strip().lower().startswith(("http:", "https:", "mailto:")), href


def test_payload_corpus_has_at_least_120_entries():
    assert len(PAYLOADS) >= 120


@pytest.mark.parametrize("payload", PAYLOADS)
def test_clean_html_payload_is_neutralised(payload):
    output = clean_html(payload)

    assert_safe(output)
    assert "alert(1)</script" not in output.lower()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_clean_html_payload_is_idempotent(payload):
    once = clean_html(payload)

    assert clean_html(once) == once


@pytest.mark.parametrize(
    "markup",
    [
        "<p>Hi <strong>there</strong></p>",
        "<h2>Title</h2><h3>Sub</h3><h4>Subsub</h4>",
        "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>",
        "<p><em>a</em> <b>b</b> <i>c</i> <u>d</u> <s>e</s> x<sub>2</sub> y<sup>3</sup></p>",
        "<blockquote><p>quoted</p></blockquote><hr><p>line<br>break</p>",
        "<pre><code>x = 1\ny = 2</code></pre>",
        "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>",
        '<p><a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener">x</a></p>',
        "<p>Fish &amp; chips &lt;3 caf\u00e9 \u2014 \u65e5\u672c</p>",
    ],
)
def test_clean_html_allowed_markup_is_unchanged(markup):
    assert clean_html(markup) == markup


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            '<a href="https://example.org" target="_blank" rel="opener">x</a>',
            '<a href="https://example.org" rel="nofollow noopener">x</a>',
        ),
        (
            '<a href="mailto:jo@example.org">mail</a>',
            '<a href="mailto:jo@example.org" rel="nofollow noopener">mail</a>',
        ),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="nofollow noopener">x</a>'),
        ('<a href="/relative">x</a>', '<a rel="nofollow noopener">x</a>'),
        ('<a href="ftp://example.org">x</a>', '<a rel="nofollow noopener">x</a>'),
        ('<p style="color:red" class="c" id="i">x</p>', "<p>x</p>"),
        ("before<script>alert(1)</script>after", "beforeafter"),
        ("<style>p { color: red }</style>text", "text"),
        ("<div><span>kept</span> text</div>", "kept text"),
        ("<h1>big</h1>", "big"),
        ("<img src=x onerror=alert(1)>caption", "caption"),
        ("a<!-- secret -->b", "ab"),
        ("<p onclick=alert(1)>x</p>", "<p>x</p>"),
        ("<svg><text>drawn</text></svg>plain", "plain"),
        ("x < y & z", "x &lt; y &amp; z"),
        ("ctrl\x00\x07char", "ctrlchar"),
        ("<table><tr><td>a</td></tr></table>", "<table><tbody><tr><td>a</td></tr></tbody></table>"),
        ("", ""),
    ],
)
def test_clean_html_worked_examples(source, expected):
    assert clean_html(source) == expected


def test_clean_html_pre_leading_newline_is_preserved():
    once = clean_html("<pre>\n\ncode</pre>")

    assert clean_html(once) == once
    assert BeautifulSoup(once, "html.parser").pre.get_text() in ("\ncode", "\n\ncode")


_TAGS = sorted(ALLOWED_TAGS | {"script", "style", "div", "img", "svg", "math", "noscript"})
_TAGS += ["template", "textarea", "title", "xmp", "iframe", "select", "option", "plaintext"]
_ATTRS = ["href", "src", "onerror", "onclick", "style", "class", "title", "rel", "target"]
_VALUES = [
    "https://example.org/?a=1&b=2",
    "javascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "mailto:x@example.org",
    "x\"y'z",
    "</p><script>",
    "&amp;lt;",
    "",
]
_TEXT_BITS = [
    "&amp;",
    "&lt;",
    "&gt;",
    "&#60;",
    "&#x3c;",
    "&nbsp;",
    "&foo;",
    "&",
    "<",
    ">",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "</",
    "\n",
    " ",
    "\t",
    "\r",
    "\u00e9",
    "\u202e",
    "\ufeff",
    "\x00",
    "=",
    '"',
    "'",
    "`",
]


@st.composite
def html_ish(draw) -> str:
    pieces = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.sampled_from(["open", "close", "text", "bit", "void"]))
        if kind == "open":
            tag = draw(st.sampled_from(_TAGS))
            attrs = draw(
                st.lists(st.tuples(st.sampled_from(_ATTRS), st.sampled_from(_VALUES)), max_size=3)
            )
            quoted = "".join(f' {name}="{value}"' for name, value in attrs)
            pieces.append(f"<{tag}{quoted}>")
        elif kind == "close":
            pieces.append(f"</{draw(st.sampled_from(_TAGS))}>")
        elif kind == "void":
            pieces.append(draw(st.sampled_from(["<br>", "<hr/>", "<img src=x>", "<br/>"])))
        elif kind == "bit":
            pieces.append(draw(st.sampled_from(_TEXT_BITS)))
        else:
            pieces.append(draw(st.text(max_size=8)))
    return "".join(pieces)


@settings(max_examples=600, deadline=None)
@given(html_ish())
def test_clean_html_is_idempotent_on_html_ish_strings(source):
    once = clean_html(source)

    assert clean_html(once) == once
    assert_safe(once)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_html_is_idempotent_on_any_text(source):
    once = clean_html(source)

    assert clean_html(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="<>&\r\x0c"), max_size=40))
def test_clean_html_keeps_plain_words(source):
    words = clean_text(source).split()

    assert html_to_text(source).split() == words


@pytest.mark.parametrize(
    ("source", "multiline", "expected"),
    [
        ("  Hello\x00 world\x07 ", False, "Hello world"),
        ("a\r\nb\rc", True, "a\nb\nc"),
        ("line one\nline two\tend", False, "line one line two end"),
        ("evil\u202egnp.exe", False, "evilgnp.exe"),
        ("trailing   \nspace", True, "trailing\nspace"),
    ],
)
def test_clean_text_examples(source, multiline, expected):
    assert clean_text(source, multiline=multiline) == expected


def test_html_to_text_renders_structure():
    source = (
        "<h2>Title</h2><p>Hello  <b>world</b>\n again</p>"
        "<ul><li>a</li><li>b<ol><li>c</li></ol></li></ul>"
        '<p>See <a href="https://example.org">site</a> or '
        '<a href="mailto:jo@example.org">jo@example.org</a>.</p>'
        "<script>alert(1)</script>"
    )

    assert html_to_text(source) == (
        "Title\n\nHello world again\n\n- a\n- b\n  1. c\n\n"
        "See site (https://example.org) or jo@example.org."
    )
