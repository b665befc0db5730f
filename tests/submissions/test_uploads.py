import hashlib
import io
import struct
import zipfile
import zlib

import pytest
from django.utils import translation
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from submissions.uploads import (
    KINDS,
    MiB,
    RejectCode,
    UploadCheck,
    UploadRejected,
    entry_name_problem,
    safe_display_name,
    size_text,
    validate_upload,
)

ALL_DOCUMENTS = frozenset({"pdf", "docx", "xlsx", "pptx", "png", "jpeg"})
LIMIT = 10 * 1024 * 1024


def validate(name, data, *, kinds=ALL_DOCUMENTS, max_bytes=LIMIT, allow_zip=False, **kwargs):
    return validate_upload(
        name, data, allowed_kinds=kinds, max_bytes=max_bytes, allow_zip=allow_zip, **kwargs
    )


def rejected(name, data, **kwargs) -> UploadRejected:
    with pytest.raises(UploadRejected) as info:
        validate(name, data, **kwargs)
    return info.value


# --- fixtures built in code -----------------------------------------------------------


def make_pdf(customise=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if customise:
        customise(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_pdf_with_object_stream(action: bytes) -> bytes:
    """Catalog and its /OpenAction live in a compressed object stream (PDF 1.5)."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
    body = catalog + b" " + action
    header = b"1 0 4 %d " % (len(catalog) + 1)
    objstm = zlib.compress(header + body)
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}

    def add(num, content):
        offsets[num] = len(out)
        out.extend(b"%d 0 obj\n" % num + content + b"\nendobj\n")

    add(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>")
    add(
        5,
        b"<< /Type /ObjStm /N 2 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(objstm))
        + objstm
        + b"\nendstream",
    )
    xref_offset = len(out)
    rows = [
        (0, 0, 65535),
        (2, 5, 0),
        (1, offsets[2], 0),
        (1, offsets[3], 0),
        (2, 5, 1),
        (1, offsets[5], 0),
        (1, xref_offset, 0),
    ]
    data = b"".join(struct.pack(">BIH", *row) for row in rows)
    add(
        6,
        b"<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(data)
        + data
        + b"\nendstream",
    )
    out.extend(b"startxref\n%d\n%%%%EOF\n" % xref_offset)
    return bytes(out)


def make_image(fmt: str, size=(4, 3), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color=0).save(out, format=fmt)
    return out.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{content_type}"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="{part}" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
MAIN_TYPES = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    "docm": ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
}


def make_zip(entries: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for entry_name, payload in entries.items():
            info = zipfile.ZipInfo(entry_name)
            info.compress_type = compression
            archive.writestr(info, payload)
    return out.getvalue()


def make_office(kind: str, extra: dict[str, bytes] | None = None) -> bytes:
    part, content_type = MAIN_TYPES[kind]
    entries = {
        "[Content_Types].xml": CONTENT_TYPES.format(part=part, content_type=content_type).encode(),
        "_rels/.rels": RELS.format(part=part).encode(),
        part: b'<?xml version="1.0"?><document/>',
    }
    entries.update(extra or {})
    return make_zip(entries)


def make_xlsx() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "score"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- acceptance -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "build", "mime", "extension"),
    [
        ("pdf", make_pdf, "application/pdf", "pdf"),
        ("png", lambda: make_image("PNG"), "image/png", "png"),
        ("jpeg", lambda: make_image("JPEG"), "image/jpeg", "jpg"),
        (
            "docx",
            lambda: make_office("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        (
            "xlsx",
            make_xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        (
            "pptx",
            lambda: make_office("pptx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx",
        ),
    ],
)
def test_validate_upload_valid_kind_is_accepted(kind, build, mime, extension):
    data = build()

    check = validate("Proposal final (v2).bin", data)

    assert check == UploadCheck(
        kind=kind, mime=mime, safe_extension=extension, size=len(data), sha256=sha(data)
    )


def test_validate_upload_plain_zip_accepted_when_allowed():
    data = make_zip({"readme.txt": b"hello", "data/table.csv": b"a,b\n1,2\n"})

    check = validate("bundle", data, allow_zip=True)

    assert check == UploadCheck("zip", "application/zip", "zip", len(data), sha(data))


def test_validate_upload_reads_file_like_and_rewinds():
    data = make_pdf()
    stream = io.BytesIO(data)
    stream.seek(5)

    check = validate("doc.pdf", stream)

    assert check.kind == "pdf"
    assert check.sha256 == sha(data)
    assert stream.tell() == 0


def test_validate_upload_name_extension_is_ignored():
    check = validate("picture.png", make_pdf())

    assert (check.kind, check.safe_extension) == ("pdf", "pdf")


def test_validate_upload_pdf_with_page_open_action_is_accepted():
    def open_on_first_page(writer):
        page = writer.pages[0].indirect_reference
        writer.root_object[NameObject("/OpenAction")] = ArrayObject([page, NameObject("/Fit")])

    assert validate("doc.pdf", make_pdf(open_on_first_page)).kind == "pdf"


# --- rejection ------------------------------------------------------------------------


def test_validate_upload_oversize_is_rejected():
    error = rejected("big.pdf", make_pdf(), max_bytes=100)

    assert error.code == RejectCode.TOO_LARGE
    assert "big.pdf" in error.message


def test_validate_upload_oversize_file_like_reads_at_most_limit_plus_one():
    class CountingStream(io.BytesIO):
        read_total = 0

        def read(self, size=-1):
            chunk = super().read(size)
            self.read_total += len(chunk)
            return chunk

    stream = CountingStream(b"%PDF-" + b"x" * 5000)

    assert rejected("big.pdf", stream, max_bytes=1000).code == RejectCode.TOO_LARGE
    assert stream.read_total == 1001


def test_validate_upload_declared_size_over_limit_is_rejected_before_reading():
    stream = io.BytesIO(make_pdf())
    stream.size = LIMIT + 1

    assert rejected("big.pdf", stream).code == RejectCode.TOO_LARGE


def test_validate_upload_empty_is_rejected():
    assert rejected("empty.pdf", b"").code == RejectCode.EMPTY


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("photo.png", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("photo.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("notes.docx", b"plain text pretending to be a document"),
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n"),
    ],
)
def test_validate_upload_spoofed_type_is_rejected(name, data):
    error = rejected(name, data)

    assert error.code == RejectCode.UNKNOWN_TYPE
    assert name in error.message


def test_validate_upload_pdf_named_png_rejected_when_pdf_not_allowed():
    error = rejected("image.png", make_pdf(), kinds=frozenset({"png", "jpeg"}))

    assert error.code == RejectCode.KIND_NOT_ALLOWED
    assert "PDF" in error.message


def test_validate_upload_zip_bomb_is_rejected():
    bomb = make_zip({"zeros.bin": b"\x00" * (5 * 1024 * 1024)})

    error = rejected("harmless.zip", bomb, allow_zip=True)

    assert error.code == RejectCode.COMPRESSION_RATIO


def test_validate_upload_office_bomb_is_rejected():
    bomb = make_office("docx", {"word/media/padding.bin": b"\x00" * (5 * 1024 * 1024)})

    assert rejected("report.docx", bomb).code == RejectCode.COMPRESSION_RATIO


def test_validate_upload_total_uncompressed_size_is_limited():
    data = make_zip({f"part{i}.bin": bytes(range(256)) * 1024 for i in range(4)})

    error = rejected("parts.zip", data, allow_zip=True, max_uncompressed_bytes=512 * 1024)

    assert error.code == RejectCode.UNCOMPRESSED_TOO_LARGE


def test_validate_upload_too_many_entries_is_rejected():
    data = make_zip({f"f{i}.txt": b"x" for i in range(1001)})

    assert rejected("many.zip", data, allow_zip=True).code == RejectCode.TOO_MANY_ENTRIES


def test_validate_upload_exactly_max_entries_is_accepted():
    data = make_zip({f"f{i}.txt": b"x" for i in range(1000)})

    assert validate("many.zip", data, allow_zip=True).kind == "zip"


@pytest.mark.parametrize(
    ("limit", "entries", "message"),
    [
        (1, 2, "“many.zip” contains more than 1 file."),
        (3, 4, "“many.zip” contains more than 3 files."),
    ],
)
def test_validate_upload_too_many_entries_message_uses_plural(limit, entries, message):
    data = make_zip({f"f{i}.txt": b"x" for i in range(entries)})

    with translation.override("en"):
        assert rejected("many.zip", data, allow_zip=True, max_entries=limit).message == message


def test_validate_upload_size_limits_are_shown_in_megabytes():
    with translation.override("en"):
        too_large = rejected("big.pdf", make_pdf() + b"\x00" * (2 * MiB), max_bytes=2 * MiB)
        data = make_zip({f"part{i}.bin": bytes(range(256)) * 1024 for i in range(4)})
        unpacked = rejected("parts.zip", data, allow_zip=True, max_uncompressed_bytes=512 * 1024)
        # The messages are lazy: read them while English is active.
        assert too_large.message == "“big.pdf” is larger than the limit of 2 MB."
        assert unpacked.message == "“parts.zip” would unpack to more than 512 KB."


@pytest.mark.parametrize(
    ("size", "text"),
    [(10 * MiB, "10 MB"), (MiB + MiB // 2, "1.5 MB"), (MiB - 1, "1023.9 KB"), (1000, "1000 B")],
)
def test_size_text_examples(size, text):
    assert size_text(size) == text


def test_validate_upload_messages_carry_no_english_detail_or_exception_names():
    broken_pdf = rejected("broken.pdf", b"%PDF-1.7\n garbage garbage")
    unsafe_zip = rejected("upload.zip", make_zip({"../x": b"y"}), allow_zip=True)

    with translation.override("en"):
        assert broken_pdf.message == "“broken.pdf” is damaged and cannot be read."
        assert "parent directory" not in unsafe_zip.message
        assert "../x" in unsafe_zip.message


@pytest.mark.parametrize(
    "entry_name", ["../../etc/passwd", "/abs", "C:\\x", "..\\x", "a/../../b", "c:/windows/x"]
)
def test_validate_upload_path_traversal_entry_is_rejected(entry_name):
    data = make_zip({"fine.txt": b"x", entry_name: b"y"})

    error = rejected("upload.zip", data, allow_zip=True)

    assert error.code == RejectCode.UNSAFE_ENTRY_NAME
    assert "upload.zip" in error.message


@pytest.mark.parametrize(
    ("entry_name", "problem"),
    [
        ("../../etc/passwd", "parent directory"),
        ("/abs", "absolute path"),
        ("C:\\x", "backslash"),
        ("C:x", "drive letter"),
        ("..\\x", "backslash"),
        ("a/../b", "parent directory"),
        ("a\x01b", "control character"),
        ("docs/a..b/c.txt", None),
        ("word/document.xml", None),
    ],
)
def test_entry_name_problem_examples(entry_name, problem):
    assert entry_name_problem(entry_name) == problem


def test_validate_upload_path_traversal_in_office_is_rejected():
    data = make_office("docx", {"../evil.xml": b"<x/>"})

    assert rejected("report.docx", data).code == RejectCode.UNSAFE_ENTRY_NAME


def test_validate_upload_macro_document_is_rejected():
    data = make_office("docm", {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0fake ole"})

    error = rejected("report.docx", data)

    assert error.code == RejectCode.MACRO
    assert "report.docx" in error.message


def test_validate_upload_macro_content_type_without_vba_part_is_rejected():
    assert rejected("report.docx", make_office("docm")).code == RejectCode.MACRO


def test_validate_upload_vba_part_in_plain_content_type_is_rejected():
    data = make_office("docx", {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})

    assert rejected("report.docx", data).code == RejectCode.MACRO


def test_validate_upload_pdf_with_javascript_is_rejected():
    data = make_pdf(lambda writer: writer.add_open_action(JavaScript("app.alert('x');")))

    error = rejected("paper.pdf", data)

    assert error.code == RejectCode.PDF_ACTIVE_CONTENT
    assert "/JavaScript" in error.message


def test_validate_upload_pdf_with_hex_escaped_javascript_name_is_rejected():
    data = make_pdf(lambda writer: writer.add_open_action(JavaScript("app.alert('x');")))
    data = data.replace(b"/JavaScript", b"/J#61vaScript")

    assert rejected("paper.pdf", data).code == RejectCode.PDF_ACTIVE_CONTENT


def test_validate_upload_pdf_with_javascript_open_action_is_rejected():
    def open_action(writer):
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert(1)"),
            }
        )
        writer.root_object[NameObject("/OpenAction")] = writer._add_object(action)

    assert rejected("paper.pdf", make_pdf(open_action)).code == RejectCode.PDF_ACTIVE_CONTENT


def test_validate_upload_pdf_javascript_inside_object_stream_is_rejected():
    data = make_pdf_with_object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>")

    error = rejected("paper.pdf", data)

    assert error.code == RejectCode.PDF_ACTIVE_CONTENT
    assert "/OpenAction" in error.message


def test_validate_upload_pdf_goto_inside_object_stream_is_accepted():
    data = make_pdf_with_object_stream(b"<< /S /GoTo /D [3 0 R /Fit] >>")

    assert validate("paper.pdf", data).kind == "pdf"


def test_validate_upload_pdf_with_uri_open_action_is_rejected():
    def open_action(writer):
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/URI"),
                NameObject("/URI"): TextStringObject("https://evil.example/"),
            }
        )
        writer.root_object[NameObject("/OpenAction")] = action

    error = rejected("paper.pdf", make_pdf(open_action))

    assert error.code == RejectCode.PDF_ACTIVE_CONTENT
    assert "/OpenAction" in error.message


def test_validate_upload_pdf_with_launch_action_is_rejected():
    def launch(writer):
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/Launch"),
                NameObject("/F"): TextStringObject("calc.exe"),
            }
        )
        writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})

    assert rejected("paper.pdf", make_pdf(launch)).code == RejectCode.PDF_ACTIVE_CONTENT


def test_validate_upload_pdf_with_embedded_file_is_rejected():
    data = make_pdf(lambda writer: writer.add_attachment("payload.exe", b"MZ"))

    assert rejected("paper.pdf", data).code == RejectCode.PDF_ACTIVE_CONTENT


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + bytes(range(256)) * 4,
        b"%PDF-",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
    ],
)
def test_validate_upload_unparseable_pdf_is_rejected(data):
    error = rejected("broken.pdf", data)

    assert error.code in (RejectCode.CORRUPT, RejectCode.PDF_NO_PAGES)


def test_validate_upload_truncated_pdf_is_rejected():
    data = make_pdf()

    error = rejected("broken.pdf", data[: len(data) // 3])

    assert error.code in (RejectCode.CORRUPT, RejectCode.PDF_NO_PAGES)


def test_validate_upload_encrypted_pdf_is_rejected():
    data = make_pdf(lambda writer: writer.encrypt("secret", algorithm="RC4-128"))

    assert rejected("locked.pdf", data).code == RejectCode.ENCRYPTED


def test_validate_upload_zip_when_not_allowed_is_rejected():
    data = make_zip({"readme.txt": b"hello"})

    error = rejected("bundle.zip", data, kinds=ALL_DOCUMENTS | {"zip"}, allow_zip=False)

    assert error.code == RejectCode.KIND_NOT_ALLOWED
    assert "ZIP" in error.message


def test_validate_upload_encrypted_zip_entry_is_rejected():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("secret.txt", b"data")
        archive.filelist[0].flag_bits |= 0x1

    assert rejected("locked.zip", out.getvalue(), allow_zip=True).code == RejectCode.ENCRYPTED


@pytest.mark.parametrize(
    "entries",
    [
        {"inner.zip": make_zip({"a.txt": b"a"})},
        {"inner.dat": make_zip({"a.txt": b"a"})},
        {"backup.tar.gz": b"\x1f\x8b\x08\x00"},
        {"slides.pptx": b"anything"},
    ],
)
def test_validate_upload_nested_archive_in_plain_zip_is_rejected(entries):
    data = make_zip({"readme.txt": b"hello", **entries})

    assert rejected("outer.zip", data, allow_zip=True).code == RejectCode.NESTED_ARCHIVE


def test_validate_upload_duplicate_entry_is_rejected():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", b"1")
        with pytest.warns(UserWarning):
            archive.writestr("a.txt", b"2")

    assert rejected("dup.zip", out.getvalue(), allow_zip=True).code == RejectCode.DUPLICATE_ENTRY


def test_validate_upload_corrupt_zip_is_rejected():
    data = b"PK\x03\x04" + b"\x00" * 100

    assert rejected("broken.zip", data, allow_zip=True).code == RejectCode.CORRUPT


def test_validate_upload_image_pixel_bomb_is_rejected():
    data = make_image("PNG", size=(8000, 8000), mode="1")

    error = rejected("huge.png", data)

    assert error.code == RejectCode.IMAGE_TOO_LARGE
    assert "8000" in error.message


def test_validate_upload_image_pixel_limit_is_configurable():
    assert rejected("img.png", make_image("PNG", size=(20, 20)), max_pixels=399).code == (
        RejectCode.IMAGE_TOO_LARGE
    )


def test_validate_upload_corrupt_png_is_rejected():
    data = bytearray(make_image("PNG", size=(16, 16)))
    data[-20] ^= 0xFF

    assert rejected("bad.png", bytes(data)).code == RejectCode.CORRUPT


def test_validate_upload_png_signature_with_garbage_is_rejected():
    data = b"\x89PNG\r\n\x1a\n" + b"<script>alert(1)</script>"

    assert rejected("bad.png", data).code == RejectCode.CORRUPT


def test_validate_upload_unknown_allowed_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="exe"):
        validate("x.pdf", make_pdf(), kinds=frozenset({"pdf", "exe"}))


def test_kinds_cover_the_supported_set():
    assert set(KINDS) == {"pdf", "docx", "xlsx", "pptx", "png", "jpeg", "zip"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\jo\\Desktop\\cv.docx", "cv.docx"),
        ("evil\u202egpj.exe", "evilgpj.exe"),
        ("tab\tand\nnewline\x00.pdf", "tab and newline.pdf"),
        ("..hidden", "hidden"),
        ("", "file"),
        ("/", "file"),
        ("a" * 300 + ".pdf", "a" * 115 + "\u2026.pdf"),
        ("b" * 300, "b" * 119 + "\u2026"),
    ],
)
def test_safe_display_name_examples(name, expected):
    assert safe_display_name(name) == expected


def test_safe_display_name_is_bounded():
    assert len(safe_display_name("x" * 10_000 + ".pdf")) == 120
