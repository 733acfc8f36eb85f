"""Extracting text from uploads and parsing official texts (fictional wording throughout)."""

from __future__ import annotations

import codecs
import io
import json
import unicodedata
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

import pytest
from pypdf import PdfReader, PdfWriter

from bot.knowledge.extract import MAX_BYTES, ExtractCode, ExtractError, extract_text
from bot.knowledge.importer import parse_legal
from bot.knowledge.validation import (
    ImportRefused,
    Problem,
    ProblemCode,
    check_document,
    detect_doc,
    validate,
)
from bot.models.official import Clause, Layout, Point, Section, from_payload, to_payload

# ---------------------------------------------------------------------------------------------
# Fixture generators: texts


ND73_CHAPTERS = (
    ("I", "QUY ĐỊNH CHUNG", range(1, 7)),
    ("II", "CHÍNH SÁCH THỬ NGHIỆM", range(7, 13)),
    ("III", "BIỆN PHÁP GIẢ ĐỊNH", range(13, 18)),
    ("IV", "TRÁCH NHIỆM THỬ NGHIỆM", range(18, 23)),
    ("V", "ĐIỀU KHOẢN THI HÀNH", range(23, 25)),
)
# Chapter II is divided into sections: Mục 1 holds articles 7–9, Mục 2 articles 10–12.
ND73_SECTIONS = {7: ("1", "KHUYẾN KHÍCH GIẢ ĐỊNH"), 10: ("2", "BẢO VỆ GIẢ ĐỊNH")}


def nd73_header(number: str = "73/2023/NĐ-CP", kind: str = "NGHỊ ĐỊNH") -> list[str]:
    return [
        "CHÍNH PHỦ",
        "-------",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "---------------",
        f"Số: {number}",
        "Hà Nội, ngày 29 tháng 9 năm 2023",
        "",
        kind,
        "QUY ĐỊNH THỬ NGHIỆM VỀ MỘT CHÍNH SÁCH GIẢ ĐỊNH",
        "",
        "Căn cứ Luật Tổ chức thử nghiệm ngày 01 tháng 01 năm 2015;",
        "Theo đề nghị của Bộ trưởng Bộ Thử nghiệm;",
        "Chính phủ ban hành Nghị định quy định thử nghiệm một chính sách giả định.",
        "",
    ]


def article_lines(n: int, *, title_next_line: bool = False, separator: str = ".") -> list[str]:
    title = f"Nội dung thử nghiệm số {n}"
    head = [f"Điều {n}", title] if title_next_line else [f"Điều {n}{separator} {title}"]
    if n % 3 == 0:
        body = [f"Điều giả định {n} chỉ có một đoạn văn bản thử nghiệm."]
    elif n % 3 == 1:
        body = [
            "Điều này gồm các khoản sau đây:",
            f"1. Khoản một của điều {n};",
            f"2. Khoản hai của điều {n} gồm:",
            "a) Điểm a của khoản hai;",
            "b) Điểm b của khoản hai;",
            "c) Điểm c của khoản hai.",
            f"3. Khoản ba của điều {n}.",
        ]
    else:
        body = [
            f"1. Khoản một của điều {n} gồm:",
            "a) Điểm a;",
            "b) Điểm b;",
            "c) Điểm c;",
            "d) Điểm d;",
            "đ) Điểm đ.",
            f"2. Khoản hai của điều {n}.",
        ]
    if n == 24:
        body = [*body[:-1], body[-1] + "/."]
    return head + body


def nd73_text(
    *,
    number: str = "73/2023/NĐ-CP",
    kind: str = "NGHỊ ĐỊNH",
    missing: Iterable[int] = (),
    extra: Iterable[int] = (),
    title_next_line: Iterable[int] = (),
    articles: Iterable[int] | None = None,
) -> str:
    skip, doubled, next_line = set(missing), set(extra), set(title_next_line)
    keep = set(articles) if articles is not None else set(range(1, 25))
    lines = nd73_header(number, kind)
    for chapter, title, numbers in ND73_CHAPTERS:
        lines += [f"Chương {chapter}", title, ""]
        for n in numbers:
            if n in ND73_SECTIONS:
                section, section_title = ND73_SECTIONS[n]
                lines += [f"Mục {section}. {section_title}", ""]
            if n in skip or n not in keep:
                continue
            for _ in range(2 if n in doubled else 1):
                lines += [*article_lines(n, title_next_line=n in next_line), ""]
    lines += [
        "Nơi nhận:",
        "- Ban Thử nghiệm Trung ương;",
        "- Lưu: VT.",
        "TM. CHÍNH PHỦ",
        "KT. THỦ TƯỚNG",
        "PHÓ THỦ TƯỚNG",
        "",
        "Nguyễn Văn Giả",
    ]
    return "\n".join(lines)


KL14_TEXT = """BAN CHẤP HÀNH TRUNG ƯƠNG
*
Số 14-KL/TW
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày 22 tháng 9 năm 2021

KẾT LUẬN
CỦA BỘ CHÍNH TRỊ
về một chủ trương thử nghiệm giả định

Đoạn mở đầu thử nghiệm nêu bối cảnh giả định của kết luận này.
Bộ Chính trị kết luận như sau:

1. Mục đích thử nghiệm
Nội dung thứ nhất của mục một.
- Gạch đầu dòng thứ nhất;
- Gạch đầu dòng thứ hai.
2. Các cấp ủy thử nghiệm cần thực hiện một số việc giả định sau đây, theo thứ tự ưu tiên.
Danh sách con đánh số lại:
1. Việc con thứ nhất;
2. Việc con thứ hai.
3. Tổ chức thực hiện
Các cơ quan thử nghiệm phổ biến kết luận này.

T/M BỘ CHÍNH TRỊ
Trần Văn Giả

Nơi nhận:
- Các đơn vị thử nghiệm,
- Lưu Văn phòng."""

KL14_ROMAN = """Số 14-KL/TW
Hà Nội, ngày 22 tháng 9 năm 2021
KẾT LUẬN
Lời dẫn giả định.
I. PHẦN THỨ NHẤT
1. Ý một của phần thứ nhất;
2. Ý hai của phần thứ nhất gồm:
a) Điểm a;
b) Điểm b.
II. PHẦN THỨ HAI
1. Ý một của phần thứ hai.
T/M BỘ CHÍNH TRỊ
Trần Văn Giả"""

CV2390_TEXT = """ỦY BAN NHÂN DÂN
TỈNH THỬ NGHIỆM
-------
Số: 2390/UBND-NV
V/v thử nghiệm một việc giả định\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nha Trang, ngày 29 tháng 3 năm 2024

Kính gửi:
- Các sở, ban, ngành thử nghiệm;
- Ủy ban nhân dân các huyện giả định.

Thực hiện một văn bản thử nghiệm, Ủy ban nhân dân tỉnh có ý kiến như sau:

1. Giao các cơ quan thử nghiệm rà soát nội dung giả định và báo cáo kết quả.
2. Về việc tuyên truyền:
a) Tổ chức phổ biến nội dung thử nghiệm;
b) Đăng tải tài liệu giả định.
3. Giao đơn vị thử nghiệm theo dõi, tổng hợp.
4. Các đơn vị báo cáo kết quả trước ngày 30 tháng 4 năm 2024.

Nơi nhận:
- Như trên;
- Lưu: VT, NV.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Thị Giả"""

INVITATION = """Thư mời họp mặt

Thân gửi cả nhà,
Tối thứ Bảy này chúng mình tổ chức họp mặt ở nhà văn hóa khu phố.
Mọi người nhớ mang theo một món ăn nhé.
Hẹn gặp lại!"""

RECIPE = """Cách nấu canh chua giả định

Nguyên liệu: cá, cà chua, dứa, me.
1. Sơ chế cá và rửa sạch.
2. Nấu nước me lấy phần nước chua.
3. Cho cá vào nồi, nêm gia vị.
4. Thêm cà chua và dứa, đun sôi lại.
5. Tắt bếp, rắc rau thơm."""

NQ57_TEXT = """BAN CHẤP HÀNH TRUNG ƯƠNG
Số 57-NQ/TW
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày 22 tháng 12 năm 2024
NGHỊ QUYẾT
CỦA BỘ CHÍNH TRỊ
Lời dẫn giả định.
1. Ý thứ nhất giả định.
2. Ý thứ hai giả định.
3. Ý thứ ba giả định.
T/M BỘ CHÍNH TRỊ
Trần Văn Giả"""


# ---------------------------------------------------------------------------------------------
# Fixture generators: files

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _w_paragraph(text: str) -> str:
    # Split each paragraph into two runs, as Word does around formatting changes.
    half = len(text) // 2
    runs = "".join(
        f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>'
        for part in (text[:half], text[half:])
        if part
    )
    return f'<w:p><w:pPr><w:jc w:val="both"/></w:pPr>{runs}</w:p>'


def make_docx(
    lines: list[str], *, header_table: list[str] | None = None, extra: str = ""
) -> bytes:
    """A minimal .docx: optional letterhead table, one paragraph per line, `extra` XML."""
    body = ""
    if header_table:
        cells = "".join(f"<w:tc><w:tcPr/>{_w_paragraph(cell)}</w:tc>" for cell in header_table)
        body += f"<w:tbl><w:tblPr/><w:tr>{cells}</w:tr></w:tbl>"
    body += "".join(_w_paragraph(line) for line in lines) + extra
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )
    return _zip({"[Content_Types].xml": _CONTENT_TYPES, "word/document.xml": document})


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def make_pdf(pages: list[list[str]], *, unicode_map: bool = False) -> bytes:
    """A minimal PDF with Helvetica text, one line per Tj.

    Plain mode writes WinAnsi (ASCII) strings. With `unicode_map`, every character gets a
    one-byte code and a /ToUnicode CMap, as PDFs of Vietnamese texts do, so extraction of
    diacritics can be checked honestly.
    """
    chars = sorted({char for page in pages for line in page for char in line} - {" "})
    codes = {" ": 0x20} | {char: 0x21 + i for i, char in enumerate(chars)}
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree (filled in at the end)

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes) -> bytes:
        return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

    if unicode_map:
        entries = "\n".join(f"<{code:02X}> <{ord(char):04X}>" for char, code in codes.items())
        cmap = (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Test-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
            f"{len(codes)} beginbfchar\n{entries}\nendbfchar\n"
            "endcmap\nCMapName currentdict /CIDInit /ProcSet findresource pop end end\n"
        )
        to_unicode = add(stream(cmap.encode("ascii")))
        font = add(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode %d 0 R >>"
            % to_unicode
        )
    else:
        font = add(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
        )
    kids = []
    for page in pages:
        ops = ["BT /F1 11 Tf 72 760 Td"]
        for line in page:
            if unicode_map:
                ops.append("<" + "".join(f"{codes[c]:02X}" for c in line) + "> Tj 0 -14 Td")
            else:
                quoted = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops.append(f"({quoted}) Tj 0 -14 Td")
        ops.append("ET")
        content = add(stream("\n".join(ops).encode("latin-1")))
        kids.append(
            add(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, content)
            )
        )
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
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


def encrypt_pdf(data: bytes, *, user: str, owner: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user, owner_password=owner, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: base letters precomposed, tone marks as combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# parse_legal: decree


def test_parse_nd73_reads_header_chapters_sections_and_24_articles() -> None:
    parsed = parse_legal(nd73_text(), "ND73")

    assert parsed.layout is Layout.ARTICLES
    assert (parsed.number, parsed.date, parsed.kind) == (
        "73/2023/NĐ-CP",
        "2023-09-29",
        "NGHỊ ĐỊNH",
    )
    assert parsed.date_line == "Hà Nội, ngày 29 tháng 9 năm 2023"
    assert [c for c, _ in parsed.chapters] == ["I", "II", "III", "IV", "V"]
    assert parsed.chapters[0] == ("I", "QUY ĐỊNH CHUNG")
    assert parsed.sections == (
        Section("II", "1", "KHUYẾN KHÍCH GIẢ ĐỊNH"),
        Section("II", "2", "BẢO VỆ GIẢ ĐỊNH"),
    )
    assert [u.id for u in parsed.units] == [f"Điều {n}" for n in range(1, 25)]
    by_id = {u.id: u for u in parsed.units}
    assert (by_id["Điều 6"].chapter, by_id["Điều 6"].section) == ("I", None)
    assert (by_id["Điều 8"].chapter, by_id["Điều 8"].section) == ("II", "1")
    assert (by_id["Điều 11"].chapter, by_id["Điều 11"].section) == ("II", "2")
    assert (by_id["Điều 13"].chapter, by_id["Điều 13"].section) == ("III", None)
    assert by_id["Điều 24"].chapter == "V"
    assert parsed.preamble.startswith("CHÍNH PHỦ\n")
    assert "Căn cứ Luật Tổ chức thử nghiệm" in parsed.preamble
    assert parsed.closing.startswith("Nơi nhận:\n")
    assert parsed.closing.endswith("PHÓ THỦ TƯỚNG\nNguyễn Văn Giả")


def test_parse_nd73_keeps_wording_clauses_and_points() -> None:
    parsed = parse_legal(nd73_text(), "ND73")
    four, five, six = (parsed.unit(f"Điều {n}") for n in (4, 5, 6))
    assert four is not None and five is not None and six is not None

    assert four.title == "Nội dung thử nghiệm số 4"
    assert four.body == "\n".join(article_lines(4)[1:])
    assert four.clauses == (
        Clause(1, "Khoản một của điều 4;"),
        Clause(
            2,
            "Khoản hai của điều 4 gồm:",
            (
                Point("a", "Điểm a của khoản hai;"),
                Point("b", "Điểm b của khoản hai;"),
                Point("c", "Điểm c của khoản hai."),
            ),
        ),
        Clause(3, "Khoản ba của điều 4."),
    )
    assert [p.letter for p in five.clauses[0].points] == ["a", "b", "c", "d", "đ"]
    assert six.clauses == ()
    assert six.body == "Điều giả định 6 chỉ có một đoạn văn bản thử nghiệm."


def test_parse_nd73_summary_and_checks_accept_the_whole_text() -> None:
    parsed = parse_legal(nd73_text(), "ND73")
    summary = validate(parsed, "ND73")

    assert (summary.chapters, summary.units, summary.first, summary.last) == (
        5,
        24,
        "Điều 1",
        "Điều 24",
    )
    assert (summary.gaps, summary.duplicates, summary.count_differs) == ((), (), False)
    assert check_document(parsed, "ND73") == []


def test_missing_article_is_reported_as_a_gap_not_refused() -> None:
    parsed = parse_legal(nd73_text(missing=[9]), "ND73")
    summary = parsed.summary()

    assert summary.gaps == (9,)
    assert summary.units == 23
    assert summary.count_differs is True
    assert check_document(parsed, "ND73") == []


def test_article_title_on_the_next_line_and_heading_variants() -> None:
    text = nd73_text(title_next_line=[5, 12]).replace("Điều 6. ", "Điều 6: ")
    text = text.replace("Điều 7. ", "Điều 7 . ").replace("Chương III\n", "CHƯƠNG III\n")
    text = text.replace("Chương IV\nTRÁCH NHIỆM THỬ NGHIỆM", "Chương IV. TRÁCH NHIỆM THỬ NGHIỆM")
    parsed = parse_legal(text, "ND73")

    assert len(parsed.units) == 24
    for n in (5, 6, 7, 12):
        unit = parsed.unit(f"Điều {n}")
        assert unit is not None
        assert unit.title == f"Nội dung thử nghiệm số {n}"
    five = parsed.unit("Điều 5")
    assert five is not None and five.body.startswith("1. Khoản một của điều 5")
    assert parsed.chapters[2:4] == (
        ("III", "BIỆN PHÁP GIẢ ĐỊNH"),
        ("IV", "TRÁCH NHIỆM THỬ NGHIỆM"),
    )


def test_wrapped_pdf_lines_are_joined() -> None:
    text = nd73_text().replace(
        "Điều 3. Nội dung thử nghiệm số 3\nĐiều giả định 3 chỉ có một đoạn văn bản thử nghiệm.",
        "Điều 3. Nội dung thử nghiệm\nsố 3\nĐiều giả định 3 chỉ có một đoạn\nvăn bản thử nghiệm.",
    )
    three = parse_legal(text, "ND73").unit("Điều 3")

    assert three is not None
    assert three.title == "Nội dung thử nghiệm số 3"
    assert three.body == "Điều giả định 3 chỉ có một đoạn văn bản thử nghiệm."


def test_sentences_starting_with_chapter_or_article_words_are_body() -> None:
    text = nd73_text().replace(
        "Điều giả định 3 chỉ có một đoạn văn bản thử nghiệm.",
        "Chương II của Nghị định thử nghiệm được nhắc ở đây.\nĐiều 5 Nghị định giả định khác.",
    )
    parsed = parse_legal(text, "ND73")

    assert len(parsed.chapters) == 5
    assert len(parsed.units) == 24
    three = parsed.unit("Điều 3")
    assert three is not None and three.body.endswith("Điều 5 Nghị định giả định khác.")


def test_duplicate_article_is_refused() -> None:
    parsed = parse_legal(nd73_text(extra=[5]), "ND73")

    assert parsed.summary().duplicates == (5,)
    assert check_document(parsed, "ND73") == [Problem(ProblemCode.DUPLICATE_UNITS, "Điều 5")]
    with pytest.raises(ImportRefused) as refused:
        validate(parsed, "ND73")
    assert [p.code for p in refused.value.problems] == [ProblemCode.DUPLICATE_UNITS]


def test_too_few_articles_is_refused() -> None:
    parsed = parse_legal(nd73_text(articles=[1, 2, 3]), "ND73")

    assert check_document(parsed, "ND73") == [Problem(ProblemCode.TOO_FEW_UNITS, "3", "5")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (nd73_text(number="73/2024/NĐ-CP"), "73/2024/NĐ-CP"),
        (nd73_text(number="13/2012/NĐ-CP"), "13/2012/NĐ-CP"),
        (NQ57_TEXT, "57-NQ/TW"),
        (KL14_TEXT, "14-KL/TW"),
        (nd73_text(number="", kind="NGHỊ QUYẾT").replace("Số: \n", ""), "NGHỊ QUYẾT"),
    ],
)
def test_another_document_is_refused_as_wrong_document(text: str, found: str) -> None:
    parsed = parse_legal(text, "ND73")

    assert check_document(parsed, "ND73") == [
        Problem(ProblemCode.WRONG_DOCUMENT, found, "73/2023/NĐ-CP")
    ]


def test_decree_named_as_the_letter_is_wrong_document() -> None:
    problems = check_document(parse_legal(nd73_text(), "CV2390"), "CV2390")

    assert [p.code for p in problems] == [ProblemCode.WRONG_DOCUMENT]


def test_articles_without_header_are_accepted_as_the_decree() -> None:
    body = nd73_text().split("Chương I\n", 1)[1]
    parsed = parse_legal("Chương I\n" + body, "ND73")

    assert parsed.number is None
    assert check_document(parsed, "ND73") == []


# ---------------------------------------------------------------------------------------------
# parse_legal: conclusion and letter


def test_parse_kl14_points_preamble_and_closing() -> None:
    parsed = parse_legal(KL14_TEXT, "KL14")

    assert parsed.layout is Layout.POINTS
    assert (parsed.number, parsed.date, parsed.kind) == ("14-KL/TW", "2021-09-22", "KẾT LUẬN")
    assert [u.id for u in parsed.units] == ["Mục 1", "Mục 2", "Mục 3"]
    one, two, three = parsed.units
    assert one.title == "Mục đích thử nghiệm"
    assert one.body == (
        "Nội dung thứ nhất của mục một.\n- Gạch đầu dòng thứ nhất;\n- Gạch đầu dòng thứ hai."
    )
    # A long first sentence is not a title; the list restarting at 1 stays in the body.
    assert two.title == ""
    assert two.body.startswith("Các cấp ủy thử nghiệm cần thực hiện")
    assert two.body.endswith(
        "Danh sách con đánh số lại:\n1. Việc con thứ nhất;\n2. Việc con thứ hai."
    )
    assert three.title == "Tổ chức thực hiện"
    assert parsed.preamble.endswith("Bộ Chính trị kết luận như sau:")
    assert parsed.closing.startswith("T/M BỘ CHÍNH TRỊ\nTrần Văn Giả\nNơi nhận:")
    assert parsed.chapters == ()
    assert check_document(parsed, "KL14") == []
    assert parsed.summary().count_differs is False


@pytest.mark.parametrize("signature", ["TM.BỘ CHÍNH TRỊ", "T/M BỘ CHÍNH TRỊ", "KT: BỘ CHÍNH TRỊ"])
def test_closing_starts_at_the_signature(signature: str) -> None:
    parsed = parse_legal(KL14_TEXT.replace("T/M BỘ CHÍNH TRỊ", signature), "KL14")

    assert parsed.closing.startswith(signature + "\nTrần Văn Giả")
    assert parsed.units[-1].body == "Các cơ quan thử nghiệm phổ biến kết luận này."


def test_header_on_one_line_as_pdfs_give_it() -> None:
    text = nd73_text().replace(
        "Số: 73/2023/NĐ-CP\nHà Nội, ngày", "Số:73/2023/NĐ-CP TP. Hà Nội, ngày"
    )
    parsed = parse_legal(text, "ND73")

    assert (parsed.number, parsed.date_line) == (
        "73/2023/NĐ-CP",
        "Hà Nội, ngày 29 tháng 9 năm 2023",
    )


def test_parse_kl14_roman_parts_become_units_with_clauses() -> None:
    parsed = parse_legal(KL14_ROMAN, "KL14")

    assert [(u.id, u.title) for u in parsed.units] == [
        ("Mục 1", "PHẦN THỨ NHẤT"),
        ("Mục 2", "PHẦN THỨ HAI"),
    ]
    assert parsed.units[0].clauses == (
        Clause(1, "Ý một của phần thứ nhất;"),
        Clause(2, "Ý hai của phần thứ nhất gồm:", (Point("a", "Điểm a;"), Point("b", "Điểm b."))),
    )
    assert check_document(parsed, "KL14") == []


def test_parse_dash_numbered_points() -> None:
    text = KL14_TEXT.replace("\n1. Mục đích", "\n1- Mục đích").replace(
        "\n3. Tổ chức", "\n3 - Tổ chức"
    )
    parsed = parse_legal(text, "KL14")

    assert [u.id for u in parsed.units] == ["Mục 1", "Mục 2", "Mục 3"]


def test_parse_cv2390_four_points() -> None:
    parsed = parse_legal(CV2390_TEXT, "CV2390")

    assert (parsed.number, parsed.date) == ("2390/UBND-NV", "2024-03-29")
    assert parsed.date_line == "Nha Trang, ngày 29 tháng 3 năm 2024"
    assert parsed.kind is None
    assert [u.id for u in parsed.units] == ["Mục 1", "Mục 2", "Mục 3", "Mục 4"]
    two = parsed.units[1]
    assert two.title == "Về việc tuyên truyền"
    assert two.clauses == (
        Clause(
            0,
            "",
            (
                Point("a", "Tổ chức phổ biến nội dung thử nghiệm;"),
                Point("b", "Đăng tải tài liệu giả định."),
            ),
        ),
    )
    assert parsed.units[3].body == "Các đơn vị báo cáo kết quả trước ngày 30 tháng 4 năm 2024."
    assert "Kính gửi:" in parsed.preamble
    assert parsed.closing.endswith("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Thị Giả")
    assert check_document(parsed, "CV2390") == []


def test_letter_named_as_the_conclusion_is_wrong_document() -> None:
    assert check_document(parse_legal(CV2390_TEXT, "KL14"), "KL14") == [
        Problem(ProblemCode.WRONG_DOCUMENT, "2390/UBND-NV", "14-KL/TW")
    ]


@pytest.mark.parametrize("text", [INVITATION, RECIPE, "", "   \n\n"])
@pytest.mark.parametrize("doc", ["ND73", "KL14", "CV2390"])
def test_arbitrary_text_is_not_legal(text: str, doc: str) -> None:
    assert check_document(parse_legal(text, doc), doc) == [Problem(ProblemCode.NOT_LEGAL)]


def test_unknown_document_code_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown document"):
        parse_legal(KL14_TEXT, "NQ57")


# ---------------------------------------------------------------------------------------------
# detect_doc


@pytest.mark.parametrize(
    ("text", "doc"),
    [
        (nd73_text(), "ND73"),
        (KL14_TEXT, "KL14"),
        (KL14_ROMAN, "KL14"),
        (CV2390_TEXT, "CV2390"),
        (nd73_text(number="73/2024/NĐ-CP"), None),
        (NQ57_TEXT, None),
        (RECIPE, None),
        (INVITATION, None),
        # No number: the type heading and the year together still say which.
        (nd73_text().replace("Số: 73/2023/NĐ-CP\n", ""), "ND73"),
        (KL14_TEXT.replace("Số 14-KL/TW\n", ""), "KL14"),
    ],
)
def test_detect_doc(text: str, doc: str | None) -> None:
    assert detect_doc(text) == doc


def test_detect_doc_ignores_numbers_cited_in_the_body() -> None:
    letter = CV2390_TEXT.replace("Số: 2390/UBND-NV\n", "").replace(
        "Thực hiện một văn bản thử nghiệm", "Thực hiện Nghị định số 73/2023/NĐ-CP"
    )
    assert detect_doc(letter) is None


def test_header_number_with_eth_and_spaces_is_recognised() -> None:
    text = nd73_text(number="73/2023/NÐ-CP")  # Icelandic eth, as legacy converters write Đ
    parsed = parse_legal(text, "ND73")

    assert parsed.number == "73/2023/NĐ-CP"
    assert detect_doc(text) == "ND73"


# ---------------------------------------------------------------------------------------------
# Payload


@pytest.mark.parametrize(
    ("text", "doc"), [(nd73_text(), "ND73"), (KL14_TEXT, "KL14"), (CV2390_TEXT, "CV2390")]
)
def test_payload_round_trip(text: str, doc: str) -> None:
    parsed = parse_legal(text, doc)

    assert from_payload(json.loads(json.dumps(to_payload(parsed)))) == parsed


def test_payload_of_another_version_is_refused() -> None:
    with pytest.raises(ValueError, match="version"):
        from_payload({"v": 99})


# ---------------------------------------------------------------------------------------------
# extract_text: .txt


def test_txt_utf8_with_bom() -> None:
    data = codecs.BOM_UTF8 + "Điều 1. Phạm vi\r\nNội dung\r\n".encode()
    assert extract_text(data, "nd73.txt") == "Điều 1. Phạm vi\nNội dung"


def test_txt_nfd_becomes_nfc() -> None:
    text = "Điều 1. Phạm vi điều chỉnh của nghị định thử nghiệm"
    data = unicodedata.normalize("NFD", text).encode()
    assert extract_text(data, "x.TXT") == text


def test_txt_utf16_and_cp1258() -> None:
    text = "Kết luận thử nghiệm: ủy ban, hỗ trợ, nghĩa vụ, Đảng"
    assert extract_text(text.encode("utf-16"), "a.txt") == text
    assert extract_text(text.encode("utf-16-le"), "a.txt") == text
    assert extract_text(to_cp1258(text), "a.txt") == text


def test_normalisation_keeps_lines_and_drops_noise() -> None:
    raw = "  Điều\u00a0 1.\u200b   Phạm   vi\x07 \r\rdòng\tcó tab  \n\n\n\nCuối\u2028dòng "
    assert extract_text(raw.encode(), "a.txt") == "Điều 1. Phạm vi\n\ndòng\tcó tab\n\nCuối\ndòng"


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "a.txt", ExtractCode.EMPTY),
        (b" \n\t\n", "a.txt", ExtractCode.EMPTY),
        (b"12345 -- 678", "a.txt", ExtractCode.EMPTY),
        (bytes(range(256)) * 40, "a.txt", ExtractCode.UNREADABLE),
        (b"x" * (MAX_BYTES + 1), "a.txt", ExtractCode.TOO_BIG),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "old.doc",
            ExtractCode.UNSUPPORTED_TYPE,
        ),
        (b"\x89PNG\r\n\x1a\n", "scan.png", ExtractCode.UNSUPPORTED_TYPE),
        (b"hello", "noextension", ExtractCode.UNSUPPORTED_TYPE),
    ],
)
def test_extract_errors(data: bytes, name: str, code: ExtractCode) -> None:
    with pytest.raises(ExtractError) as error:
        extract_text(data, name)
    assert error.value.code == code
    assert error.value.code == code.value  # codes compare equal to their strings


# ---------------------------------------------------------------------------------------------
# extract_text: .docx


def test_docx_paragraphs_table_tabs_and_breaks() -> None:
    extra = (
        "<w:p><w:r><w:t>Trước</w:t><w:tab/><w:t>sau tab</w:t><w:br/><w:t>dòng mới</w:t></w:r>"
        "<w:del><w:r><w:delText>đã xóa</w:delText></w:r></w:del>"
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:hyperlink><w:r><w:t> liên kết</w:t></w:r></w:hyperlink></w:p>"
        "<w:p><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>hộp chữ</w:t></w:r></w:p>"
        "</w:txbxContent></w:drawing></w:r></w:p>"
    )
    data = make_docx(
        ["Điều 1. Phạm vi", "Nội dung & ký tự <đặc biệt>"],
        header_table=["CHÍNH PHỦ", "Số: 73/2023/NĐ-CP"],
        extra=extra,
    )
    assert extract_text(data, "ND73.docx") == (
        "CHÍNH PHỦ\nSố: 73/2023/NĐ-CP\nĐiều 1. Phạm vi\nNội dung & ký tự <đặc biệt>\n"
        "Trước\tsau tab\ndòng mới liên kết"
    )


def test_docx_of_the_decree_parses_into_24_articles() -> None:
    lines = nd73_text().split("\n")
    data = make_docx(lines[7:], header_table=lines[:7])
    text = extract_text(data, "nghi-dinh.docx")
    parsed = parse_legal(text, "ND73")

    assert detect_doc(text) == "ND73"
    assert parsed.summary().units == 24
    assert parsed.number == "73/2023/NĐ-CP"
    assert check_document(parsed, "ND73") == []


def test_docx_detected_by_signature_without_suffix() -> None:
    assert extract_text(make_docx(["Văn bản thử"]), "upload") == "Văn bản thử"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"PK\x03\x04 this is not a zip", ExtractCode.UNREADABLE),
        (_zip({"[Content_Types].xml": _CONTENT_TYPES}), ExtractCode.UNREADABLE),
        (_zip({"word/document.xml": "<w:document><w:body>"}), ExtractCode.UNREADABLE),
        (
            _zip(
                {
                    "word/document.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                    f'<w:document xmlns:w="{_W_NS}"><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p>'
                    "</w:body></w:document>"
                }
            ),
            ExtractCode.UNREADABLE,
        ),
        (make_docx([]), ExtractCode.EMPTY),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\0" * 100
            + "EncryptedPackage".encode("utf-16-le"),
            ExtractCode.ENCRYPTED,
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ExtractCode.UNSUPPORTED_TYPE),
    ],
)
def test_docx_errors(data: bytes, code: ExtractCode) -> None:
    with pytest.raises(ExtractError) as error:
        extract_text(data, "file.docx")
    assert error.value.code == code


# ---------------------------------------------------------------------------------------------
# extract_text: .pdf


def test_pdf_ascii_text_in_page_order_without_page_numbers() -> None:
    data = make_pdf(
        [["Dieu 1. Pham vi (thu nghiem)", "1. Khoan mot;", "1"], ["2", "Dieu 2. Doi tuong"]]
    )
    assert (
        extract_text(data, "scan.PDF")
        == "Dieu 1. Pham vi (thu nghiem)\n1. Khoan mot;\nDieu 2. Doi tuong"
    )


def test_pdf_with_tounicode_keeps_vietnamese_and_parses() -> None:
    lines = nd73_text(articles=range(1, 7)).split("\n")
    lines = [line for line in lines if line]
    pages = [lines[:30], lines[30:60], lines[60:]]
    text = extract_text(make_pdf(pages, unicode_map=True), "nd73.pdf")
    parsed = parse_legal(text, "ND73")

    assert text == "\n".join(lines)
    assert [u.id for u in parsed.units] == [f"Điều {n}" for n in range(1, 7)]
    assert parsed.number == "73/2023/NĐ-CP"


def test_pdf_detected_by_signature_without_suffix() -> None:
    assert extract_text(make_pdf([["Hello PDF"]]), "download") == "Hello PDF"


def test_pdf_owner_password_only_is_read() -> None:
    data = encrypt_pdf(make_pdf([["Dieu 1. Pham vi"]]), user="", owner="owner-secret")
    assert extract_text(data, "protected.pdf") == "Dieu 1. Pham vi"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (
            encrypt_pdf(make_pdf([["Dieu 1"]]), user="secret", owner="secret2"),
            ExtractCode.ENCRYPTED,
        ),
        (make_pdf([[], []]), ExtractCode.EMPTY),  # a scan: pages without text
        (make_pdf([["12", "- 3 -"]]), ExtractCode.EMPTY),
        (b"%PDF-1.4\n1 0 obj garbage", ExtractCode.UNREADABLE),
        (make_pdf([["Dieu 1"]])[:200], ExtractCode.UNREADABLE),
        (b"this is not a pdf at all", ExtractCode.UNREADABLE),
    ],
)
def test_pdf_errors(data: bytes, code: ExtractCode) -> None:
    with pytest.raises(ExtractError) as error:
        extract_text(data, "file.pdf")
    assert error.value.code == code
