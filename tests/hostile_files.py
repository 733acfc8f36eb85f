"""Small crafted files that attack the parsers of uploads (shared by tests and bench scripts).

Each builder returns bytes as an attacker (or a careless colleague) could send them. The sizes
and effects noted are what each did to the bot before parsing moved to a limited child process.
"""

from __future__ import annotations

import io
import zipfile
import zlib

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def slow_pdf(pages: int = 10, operators: int = 200_000) -> bytes:
    """~4 KB: every page shares one deflated content stream of `operators` text operators.

    pypdf interprets each operator in Python: about one second of CPU per 100,000 per page,
    so the defaults cost ~20 s while the whole file is a few kilobytes.
    """
    content = zlib.compress(b"BT /F1 1 Tf " + b"(a) Tj " * operators + b"ET", 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
    ]
    kids = []
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 9 9] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    return _pdf(objects)


def broken_xref_pdf() -> bytes:
    """A PDF whose cross-reference table and trailer point nowhere and hold no catalog."""
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Font >>\nendobj\n"
        b"xref\n0 9\ngarbage\ntrailer\n<< /Size 9 /Root 7 0 R >>\nstartxref\n999999\n%%EOF\n"
    )


def _docx(document_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def deep_docx(depth: int = 5000) -> bytes:
    """~340 bytes: runs nested 5,000 deep; a recursive reader raises RecursionError."""
    xml = (
        f'<w:document xmlns:w="{_W_NS}"><w:body><w:p>'
        + "<w:r>" * depth
        + "</w:r>" * depth
        + "</w:p></w:body></w:document>"
    )
    return _docx(xml.encode())


def bomb_docx(megabytes: int = 49) -> bytes:
    """~140 KB: 49 MB of one-letter paragraphs; parsing it peaked at ~750 MiB."""
    paragraph = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    body = paragraph * (megabytes * 1_000_000 // len(paragraph))
    head = f'<w:document xmlns:w="{_W_NS}"><w:body>'.encode()
    return _docx(head + body + b"</w:body></w:document>")


def plain_docx(lines: list[str]) -> bytes:
    """A minimal readable .docx with one paragraph per line."""
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    return _docx(f'<w:document xmlns:w="{_W_NS}"><w:body>{body}</w:body></w:document>'.encode())


def truncated_docx() -> bytes:
    """A .docx cut in half: no central directory any more."""
    data = plain_docx(["Điều 1. Phạm vi điều chỉnh"] * 200)
    return data[: len(data) // 2]


def corrupt_docx() -> bytes:
    """A .docx whose directory is intact but whose compressed XML is damaged (zlib.error)."""
    data = bytearray(plain_docx(["Điều 1. Phạm vi điều chỉnh"] * 200))
    start = 30 + len("word/document.xml") + 5  # the only member: its data follows its header
    data[start : start + 16] = bytes(range(200, 216))
    return bytes(data)


def csv_long_field(size: int = 200_000) -> bytes:
    """A units CSV with one quoted field over the csv module's 128 KB field limit."""
    return b'code,name\nAA,"' + b"x" * size + b'"\n'
