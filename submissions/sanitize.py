"""The one sanitiser for user-supplied HTML and text.

Invariants:

* Output of :func:`clean_html` contains only the elements in ``ALLOWED_TAGS``,
  only ``href`` (http/https/mailto) and a forced ``rel`` on links, no comments,
  and no content of ``script``/``style`` (and other executable or raw-text
  containers listed in ``DROPPED_WITH_CONTENT``).
* :func:`clean_html` is idempotent: ``clean_html(clean_html(x)) == clean_html(x)``.
  The parser can rewrite a serialised tree (e.g. ``<pre>`` eats a leading
  newline), so cleaning runs to a fixed point, bounded by ``_MAX_PASSES``.

Pure module: no Django imports.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from bleach import html5lib_shim
from bleach.sanitizer import Cleaner

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        # structure
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "pre",
        "code",
        "hr",
        # lists
        "ul",
        "ol",
        "li",
        # emphasis
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        # links
        "a",
        # simple tables
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)

#: Elements removed together with everything inside them. They are let through
#: the tokenizer (so the tree builder knows where they end) and then dropped.
DROPPED_WITH_CONTENT: frozenset[str] = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "noembed",
        "noframes",
        "object",
        "applet",
        "svg",
        "math",
    }
)

ALLOWED_URL_SCHEMES: tuple[str, ...] = ("http:", "https:", "mailto:")
LINK_REL = "nofollow noopener"

_MAX_PASSES = 6

# C0 controls except TAB, LF, CR; DEL and C1 controls; surrogates.
_HTML_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Bidi embedding/override/isolate controls and BOM, used to spoof text direction.
_BIDI_RE = re.compile("[\u202a-\u202e\u2066-\u2069\ufeff]")
_URL_NOISE_RE = re.compile(r"[`\x00-\x20\x7f-\xa0\s]+")


def _href_is_allowed(value: str) -> bool:
    normalised = html5lib_shim.convert_entities(value)
    normalised = _URL_NOISE_RE.sub("", normalised)
    normalised = re.sub(r"[^\x00-\x7f]", "", normalised).lower()
    return normalised.startswith(ALLOWED_URL_SCHEMES)


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "a" and name == "href":
        return _href_is_allowed(value)
    return False


class _DropContentFilter(html5lib_shim.Filter):
    """Removes ``DROPPED_WITH_CONTENT`` elements and their whole subtree."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        depth = 0
        for token in super().__iter__():
            kind = token["type"]
            if depth:
                if kind == "StartTag":
                    depth += 1
                elif kind == "EndTag":
                    depth -= 1
                continue
            if kind == "StartTag" and token["name"] in DROPPED_WITH_CONTENT:
                depth = 1
                continue
            if kind in ("EmptyTag", "EndTag") and token.get("name") in DROPPED_WITH_CONTENT:
                continue
            yield token


class _LinkFilter(html5lib_shim.Filter):
    """Forces ``rel`` on every link (``target`` never survives the attribute filter)."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "a":
                attrs = {k: v for k, v in token["data"].items() if k != (None, "rel")}
                attrs[(None, "rel")] = LINK_REL
                token["data"] = attrs
            yield token


class _PreNewlineFilter(html5lib_shim.Filter):
    """Doubles a leading newline in ``<pre>`` because parsing swallows one."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        after_pre = False
        for token in super().__iter__():
            if (
                after_pre
                and token["type"] in ("Characters", "SpaceCharacters")
                and token["data"].startswith("\n")
            ):
                token = {**token, "data": "\n" + token["data"]}
            after_pre = token["type"] == "StartTag" and token["name"] == "pre"
            yield token


_local = threading.local()


def _cleaner() -> Cleaner:
    # bleach's Cleaner holds parser state and is not thread-safe.
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = Cleaner(
            tags=ALLOWED_TAGS | DROPPED_WITH_CONTENT,
            attributes=_allowed_attribute,
            protocols=frozenset(scheme.rstrip(":") for scheme in ALLOWED_URL_SCHEMES),
            strip=True,
            strip_comments=True,
            filters=[_DropContentFilter, _LinkFilter, _PreNewlineFilter],
        )
        _local.cleaner = cleaner
    return cleaner


def _strip_controls(value: str) -> str:
    return _BIDI_RE.sub("", _HTML_CONTROL_RE.sub("", value))


def clean_html(value: str) -> str:
    """Return ``value`` reduced to the safelisted HTML subset."""
    if not value:
        return ""
    cleaner = _cleaner()
    current = cleaner.clean(_strip_controls(value))
    for _ in range(_MAX_PASSES):
        following = cleaner.clean(current)
        if following == current:
            return current
        current = following
    # Not converged (never seen in practice): fall back to plain escaped text,
    # which is a fixed point of the cleaner.
    return html.escape(_render_text(current), quote=False)


def clean_text(value: str, *, multiline: bool = True) -> str:
    """Plain-text field: strip control and bidi-override characters, normalise newlines.

    Single-line fields (``multiline=False``) get newlines and tabs turned into spaces.
    """
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    text = _BIDI_RE.sub("", text)
    if not multiline:
        text = re.sub(r"\s+", " ", text)
    else:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip()


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._pre = 0
        self._href: list[str | None] = []
        self._link_text: list[int] = []
        self._list_stack: list[list[int] | None] = []  # counter for ol, None for ul
        self._cell = False

    def _newline(self, count: int = 1) -> None:
        self.parts.append("\n" * count)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol") and self._list_stack:
            pass
        elif tag in ("p", "h2", "h3", "h4", "blockquote", "pre", "table", "ul", "ol"):
            self._newline(2)
        if tag == "pre":
            self._pre += 1
        elif tag == "br":
            self._newline()
        elif tag == "hr":
            self.parts.append("\n\n----\n\n")
        elif tag == "ul":
            self._list_stack.append(None)
        elif tag == "ol":
            self._list_stack.append([0])
        elif tag == "li":
            self._newline()
            indent = "  " * max(len(self._list_stack) - 1, 0)
            counter = self._list_stack[-1] if self._list_stack else None
            if counter is None:
                self.parts.append(f"{indent}- ")
            else:
                counter[0] += 1
                self.parts.append(f"{indent}{counter[0]}. ")
        elif tag == "tr":
            self._newline()
            self._cell = False
        elif tag in ("td", "th"):
            if self._cell:
                self.parts.append(" | ")
            self._cell = True
        elif tag == "a":
            self._href.append(dict(attrs).get("href"))
            self._link_text.append(len(self.parts))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and len(self._list_stack) > 1:
            pass
        elif tag in ("p", "h2", "h3", "h4", "blockquote", "pre", "table", "ul", "ol"):
            self._newline(2)
        if tag == "pre" and self._pre:
            self._pre -= 1
        elif tag in ("ul", "ol") and self._list_stack:
            self._list_stack.pop()
        elif tag == "a" and self._href:
            href = self._href.pop()
            start = self._link_text.pop()
            text = "".join(self.parts[start:]).strip()
            if href and href.removeprefix("mailto:") != text:
                self.parts.append(f" ({href.removeprefix('mailto:')})" if text else href)

    def handle_data(self, data: str) -> None:
        if self._pre:
            self.parts.append(data)
        else:
            data = re.sub(r"\s+", " ", data)
            if not self.parts or self.parts[-1].endswith("\n"):
                data = data.lstrip(" ")
            self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        lines = [line.rstrip() for line in raw.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _render_text(safe_html: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(safe_html)
    extractor.close()
    return extractor.text()


def html_to_text(value: str) -> str:
    """Render user HTML as readable plain text for e-mails and exports."""
    return _render_text(clean_html(value))
