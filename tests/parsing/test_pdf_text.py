"""PDF text extraction on PDFs typeset from the seed texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from healthplans.mirror.build import typeset_pdf
from healthplans.parsing.formats.pdf import NotAPdfError, pdf_text

SEEDS = Path(__file__).resolve().parents[2] / "mirror" / "seeds"


def _compact(text: str) -> str:
    return "".join(text.split())


def test_a_line_holding_one_glyph_is_kept() -> None:
    paragraph = "(一)优化资源配置,加强人才队伍建设,推进能力现代化"
    # The typesetter indents by two characters; one fewer per line leaves 化 alone on line two,
    # a line PDFium's text page drops.
    pdf = typeset_pdf(paragraph, chars_per_line=len(paragraph) + 1)
    assert _compact(pdf_text(pdf)) == paragraph


@pytest.mark.parametrize("width", [16, 25, 34])
def test_every_character_of_a_seed_survives(width: int) -> None:
    seed = (SEEDS / "001_c28985a53e9e0c4c.txt").read_text(encoding="utf-8")
    extracted = _compact(pdf_text(typeset_pdf(seed, chars_per_line=width)))
    assert extracted == _compact(seed)


def test_page_footers_are_removed() -> None:
    seed = (SEEDS / "000_6df9cd99be9aa381.txt").read_text(encoding="utf-8")
    text = pdf_text(typeset_pdf(seed))
    assert "— 2 —" not in text and "— 7 —" not in text


def test_a_pdf_that_is_not_one_is_refused() -> None:
    with pytest.raises(NotAPdfError):
        pdf_text(b"<html>not a pdf</html>")


def test_a_running_header_is_removed_at_the_page_edges_only() -> None:
    # The header names the issuer, and so does the signature in the middle of page 1.
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pages = [
        ["现印发给你们。", "某市人民政府办公室", "2023年5月12日"],
        ["一、总体要求"],
        ["二、主要任务"],
    ]
    for lines in pages:
        pdf.setFont("STSong-Light", 12)
        pdf.drawString(72, 800, "某市人民政府办公室")
        for k, line in enumerate(lines):
            pdf.drawString(72, 600 - 20 * k, line)
        pdf.showPage()
    pdf.save()
    lines = [line.strip() for line in pdf_text(out.getvalue()).split("\n") if line.strip()]
    assert lines == [
        "现印发给你们。", "某市人民政府办公室", "2023年5月12日", "一、总体要求", "二、主要任务",
    ]  # fmt: skip
