"""Build the fixture mirror in memory: every URL of the mirrored sites mapped to bytes and headers.

Pages are rendered from the seed texts with templates that follow each site's real structure
(see catalog.yaml); the Bozhou plan is typeset into a PDF attachment, which the pipeline must
extract back; the aggregator's pages are encoded as GBK (GB18030 for the few bytes outside GBK).
"""

from __future__ import annotations

import html
import io
import json
import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import opencc
import yaml
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from healthplans.scrapers.http import MIRROR_HOSTS_INDEX as HOSTS_INDEX

HERE = Path(__file__).parent
SEEDS = HERE / "seeds"
# 經(jīng): a pinyin reading with at least one tone mark, as the aggregator annotates characters
PINYIN = re.compile(
    r"[(（]([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-züāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]*)[)）]"
)
# — 7 —: a page footer left in the seed by an earlier extraction
SEED_FOOTER = re.compile(r"^\s*—\s*\d+\s*—\s*$")
PDF_FONT = "STSong-Light"
PDF_CHARS_PER_LINE = 34
PDF_LINES_PER_PAGE = 34


@dataclass(frozen=True)
class Resource:
    """Bytes served at one URL."""

    body: bytes
    content_type: str


def _catalog() -> dict[str, Any]:
    return yaml.safe_load((HERE / "catalog.yaml").read_text(encoding="utf-8"))


def _template(name: str) -> string.Template:
    return string.Template((HERE / "templates" / name).read_text(encoding="utf-8"))


def _paragraphs(lines: list[str]) -> str:
    return "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in lines if line.strip())


def _seed_lines(doc: dict[str, Any]) -> list[str]:
    return (SEEDS / doc["seed"]).read_text(encoding="utf-8").splitlines()


def _derive(text: str, recipe: dict[str, Any]) -> str:
    for bad, good in recipe.get("replace", {}).items():
        text = text.replace(bad, good)
    if recipe.get("strip_pinyin"):
        text = PINYIN.sub("", text)
    if recipe.get("to_simplified"):
        text = opencc.OpenCC("t2s").convert(text)
    return text


def _info_table(lines: list[str]) -> str:
    """Seed lines like '发文机关: | 阳泉市人民政府 | 成文日期: | 2024-02-22 |' as table rows."""
    rows = []
    for line in lines:
        cells = [c.strip() for c in line.split("|")]
        while cells and not cells[-1]:
            cells.pop()
        tds = "".join(f"<td>{html.escape(c)}</td>" for c in cells)
        rows.append(f"<tr>{tds}</tr>")
    return "\n".join(rows)


def _wrap(paragraph: str, width: int) -> list[str]:
    text = "\u3000\u3000" + paragraph
    return [text[i : i + width] for i in range(0, len(text), width)]


def typeset_pdf(text: str, chars_per_line: int = PDF_CHARS_PER_LINE) -> bytes:
    """A4 PDF of `text`, paragraphs wrapped like a printed 红头文件, '— N —' under every page."""
    paragraphs = [
        line.strip().removeprefix("- ").strip()
        for line in text.splitlines()
        if line.strip() and not SEED_FOOTER.match(line)
    ]
    lines = [row for p in paragraphs for row in _wrap(p, chars_per_line)]
    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=True)
    width, height = A4
    for start in range(0, len(lines), PDF_LINES_PER_PAGE):
        pdf.setFont(PDF_FONT, 13)
        for i, row in enumerate(lines[start : start + PDF_LINES_PER_PAGE]):
            pdf.drawString(62, height - 80 - i * 20, row)
        page_no = start // PDF_LINES_PER_PAGE + 1
        pdf.drawCentredString(width / 2, 40, f"— {page_no} —")
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _render_document(doc: dict[str, Any], hosts: dict[str, Any]) -> dict[str, Resource]:
    lines = _seed_lines(doc)
    values = {
        "title": doc.get("title") or lines[doc.get("title_line", 0)].strip(),
        "publish_date": doc.get("publish_date", ""),
        "issue_date": doc.get("issue_date", ""),
        "doc_number": doc.get("doc_number", ""),
        "metadata": "",
        "attachment_href": "",
        "attachment_name": "",
    }
    out: dict[str, Resource] = {}
    if att := doc.get("attachment"):
        values["attachment_href"] = att["path"]
        values["attachment_name"] = html.escape(att["name"])
        body_lines = [ln for ln in lines[1:] if ln.strip()][: doc["cover_lines"] - 1]
        pdf = typeset_pdf("\n".join(lines))
        out[f"{doc['host']}{att['path']}"] = Resource(pdf, "application/pdf")
    elif n := doc.get("metadata_lines"):
        values["metadata"] = _info_table(lines[1 : 1 + n])
        body_lines = lines[1 + n :]
    else:
        body_lines = lines[doc.get("skip_lines", 0) :]
    if recipe := doc.get("derive"):
        body_lines = _derive("\n".join(body_lines), recipe).splitlines()
    values["body"] = _paragraphs(body_lines)
    page = _template(doc["template"]).substitute(values)
    out[f"{doc['host']}{doc['page']}"] = _encode(page, hosts[doc["host"]])
    return out


def _encode(page: str, host: dict[str, Any]) -> Resource:
    charset = host.get("charset", "utf-8")
    # GB18030 is GBK plus mappings for the user-defined area the aggregator's bytes fall into.
    codec = "gb18030" if charset.lower() == "gbk" else charset
    return Resource(page.encode(codec), f"text/html; charset={charset}")


HANWEB_RECORD = (
    '<record><![CDATA[<li><a href="{href}" title="{title}" target="_blank">'
    "{title}</a><span>{date}</span></li>]]></record>"
)
LIST_ITEM = {"hanweb_dataproxy.xml": HANWEB_RECORD, "hanweb_list.html": HANWEB_RECORD}
DEFAULT_ITEM = (
    '<li><a href="{href}" title="{title}">{title}</a><span class="date">{date}</span></li>'
)


def _render_listing(listing: dict[str, Any], docs: dict[str, Any], hosts: dict[str, Any]) -> dict:
    fmt = LIST_ITEM.get(listing["template"], DEFAULT_ITEM)
    rows = []
    for entry in listing["entries"]:
        if len(entry) == 1:
            doc = docs[entry[0]]
            title = doc.get("title") or _seed_lines(doc)[doc.get("title_line", 0)].strip()
            href, date = doc["page"], doc["publish_date"]
        else:
            title, href, date = entry
        rows.append(fmt.format(href=href, title=html.escape(title), date=date))
    page = _template(listing["template"]).substitute(
        items="\n".join(rows),
        page_count=listing.get("page_count", 1),
        current_page=listing.get("current_page", 0),
        total_record=listing.get("total_record", len(rows)),
        per_page=listing.get("per_page", 15),
    )
    host_path = listing["url"].split("://", 1)[1]
    host = host_path.split("/", 1)[0]
    return {host_path: _encode(page, hosts[host])}


def _render_page(page: dict[str, Any], hosts: dict[str, Any]) -> dict[str, Resource]:
    values = {**page["values"], "body": _paragraphs(page["paragraphs"])}
    host_path = page["url"].split("://", 1)[1]
    return {host_path: _encode(_template(page["template"]).substitute(values), hosts[_host(page)])}


def _render_json(entry: dict[str, Any]) -> dict[str, Resource]:
    body = json.dumps(entry["data"], ensure_ascii=False).encode("utf-8")
    return {entry["url"].split("://", 1)[1]: Resource(body, "application/json;charset=UTF-8")}


def _host(entry: dict[str, Any]) -> str:
    return str(entry["url"].split("://", 1)[1].split("/", 1)[0])


@lru_cache(maxsize=1)
def build_mirror() -> dict[str, Resource]:
    """Every mirrored resource keyed by 'host/path' (no scheme)."""
    cat = _catalog()
    hosts = cat["hosts"]
    docs = {d["id"]: d for d in cat["documents"]}
    out: dict[str, Resource] = {}
    for host, conf in hosts.items():
        out[f"{host}/robots.txt"] = Resource(conf["robots"].encode(), "text/plain")
    for doc in docs.values():
        out.update(_render_document(doc, hosts))
    for listing in cat["listings"]:
        out.update(_render_listing(listing, docs, hosts))
    for page in cat.get("pages", []):
        out.update(_render_page(page, hosts))
    for entry in [*cat.get("json", []), *cat.get("family_json", [])]:
        out.update(_render_json(entry))
    for host, conf in cat.get("family_hosts", {}).items():
        out[f"{host}/robots.txt"] = Resource(conf["robots"].encode(), "text/plain")
        hosts.setdefault(host, conf)
    for page in cat.get("family_plans", []):
        out.update(_render_page(page, hosts))
    for entry in cat.get("family_raw", []):
        content_type = entry.get("content_type", "text/html; charset=utf-8")
        out[resource_key(entry["url"])] = Resource(entry["text"].encode("utf-8"), content_type)
    served = sorted({key.split("/", 1)[0] for key in out})
    out[HOSTS_INDEX] = Resource(json.dumps(served).encode(), "application/json")
    return out


def resource_key(url: str) -> str:
    """Key of a logical URL in the mirror: https://host/path?query → host/path?query."""
    return url.split("://", 1)[-1]


def mirrored(entry_points: tuple[str, ...]) -> bool:
    """Whether the mirror serves every one of a source's entry points."""
    resources = build_mirror()
    return all(resource_key(url) in resources for url in entry_points)
