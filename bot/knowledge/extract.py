"""Plain text out of the .txt, .docx and .pdf files admins upload, normalised for parsing.

Pure and synchronous. Uploads are untrusted, so the bot never calls this in its own process:
`bot.knowledge.reading` runs it in a child with time and memory limits (`bot.sandbox`).
Failures raise `ExtractError` with a code; `bot/texts/knowledge.py` words them.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
import zlib
from enum import StrEnum
from typing import Final
from xml.etree import ElementTree

# The largest upload accepted, in bytes (a decree is ~100 KB as .docx, ~1 MB as .pdf).
MAX_BYTES: Final = 10 * 1024 * 1024
# The largest uncompressed word/document.xml accepted: a guard against zip bombs.
MAX_DOCX_XML: Final = 50 * 1024 * 1024
# PDFs longer than this are not one of the three short documents.
MAX_PDF_PAGES: Final = 300
# The largest extracted text accepted, in characters.
MAX_CHARS: Final = 2_000_000
# Control characters above which a "text" file is taken for binary data: a share of the
# text, with a floor so that a few stray ones in a short file are simply dropped.
_BINARY_SHARE: Final = 0.01
_BINARY_FLOOR: Final = 16

SUPPORTED_SUFFIXES: Final = (".txt", ".docx", ".pdf")


class ExtractCode(StrEnum):
    """Why a file gave no text."""

    UNSUPPORTED_TYPE = "unsupported_type"
    TOO_BIG = "too_big"
    UNREADABLE = "unreadable"
    EMPTY = "empty"
    ENCRYPTED = "encrypted"
    TOO_COMPLEX = "too_complex"


# English descriptions for logs; the Vietnamese wording lives in bot/texts/knowledge.py.
EXTRACT_CODES: Final[dict[ExtractCode, str]] = {
    ExtractCode.UNSUPPORTED_TYPE: "not a .txt, .docx or .pdf file",
    ExtractCode.TOO_BIG: "file or its content is larger than the limit",
    ExtractCode.UNREADABLE: "file is damaged or not what its name says",
    ExtractCode.EMPTY: "file holds no text (a scan or an empty document)",
    ExtractCode.ENCRYPTED: "file is password-protected",
    ExtractCode.TOO_COMPLEX: "reading the file went over the time or memory limit",
}


class ExtractError(Exception):
    """A file could not be turned into text; `code` says why."""

    def __init__(self, code: ExtractCode | str) -> None:
        self.code = ExtractCode(code)
        super().__init__(self.code.value)


def extract_text(data: bytes, file_name: str) -> str:
    """Return the normalised text of an uploaded file.

    Args:
        data: the file's bytes.
        file_name: the name it was sent with; its suffix picks the reader. An unknown suffix
            falls back to sniffing PDF and DOCX signatures.

    Raises:
        ExtractError: with one of the `ExtractCode` codes.
    """
    if len(data) > MAX_BYTES:
        raise ExtractError(ExtractCode.TOO_BIG)
    kind = _kind(data, file_name)
    if not data:
        raise ExtractError(ExtractCode.EMPTY)
    if kind == ".txt":
        raw = _decode_txt(data)
    elif kind == ".docx":
        raw = _docx_text(data)
    else:
        raw = _pdf_text(data)
    if len(raw) > MAX_CHARS:
        raise ExtractError(ExtractCode.TOO_BIG)
    text = normalize_text(raw)
    if not any(char.isalpha() for char in text):
        raise ExtractError(ExtractCode.EMPTY)
    return text


def _kind(data: bytes, file_name: str) -> str:
    name = file_name.strip().lower()
    for suffix in SUPPORTED_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04") and b"word/document.xml" in data:
        return ".docx"
    raise ExtractError(ExtractCode.UNSUPPORTED_TYPE)


# ---------------------------------------------------------------------------------------------
# Normalisation

# Characters some converters use for Đ/đ (Icelandic eth); never Vietnamese in its own right.
_ETH = str.maketrans({"Ð": "Đ", "ð": "đ"})
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r" {2,}")
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """NFC, one kind of line break, no control or invisible characters, single spaces.

    Line structure is kept: lines are stripped of surrounding blanks and runs of blank lines
    become one blank line. Tabs inside a line are kept; other Unicode spaces become spaces.
    """
    text = _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", text)).translate(_ETH)
    kept: list[str] = []
    for char in text:
        if char in "\n\t":
            kept.append(char)
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs"):
            continue
        kept.append(" " if category == "Zs" else char)
    lines = [_SPACES.sub(" ", line).strip(" \t") for line in "".join(kept).split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


# ---------------------------------------------------------------------------------------------
# .txt

_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode_txt(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _text_or_binary(data.decode(encoding))
            except UnicodeDecodeError as error:
                raise ExtractError(ExtractCode.UNREADABLE) from error
    try:
        return _text_or_binary(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    # UTF-16 without a BOM: every other byte of Vietnamese/ASCII text is mostly zero.
    if len(data) >= 4 and data.count(0) * 3 >= len(data):
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                return _text_or_binary(data.decode(encoding))
            except (UnicodeDecodeError, ExtractError):
                continue
    # Windows-1258, the legacy Vietnamese code page (tones as combining marks: NFC fixes them).
    try:
        return _text_or_binary(data.decode("cp1258"))
    except UnicodeDecodeError as error:
        raise ExtractError(ExtractCode.UNREADABLE) from error


def _text_or_binary(text: str) -> str:
    controls = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\n\r\t\x0c"
    )
    if controls > max(_BINARY_FLOOR, len(text) * _BINARY_SHARE):
        raise ExtractError(ExtractCode.UNREADABLE)
    return text


# ---------------------------------------------------------------------------------------------
# .docx (WordprocessingML, read with the standard library)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE: Final = "EncryptedPackage".encode("utf-16-le")
# Block containers whose paragraphs are read in document order (tables: row by row).
_BLOCK_CONTAINERS: Final = frozenset(
    _W + tag for tag in ("body", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml")
)
# Inside a paragraph: parts never shown as its text (text boxes are separate stories, deleted
# revisions are gone, field instructions are code).
_SKIPPED_INLINE: Final = frozenset(
    _W + tag for tag in ("txbxContent", "del", "instrText", "delText", "footnoteReference")
)


def _docx_text(data: bytes) -> str:
    if data.startswith(_OLE_MAGIC):
        # An OOXML file saved with a password is an OLE container holding "EncryptedPackage";
        # any other OLE file named .docx is an old binary .doc.
        if _ENCRYPTED_PACKAGE in data:
            raise ExtractError(ExtractCode.ENCRYPTED)
        raise ExtractError(ExtractCode.UNSUPPORTED_TYPE)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo("word/document.xml")
            except KeyError as error:
                raise ExtractError(ExtractCode.UNREADABLE) from error
            if info.file_size > MAX_DOCX_XML:
                raise ExtractError(ExtractCode.TOO_BIG)
            with archive.open(info) as member:
                xml = member.read(MAX_DOCX_XML + 1)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,  # a compression method zipfile cannot read
    ) as error:
        raise ExtractError(ExtractCode.UNREADABLE) from error
    if len(xml) > MAX_DOCX_XML:
        raise ExtractError(ExtractCode.TOO_BIG)
    # Word never writes a DTD; refusing one rules out entity expansion attacks, and
    # ElementTree does not fetch external resources.
    if b"<!DOCTYPE" in xml[:4096].upper() or b"<!ENTITY" in xml.upper():
        raise ExtractError(ExtractCode.UNREADABLE)
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314 - DTDs refused above
    except ElementTree.ParseError as error:
        raise ExtractError(ExtractCode.UNREADABLE) from error
    body = root.find(f"{_W}body")
    if body is None:
        raise ExtractError(ExtractCode.UNREADABLE)
    paragraphs: list[str] = []
    try:
        _collect_paragraphs(body, paragraphs)
    except RecursionError as error:  # nesting no word processor writes
        raise ExtractError(ExtractCode.UNREADABLE) from error
    return "\n".join(paragraphs)


def _collect_paragraphs(container: ElementTree.Element, out: list[str]) -> None:
    for child in container:
        if child.tag == f"{_W}p":
            parts: list[str] = []
            _collect_runs(child, parts)
            out.append("".join(parts))
        elif child.tag in _BLOCK_CONTAINERS:
            _collect_paragraphs(child, out)


def _collect_runs(element: ElementTree.Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{_W}p" or tag in _SKIPPED_INLINE:
            continue
        else:
            _collect_runs(child, parts)


# ---------------------------------------------------------------------------------------------
# .pdf (pypdf)

# A line holding only a page number ("3", "- 3 -") at the top or bottom of a page.
_PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")


def _pdf_text(data: bytes) -> str:
    # Imported here so the bot starts (and .txt/.docx work) even before pypdf is installed.
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if b"%PDF-" not in data[:1024]:
        raise ExtractError(ExtractCode.UNREADABLE)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many official PDFs only restrict printing/copying with an owner password; their
            # empty user password opens them. Anything else is refused.
            try:
                if not reader.decrypt(""):
                    raise ExtractError(ExtractCode.ENCRYPTED)
            except (DependencyError, FileNotDecryptedError, NotImplementedError) as error:
                raise ExtractError(ExtractCode.ENCRYPTED) from error
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ExtractError(ExtractCode.TOO_BIG)
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractError:
        raise
    except (FileNotDecryptedError, DependencyError) as error:
        raise ExtractError(ExtractCode.ENCRYPTED) from error
    # pypdf raises many exception types on damaged files (PdfReadError, KeyError,
    # ValueError, AssertionError, RecursionError …): all of them mean "unreadable".
    except Exception as error:
        raise ExtractError(ExtractCode.UNREADABLE) from error
    return "\n".join(_drop_page_numbers(page) for page in pages)


def _drop_page_numbers(page: str) -> str:
    lines = page.splitlines()
    if lines and _PAGE_NUMBER.match(lines[0]):
        lines = lines[1:]
    if lines and _PAGE_NUMBER.match(lines[-1]):
        lines = lines[:-1]
    return "\n".join(lines)
