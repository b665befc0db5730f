"""Attachment validation decided by file content, never by the file name.

Order of checks: size limit, magic-byte sniffing, (for ZIP containers) central
directory limits before anything is decompressed, kind allowed, then the
kind-specific deep checks (Office macros, nested archives, PDF active content,
image pixel count and integrity). The first failed check raises
:class:`UploadRejected`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, Any
from xml.etree import ElementTree

from django.utils.translation import gettext, gettext_noop, ngettext
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

MiB = 1024 * 1024

DEFAULT_MAX_ENTRIES = 1_000
DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * MiB
DEFAULT_MAX_COMPRESSION_RATIO = 100
DEFAULT_MAX_PIXELS = 40_000_000
#: Entries (and archives) smaller than this are not judged by compression ratio:
#: a tiny, highly compressible XML part is harmless.
RATIO_CHECK_MIN_BYTES = 1 * MiB
_CONTENT_TYPES_MAX_BYTES = 1 * MiB
_PDF_MAX_OBJECTS = 500_000
_DISPLAY_NAME_MAX = 120


@dataclass(frozen=True)
class FileKind:
    name: str
    mime: str
    extension: str


KINDS: dict[str, FileKind] = {
    kind.name: kind
    for kind in (
        FileKind("pdf", "application/pdf", "pdf"),
        FileKind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        FileKind(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
        ),
        FileKind(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx",
        ),
        FileKind("png", "image/png", "png"),
        FileKind("jpeg", "image/jpeg", "jpg"),
        FileKind("zip", "application/zip", "zip"),
    )
}

#: Office kind -> its main part inside the OOXML package.
OFFICE_MAIN_PARTS: dict[str, str] = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}

_PDF_MAGIC = b"%PDF-"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_ZIP_MAGIC = b"PK\x03\x04"

_ARCHIVE_SUFFIXES = (
    ".zip",
    ".jar",
    ".7z",
    ".rar",
    ".tar",
    ".gz",
    ".tgz",
    ".bz2",
    ".xz",
    ".zst",
    ".cab",
    ".iso",
    ".docx",
    ".docm",
    ".xlsx",
    ".xlsm",
    ".pptx",
    ".pptm",
    ".odt",
    ".ods",
    ".odp",
    ".apk",
)
_ARCHIVE_MAGICS = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"MSCF",
    b"\x28\xb5\x2f\xfd",
)

#: PDF names that mean scripts, launching programs or carrying files.
PDF_FORBIDDEN_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/GoToE",
    }
)

_DRIVE_RE = re.compile(r"^[A-Za-z]:")
_PDF_NAME_RE = re.compile(rb"/([^\s()<>\[\]{}/%]*)")
_PDF_HEX_ESCAPE_RE = re.compile(rb"#([0-9A-Fa-f]{2})")
_BIDI_RE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]")


class RejectCode(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    UNKNOWN_TYPE = "unknown_type"
    KIND_NOT_ALLOWED = "kind_not_allowed"
    CORRUPT = "corrupt"
    TOO_MANY_ENTRIES = "too_many_entries"
    UNCOMPRESSED_TOO_LARGE = "uncompressed_too_large"
    COMPRESSION_RATIO = "compression_ratio"
    UNSAFE_ENTRY_NAME = "unsafe_entry_name"
    DUPLICATE_ENTRY = "duplicate_entry"
    ENCRYPTED = "encrypted"
    NESTED_ARCHIVE = "nested_archive"
    MACRO = "macro"
    PDF_ACTIVE_CONTENT = "pdf_active_content"
    PDF_NO_PAGES = "pdf_no_pages"
    IMAGE_TOO_LARGE = "image_too_large"


_MESSAGES = {
    RejectCode.EMPTY: gettext_noop("“%(name)s” is empty."),
    RejectCode.TOO_LARGE: gettext_noop("“%(name)s” is larger than the limit of %(limit)s."),
    RejectCode.UNKNOWN_TYPE: gettext_noop("“%(name)s” is not a file type we accept."),
    RejectCode.KIND_NOT_ALLOWED: gettext_noop(
        "“%(name)s” is a %(kind)s file, which is not accepted here."
    ),
    RejectCode.CORRUPT: gettext_noop("“%(name)s” is damaged and cannot be read."),
    RejectCode.UNCOMPRESSED_TOO_LARGE: gettext_noop(
        "“%(name)s” would unpack to more than %(limit)s."
    ),
    RejectCode.COMPRESSION_RATIO: gettext_noop(
        "“%(name)s” is compressed suspiciously well (%(detail)s); it may be a zip bomb."
    ),
    RejectCode.UNSAFE_ENTRY_NAME: gettext_noop("“%(name)s” contains an unsafe path: %(detail)s."),
    RejectCode.DUPLICATE_ENTRY: gettext_noop(
        "“%(name)s” contains the same path twice: %(detail)s."
    ),
    RejectCode.ENCRYPTED: gettext_noop("“%(name)s” is encrypted or password-protected."),
    RejectCode.NESTED_ARCHIVE: gettext_noop("“%(name)s” contains another archive: %(detail)s."),
    RejectCode.MACRO: gettext_noop("“%(name)s” contains macros; please save it without macros."),
    RejectCode.PDF_ACTIVE_CONTENT: gettext_noop(
        "“%(name)s” contains scripts, launch actions or embedded files (%(detail)s)."
    ),
    RejectCode.PDF_NO_PAGES: gettext_noop("“%(name)s” has no readable pages."),
    RejectCode.IMAGE_TOO_LARGE: gettext_noop(
        "“%(name)s” has too many pixels (%(detail)s; the limit is %(limit)s)."
    ),
}


class UploadRejected(Exception):
    """An upload failed validation. ``code`` is stable; ``message`` is for people."""

    def __init__(self, code: RejectCode, name: str, **params: Any) -> None:
        self.code = code
        self.params = {"name": safe_display_name(name), "limit": "", "kind": "", "detail": ""}
        self.params.update(params)
        super().__init__(code, self.params)

    @property
    def message(self) -> str:
        """Translated into the active language; untranslated when Django is not set up."""
        if self.code == RejectCode.TOO_MANY_ENTRIES:
            count = int(self.params["limit"])
            singular = "“%(name)s” contains more than %(limit)s file."
            plural = "“%(name)s” contains more than %(limit)s files."
            template = singular if count == 1 else plural
            with contextlib.suppress(Exception):
                template = ngettext(
                    "“%(name)s” contains more than %(limit)s file.",
                    "“%(name)s” contains more than %(limit)s files.",
                    count,
                )
            return template % self.params
        template = _MESSAGES[self.code]
        with contextlib.suppress(Exception):
            template = gettext(template)
        return template % self.params

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class UploadCheck:
    kind: str
    mime: str
    safe_extension: str
    size: int
    sha256: str


def size_text(size: int) -> str:
    """A byte count for people: ``10 MB``, ``1.5 MB``, ``200 KB`` (never rounded up)."""
    for unit, factor in (("MB", MiB), ("KB", 1024)):
        if size >= factor:
            tenths = size * 10 // factor
            number = str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"
            return f"{number} {unit}"
    return f"{size} B"


def safe_display_name(name: str) -> str:
    """File name for display: no directories, controls or bidi tricks, bounded length."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"\s+", " ", _BIDI_RE.sub("", unicodedata.normalize("NFC", base)))
    base = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cs"))
    base = base.strip().lstrip(".").strip()
    if len(base) > _DISPLAY_NAME_MAX:
        stem, dot, suffix = base.rpartition(".")
        if dot and 0 < len(suffix) <= 10:
            base = f"{stem[: _DISPLAY_NAME_MAX - len(suffix) - 2]}\u2026.{suffix}"
        else:
            base = base[: _DISPLAY_NAME_MAX - 1] + "\u2026"
    return base or "file"


def validate_upload(
    name: str,
    data: bytes | IO[bytes],
    *,
    allowed_kinds: frozenset[str],
    max_bytes: int,
    allow_zip: bool,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES,
    max_compression_ratio: int = DEFAULT_MAX_COMPRESSION_RATIO,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> UploadCheck:
    """Identify and vet an upload; raise :class:`UploadRejected` on the first problem.

    ``name`` is used only in messages. A plain ZIP archive is accepted only when
    ``allow_zip`` is true (listing ``"zip"`` in ``allowed_kinds`` is not enough).
    """
    unknown = set(allowed_kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds: {sorted(unknown)}")
    accepted = (set(allowed_kinds) - {"zip"}) | ({"zip"} if allow_zip else set())

    content = _read_limited(name, data, max_bytes)
    if not content:
        raise UploadRejected(RejectCode.EMPTY, name)

    if content.startswith(_PDF_MAGIC):
        _require_accepted(name, "pdf", accepted)
        _check_pdf(name, content)
        kind = "pdf"
    elif content.startswith(_PNG_MAGIC) or content.startswith(_JPEG_MAGIC):
        kind = "png" if content.startswith(_PNG_MAGIC) else "jpeg"
        _require_accepted(name, kind, accepted)
        _check_image(name, content, kind, max_pixels)
    elif content.startswith(_ZIP_MAGIC):
        kind = _check_zip_container(
            name,
            content,
            accepted,
            max_entries=max_entries,
            max_uncompressed_bytes=max_uncompressed_bytes,
            max_compression_ratio=max_compression_ratio,
        )
    else:
        raise UploadRejected(RejectCode.UNKNOWN_TYPE, name)

    file_kind = KINDS[kind]
    return UploadCheck(
        kind=kind,
        mime=file_kind.mime,
        safe_extension=file_kind.extension,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _read_limited(name: str, data: bytes | IO[bytes], max_bytes: int) -> bytes:
    if isinstance(data, (bytes, bytearray, memoryview)):
        content = bytes(data)
    else:
        declared = getattr(data, "size", None)
        if isinstance(declared, int) and declared > max_bytes:
            raise UploadRejected(RejectCode.TOO_LARGE, name, limit=size_text(max_bytes))
        _rewind(data)
        buffer = bytearray()
        while len(buffer) <= max_bytes:
            chunk = data.read(min(MiB, max_bytes + 1 - len(buffer)))
            if not chunk:
                break
            buffer += chunk
        _rewind(data)
        content = bytes(buffer)
    if len(content) > max_bytes:
        raise UploadRejected(RejectCode.TOO_LARGE, name, limit=size_text(max_bytes))
    return content


def _rewind(stream: IO[bytes]) -> None:
    with contextlib.suppress(AttributeError, OSError, ValueError):
        stream.seek(0)


def _require_accepted(name: str, kind: str, accepted: set[str]) -> None:
    if kind not in accepted:
        raise UploadRejected(RejectCode.KIND_NOT_ALLOWED, name, kind=kind.upper())


# --- ZIP and Office -------------------------------------------------------------------


def _check_zip_container(
    name: str,
    content: bytes,
    accepted: set[str],
    *,
    max_entries: int,
    max_uncompressed_bytes: int,
    max_compression_ratio: int,
) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise UploadRejected(RejectCode.CORRUPT, name, detail=str(exc)) from exc
    with archive:
        entries = archive.infolist()
        _check_zip_directory(
            name,
            entries,
            max_entries=max_entries,
            max_uncompressed_bytes=max_uncompressed_bytes,
            max_compression_ratio=max_compression_ratio,
        )
        kind = _office_kind(entries)
        _require_accepted(name, kind, accepted)
        try:
            if kind == "zip":
                _check_no_nested_archives(name, archive, entries)
            else:
                _check_office_macros(name, archive, entries)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
            raise UploadRejected(RejectCode.CORRUPT, name, detail=str(exc)) from exc
    return kind


def _check_zip_directory(
    name: str,
    entries: list[zipfile.ZipInfo],
    *,
    max_entries: int,
    max_uncompressed_bytes: int,
    max_compression_ratio: int,
) -> None:
    """Central-directory checks; nothing has been decompressed yet."""
    if not entries:
        raise UploadRejected(RejectCode.CORRUPT, name, detail="empty archive")
    if len(entries) > max_entries:
        raise UploadRejected(RejectCode.TOO_MANY_ENTRIES, name, limit=max_entries)
    seen: set[str] = set()
    total_size = total_compressed = 0
    for entry in entries:
        entry_name = entry.orig_filename
        problem = entry_name_problem(entry_name)
        if problem:
            raise UploadRejected(
                RejectCode.UNSAFE_ENTRY_NAME, name, detail=_printable(entry_name), problem=problem
            )
        folded = entry_name.casefold()
        if folded in seen:
            raise UploadRejected(RejectCode.DUPLICATE_ENTRY, name, detail=_printable(entry_name))
        seen.add(folded)
        if entry.flag_bits & 0x1:
            raise UploadRejected(RejectCode.ENCRYPTED, name)
        total_size += entry.file_size
        total_compressed += entry.compress_size
        if total_size > max_uncompressed_bytes:
            raise UploadRejected(
                RejectCode.UNCOMPRESSED_TOO_LARGE, name, limit=size_text(max_uncompressed_bytes)
            )
        if entry.file_size >= RATIO_CHECK_MIN_BYTES and (
            entry.file_size > max_compression_ratio * max(entry.compress_size, 1)
        ):
            ratio = entry.file_size // max(entry.compress_size, 1)
            raise UploadRejected(
                RejectCode.COMPRESSION_RATIO,
                name,
                detail=f"{_printable(entry_name)}: {ratio}:1",
            )
    if total_size >= RATIO_CHECK_MIN_BYTES and (
        total_size > max_compression_ratio * max(total_compressed, 1)
    ):
        ratio = total_size // max(total_compressed, 1)
        raise UploadRejected(RejectCode.COMPRESSION_RATIO, name, detail=f"{ratio}:1")


def entry_name_problem(entry_name: str) -> str | None:
    """Why an archive member name is unsafe to extract, or None if it is fine."""
    if not entry_name:
        return "empty name"
    if "\\" in entry_name:
        return "backslash"
    if entry_name.startswith("/"):
        return "absolute path"
    if _DRIVE_RE.match(entry_name):
        return "drive letter"
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in entry_name):
        return "control character"
    if any(part == ".." for part in entry_name.split("/")):
        return "parent directory"
    return None


def _printable(value: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in value)[:200]


def _office_kind(entries: list[zipfile.ZipInfo]) -> str:
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names:
        return "zip"
    for kind, main_part in OFFICE_MAIN_PARTS.items():
        if main_part in names:
            return kind
    return "zip"


def _check_office_macros(
    name: str, archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]
) -> None:
    for entry in entries:
        lowered = entry.filename.lower()
        base = lowered.rsplit("/", 1)[-1]
        if base in ("vbaproject.bin", "vbadata.xml") or "/activex/" in f"/{lowered}":
            raise UploadRejected(RejectCode.MACRO, name)
    raw = _read_entry(archive, "[Content_Types].xml", _CONTENT_TYPES_MAX_BYTES)
    if b"<!doctype" in raw.lower() or b"<!entity" in raw.lower():
        raise UploadRejected(RejectCode.CORRUPT, name, detail="DTD in [Content_Types].xml")
    try:
        root = ElementTree.fromstring(raw)  # noqa: S314 - DTDs were refused just above
    except ElementTree.ParseError as exc:
        raise UploadRejected(RejectCode.CORRUPT, name, detail=str(exc)) from exc
    for element in root.iter():
        content_type = element.get("ContentType", "")
        if "macroenabled" in content_type.lower() or "vbaproject" in content_type.lower():
            raise UploadRejected(RejectCode.MACRO, name)


def _read_entry(archive: zipfile.ZipFile, entry_name: str, limit: int) -> bytes:
    # ZipExtFile stops at the declared size, so ``limit`` bounds decompression.
    with archive.open(entry_name) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{entry_name} is too large")
    return data


def _check_no_nested_archives(
    name: str, archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]
) -> None:
    for entry in entries:
        if entry.is_dir():
            continue
        is_archive = entry.filename.lower().endswith(_ARCHIVE_SUFFIXES)
        if not is_archive and entry.file_size:
            with archive.open(entry) as handle:
                head = handle.read(8)
            is_archive = head.startswith(_ARCHIVE_MAGICS)
        if is_archive:
            raise UploadRejected(RejectCode.NESTED_ARCHIVE, name, detail=_printable(entry.filename))


# --- PDF ------------------------------------------------------------------------------


def _check_pdf(name: str, content: bytes) -> None:
    found = _pdf_forbidden_names_in_bytes(content)
    if found:
        raise UploadRejected(RejectCode.PDF_ACTIVE_CONTENT, name, detail=", ".join(sorted(found)))

    # pypdf reports repairs through logging; no global logger/warning state is touched
    # here because validation may run in several threads at once.
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise UploadRejected(RejectCode.ENCRYPTED, name)
        page_count = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 - forces each page object to parse
        found = _pdf_forbidden_in_objects(reader.trailer)
    except UploadRejected:
        raise
    except _PdfTooComplex as exc:
        raise UploadRejected(RejectCode.CORRUPT, name, detail="too many objects") from exc
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise UploadRejected(RejectCode.CORRUPT, name, detail=type(exc).__name__) from exc
    except RecursionError as exc:
        raise UploadRejected(RejectCode.CORRUPT, name, detail="nesting too deep") from exc
    if page_count < 1:
        raise UploadRejected(RejectCode.PDF_NO_PAGES, name)
    if found:
        raise UploadRejected(RejectCode.PDF_ACTIVE_CONTENT, name, detail=", ".join(sorted(found)))


def _pdf_forbidden_names_in_bytes(content: bytes) -> set[str]:
    """Name tokens in the raw file, with ``#xx`` escapes decoded (``/J#61vaScript``)."""
    found = set()
    for match in _PDF_NAME_RE.finditer(content):
        token = _PDF_HEX_ESCAPE_RE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        decoded = "/" + token.decode("latin-1")
        if decoded in PDF_FORBIDDEN_NAMES:
            found.add(decoded)
    return found


class _PdfTooComplex(Exception):
    pass


def _pdf_forbidden_in_objects(trailer: Any) -> set[str]:
    """Walk every object reachable from the trailer (this sees inside object streams)."""
    found: set[str] = set()
    visited: set[tuple[int, int]] = set()
    stack: list[Any] = [trailer]
    steps = 0
    while stack:
        steps += 1
        if steps > _PDF_MAX_OBJECTS:
            raise _PdfTooComplex
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in visited:
                continue
            visited.add(key)
            stack.append(node.get_object())
        elif isinstance(node, DictionaryObject):
            for key, value in node.items():
                if key in PDF_FORBIDDEN_NAMES:
                    found.add(str(key))
                if key == "/OpenAction" and not _is_harmless_open_action(value):
                    found.add("/OpenAction")
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, NameObject) and node in PDF_FORBIDDEN_NAMES:
            found.add(str(node))
    return found


def _is_harmless_open_action(value: Any) -> bool:
    """An /OpenAction that only says which page to show is fine; anything else is not."""
    action = value.get_object() if hasattr(value, "get_object") else value
    if isinstance(action, ArrayObject):
        return True
    if isinstance(action, DictionaryObject):
        return action.get("/S") == "/GoTo" and "/Next" not in action
    return False


# --- images ---------------------------------------------------------------------------


def _check_image(name: str, content: bytes, kind: str, max_pixels: int) -> None:
    expected_format = {"png": "PNG", "jpeg": "JPEG"}[kind]
    try:
        # Pillow only warns between its own limit and twice that; our max_pixels
        # check below is what decides, before any pixel data is decoded.
        with Image.open(io.BytesIO(content), formats=[expected_format]) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise UploadRejected(
                    RejectCode.IMAGE_TOO_LARGE,
                    name,
                    detail=f"{width}\u00d7{height}",
                    limit=max_pixels,
                )
            image.verify()
    except UploadRejected:
        raise
    except Image.DecompressionBombError as exc:
        pixels = re.search(r"\d+", str(exc))
        raise UploadRejected(
            RejectCode.IMAGE_TOO_LARGE,
            name,
            detail=pixels.group() if pixels else "?",
            limit=max_pixels,
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise UploadRejected(RejectCode.CORRUPT, name, detail=type(exc).__name__) from exc
