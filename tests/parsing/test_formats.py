"""Attachments read by content, whatever their name: files generated here in every format the
readers take (DOCX, XLSX, OFD, OLE Word .doc/.wps, an image-only PDF, ZIP), and the real DOCX
and PDF plans of ../shared/reference/documents scored against their gold."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from healthplans.cli import main
from healthplans.parsing import parse_document
from healthplans.parsing.formats import UnreadableDocumentError, read_document, sniff
from healthplans.parsing.jsonout import to_gold_dict
from healthplans.parsing.score import score
from tests.office_files import docx_document, word97_document
from tests.shared_reference import REFERENCE, SHARED_GOLD, reference_dir

SEEDS = Path(__file__).resolve().parents[2] / "mirror" / "seeds"
SEED = (SEEDS / "000_6df9cd99be9aa381.txt").read_text(encoding="utf-8")
HEADINGS = [
    ln.strip() for ln in SEED.splitlines() if ln.strip().startswith(("一、", "二、", "三、"))
]


def test_a_docx_plan_reads_paragraphs_and_table_rows() -> None:
    lines = [ln for ln in SEED.splitlines() if ln.strip()]
    table = [["任务", "牵头单位", "配合单位"], ["建设紧密型县域医共体", "市卫生健康委", "市财政局"]]
    reading = read_document(docx_document(lines, table))
    assert reading.kind == "docx"
    for heading in HEADINGS:
        assert heading in reading.text
    assert "市卫生健康委" in reading.text and "建设紧密型县域医共体" in reading.text
    from_docx = parse_document(reading.text)
    from_text = parse_document(SEED)
    assert [c.path for c in from_docx.clauses] == [c.path for c in from_text.clauses]


def test_an_xlsx_task_table_is_read_row_by_row() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "重点任务", "牵头单位", "完成时限"])
    sheet.append([1, "提升基层医疗卫生服务能力", "省卫生健康委", "2025年底"])
    out = io.BytesIO()
    book.save(out)
    reading = read_document(out.getvalue())
    assert reading.kind == "xlsx"
    assert "提升基层医疗卫生服务能力\t省卫生健康委" in reading.text


def _ofd(lines: list[str]) -> bytes:
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    codes = "".join(
        f'<ofd:TextObject ID="{i + 10}" Boundary="20 {20 + 8 * i} 170 6" Font="1" Size="4">'
        f'<ofd:TextCode X="0" Y="4">{line}</ofd:TextCode></ofd:TextObject>'
        for i, line in enumerate(lines)
    )
    parts = {
        "OFD.xml": f"<ofd:OFD {ns} Version='1.0'><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml"
        "</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f"<ofd:Document {ns}><ofd:Pages><ofd:Page ID='1' "
        "BaseLoc='Pages/Page_0/Content.xml'/></ofd:Pages></ofd:Document>",
        "Doc_0/Pages/Page_0/Content.xml": f"<ofd:Page {ns}><ofd:Content><ofd:Layer ID='2'>"
        f"{codes}</ofd:Layer></ofd:Content></ofd:Page>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return out.getvalue()


def test_an_ofd_file_is_read_line_by_line_in_page_order() -> None:
    lines = ["关于印发某市进一步完善医疗卫生服务体系实施方案的通知", *HEADINGS]
    reading = read_document(_ofd(lines))
    assert reading.kind == "ofd"
    assert reading.text.splitlines() == lines


def test_format_is_taken_from_the_bytes_not_the_name(tmp_path: Path, capsys) -> None:
    misnamed = tmp_path / "plan.pdf"  # a DOCX served as .pdf (downfile.jsp links often are)
    lines = [ln for ln in SEED.splitlines() if ln.strip()]
    misnamed.write_bytes(docx_document(lines, [["a", "b"]]))
    assert sniff(misnamed.read_bytes()) == "docx"
    assert main(["parse", str(misnamed)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert HEADINGS[0] in out["text"] and out["outline"]


def test_a_zip_of_attachments_reads_each_member() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("附件1.docx", docx_document(HEADINGS, [["x"]]))
        archive.writestr("附件2.ofd", _ofd(["附件2 指标表"]))
    reading = read_document(out.getvalue())
    assert reading.kind == "zip" and HEADINGS[0] in reading.text and "附件2 指标表" in reading.text


@pytest.mark.parametrize("body", [b"", b"\x00\x01\x02 not a document \xff" * 20, b"PK\x03\x04junk"])
def test_unreadable_bytes_are_one_clear_error(body: bytes, tmp_path: Path, capsys) -> None:
    with pytest.raises(UnreadableDocumentError):
        read_document(body)
    path = tmp_path / "attachment.bin"
    path.write_bytes(body)
    assert main(["parse", str(path)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def _image_only_pdf(lines: list[str]) -> bytes:
    """A scan: lines drawn as pixels with a CJK font (Noto Sans CJK, from a pip package), saved
    as an image-only PDF page: no text layer at all."""
    from importlib.resources import files

    from PIL import Image, ImageDraw, ImageFont

    font_file = next(
        f for f in files("cvttf_NotoSansCJK_Regular").iterdir() if f.name.endswith(".otf")
    )
    font = ImageFont.truetype(str(font_file), 40)
    page = Image.new("RGB", (1654, 2339), "white")  # A4 at 200 dpi
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(lines):
        draw.text((120, 160 + 90 * i), line, fill="black", font=font)
    scan = io.BytesIO()
    page.save(scan, format="PDF", resolution=200)
    return scan.getvalue()


def test_a_scanned_pdf_is_read_through_ocr() -> None:
    lines = ["某市进一步完善医疗卫生服务体系实施方案", *HEADINGS[:2]]
    reading = read_document(_image_only_pdf(lines))
    assert reading.kind == "pdf" and reading.ocr_pages == 1
    squeezed = "".join(reading.text.split())
    hits = sum("".join(line.split()) in squeezed for line in lines)
    assert hits >= 2, reading.text


def test_real_docx_and_pdf_plans_against_their_gold(tmp_path: Path) -> None:
    documents = reference_dir("documents")
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    raws = [p for p in sorted(documents.glob("*.raw.*")) if p.suffix in (".pdf", ".docx")]
    for raw in raws:
        stem = raw.name.split(".raw.")[0]
        gold = SHARED_GOLD / f"{stem}.gold.json"
        if not gold.is_file():
            continue
        reading = read_document(raw.read_bytes())
        assert reading.kind == raw.suffix.lstrip(".")
        parsed = to_gold_dict(parse_document(reading.text), raw.name)
        (pred_dir / f"{stem}.json").write_text(json.dumps(parsed, ensure_ascii=False))
        (gold_dir / gold.name).write_text(gold.read_text(encoding="utf-8"), encoding="utf-8")
    result = score(gold_dir, pred_dir)
    assert result["documents"] >= 5, REFERENCE
    # Measured: outline paths F1 0.947 over 5 DOCX and 1 PDF plans (every DOCX read 0 before).
    assert result["fields"]["outline.paths"]["f1"] >= 0.93
    assert result["fields"]["targets"]["f1"] >= 0.80


def test_an_ole_word_file_is_read_by_content_whatever_its_name() -> None:
    # A Word 97 binary (the format of .doc, and of most .wps attachments), built here.
    lines = ["某某市卫生健康事业发展实施方案", *HEADINGS]
    body = word97_document("\r".join(lines) + "\r部门\x07职责\x07\x07市卫生健康委\x07牵头\x07\x07")
    for name in ("https://x.gov.cn/a.wps", "https://x.gov.cn/downfile.jsp?id=7"):
        reading = read_document(body, "application/octet-stream", name)
        assert reading.kind == "doc"
        assert reading.text.split("\n") == [*lines, "部门\t职责", "市卫生健康委\t牵头"]
    parsed = parse_document(reading.text)
    assert [c.heading for c in parsed.clauses if c.depth == 1][: len(HEADINGS)] == [
        h.split("、", 1)[1] for h in HEADINGS
    ]


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_NUMBERING = (
    f"<w:numbering {_W}><w:abstractNum w:abstractNumId='0'>"
    "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
    "<w:lvlText w:val='%1、'/><w:pStyle w:val='h1'/></w:lvl>"
    "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
    "<w:lvlText w:val='（%2）'/><w:pStyle w:val='h2'/></w:lvl>"
    "</w:abstractNum><w:num w:numId='1'><w:abstractNumId w:val='0'/></w:num></w:numbering>"
)
# h1 and h2 are numbered by the list; h2x is based on h2; body is not numbered.
_STYLES = (
    f"<w:styles {_W}>"
    "<w:style w:styleId='h1'><w:pPr><w:numPr><w:numId w:val='1'/></w:numPr></w:pPr></w:style>"
    "<w:style w:styleId='h2'><w:pPr><w:numPr><w:numId w:val='1'/><w:ilvl w:val='1'/>"
    "</w:numPr></w:pPr></w:style>"
    "<w:style w:styleId='h2x'><w:basedOn w:val='h2'/></w:style>"
    "</w:styles>"
)


def _styled(style: str, text: str, num: str = "") -> str:
    return f"<w:p><w:pPr><w:pStyle w:val='{style}'/>{num}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_docx_headings_numbered_by_their_style_get_their_labels() -> None:
    from healthplans.parsing.formats.docx import docx_text

    body = "".join(
        [
            _styled("h1", "总体要求"),
            _styled("h2", "指导思想"),
            _styled("body", "正文。"),
            _styled("h2x", "工作目标"),
            _styled("h1", "重点任务"),
            # numId 0 on the paragraph removes its style's numbering
            _styled("h2", "不编号", "<w:numPr><w:numId w:val='0'/></w:numPr>"),
            _styled("h2", "优化布局"),
        ]
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "word/document.xml", f"<w:document {_W}><w:body>{body}</w:body></w:document>"
        )
        archive.writestr("word/numbering.xml", _NUMBERING)
        archive.writestr("word/styles.xml", _STYLES)
    assert docx_text(out.getvalue()).split("\n") == [
        "一、总体要求", "（一）指导思想", "正文。", "（二）工作目标", "二、重点任务", "不编号",
        "（一）优化布局",
    ]  # fmt: skip


def test_docx_list_restarted_by_a_start_override_counts_from_it() -> None:
    from healthplans.parsing.formats.docx import docx_text

    numbering = _NUMBERING.replace(
        "</w:numbering>",
        "<w:num w:numId='2'><w:abstractNumId w:val='0'/>"
        "<w:lvlOverride w:ilvl='1'><w:startOverride w:val='1'/></w:lvlOverride></w:num>"
        "<w:num w:numId='3'><w:abstractNumId w:val='0'/></w:num></w:numbering>",
    )

    def item(num_id: str, text: str) -> str:
        num = f"<w:numPr><w:ilvl w:val='1'/><w:numId w:val='{num_id}'/></w:numPr>"
        return _styled("body", text, num)

    body = item("1", "甲") + item("1", "乙") + item("2", "丙") + item("2", "丁") + item("3", "戊")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "word/document.xml", f"<w:document {_W}><w:body>{body}</w:body></w:document>"
        )
        archive.writestr("word/numbering.xml", numbering)
    # numId 2 starts again at 1; numId 3 shares the definition and runs on.
    assert docx_text(out.getvalue()).split("\n") == [
        "（一）甲",
        "（二）乙",
        "（一）丙",
        "（二）丁",
        "（三）戊",
    ]


def test_a_docx_text_box_is_read_once() -> None:
    from healthplans.parsing.formats.docx import docx_text

    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    box = "<w:txbxContent><w:p><w:r><w:t>某市人民政府文件</w:t></w:r></w:p></w:txbxContent>"
    body = (
        f"<w:p><w:r><mc:AlternateContent><mc:Choice Requires='wps'>{box}</mc:Choice>"
        f"<mc:Fallback>{box}</mc:Fallback></mc:AlternateContent></w:r></w:p>"
        "<w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p>"
        # tracked changes: deleted and moved-away text is not printed
        "<w:p><w:moveFrom><w:r><w:t>移走的</w:t></w:r></w:moveFrom><w:r><w:t>二、主要任务</w:t>"
        "</w:r></w:p>"
    )
    assert docx_text(_docx_body(body, mc)).split("\n") == [
        "某市人民政府文件",
        "一、总体要求",
        "二、主要任务",
    ]


def test_a_text_box_s_paragraphs_are_lines_of_their_own() -> None:
    # A red head floating in a text box anchored in the 文号 paragraph.
    from healthplans.parsing.formats.docx import docx_text

    box = "<w:txbxContent><w:p><w:r><w:t>某市人民政府办公室文件</w:t></w:r></w:p></w:txbxContent>"
    body = (
        "<w:p><w:r><w:drawing><wp:anchor xmlns:wp='urn:wp'>"
        f"<wps:txbx xmlns:wps='urn:wps'>{box}</wps:txbx></wp:anchor></w:drawing></w:r>"
        "<w:r><w:t>某政办发〔2023〕41号</w:t></w:r></w:p>"
    )
    assert docx_text(_docx_body(body)).split("\n") == [
        "某市人民政府办公室文件",
        "某政办发〔2023〕41号",
    ]


def _docx_body(body: str, *namespaces: str) -> bytes:
    """A DOCX holding only a document part with `body` (WordprocessingML, `namespaces` declared)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        declared = " ".join((_W, *namespaces))
        archive.writestr(
            "word/document.xml", f"<w:document {declared}><w:body>{body}</w:body></w:document>"
        )
    return out.getvalue()
