"""Pages no registry layout matches, challenge pages and attachments of any format, crawled
over loopback HTTP: the layout-agnostic reader takes over where the site's selectors do not
match, error pages are quarantined with their kind, and a cover notice's DOCX is the plan."""

from __future__ import annotations

from pathlib import Path

from healthplans.mirror.build import Resource
from healthplans.mirror.server import serve_resources
from healthplans.records import Publication
from healthplans.scrapers.archive import Archive
from healthplans.scrapers.crawl import fetch_copy
from healthplans.scrapers.fetcher import Fetcher
from healthplans.scrapers.registry import load_registry
from tests.office_files import docx_document

SOURCE = load_registry()["yangquan"]  # a TRS site; the pages below are of another layout
HOST = "www.yq.gov.cn"
SEED = Path(__file__).resolve().parents[2] / "mirror" / "seeds" / "001_c28985a53e9e0c4c.txt"
PLAN = SEED.read_text(encoding="utf-8")
PLAN_LINES = [ln for ln in PLAN.splitlines() if ln.strip()]


def _page(title: str, body_html: str) -> bytes:
    """An article page of a layout no registry entry describes: meta tags of the 政府网站发展
    指引, a navigation bar, the text in an unnamed div, a footer."""
    nav = "".join(f"<li><a href='/c{i}/'>栏目{i}</a></li>" for i in range(12))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="2024-03-08 10:00">
<meta name="ContentSource" content="阳泉市人民政府办公室"></head><body>
<div class="top"><ul>{nav}</ul></div>
<div class="w1200"><div class="left">相关链接 <a href="/x">市政府</a></div>
<div class="zw-box"><h2>{title}</h2><p>阳政办发〔2024〕5号</p>{body_html}</div></div>
<div class="footer">主办：阳泉市人民政府办公室 版权所有 网站标识码1403000001</div>
</body></html>""".encode()


def _serve(resources: dict[str, Resource], tmp_path: Path, url: str):  # type: ignore[no-untyped-def]
    from healthplans.scrapers.http import ClientConfig, MirrorUrlMap, PoliteClient

    archive = Archive(tmp_path / "archive")
    with serve_resources(resources) as base:
        client = PoliteClient(ClientConfig(min_interval_s=0.0), MirrorUrlMap(base))
        pub = Publication(SOURCE.id, url, "标题", None, f"https://{HOST}/list.html")
        copy = fetch_copy(pub, SOURCE, Fetcher(client, archive))
    return copy, archive


def test_a_page_of_an_unknown_layout_is_read_by_structure(tmp_path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in PLAN_LINES)
    path = f"{HOST}/art/2024/3/8/art_1_1.html"
    copy, _ = _serve(
        {path: Resource(_page(PLAN_LINES[0], body), "text/html")}, tmp_path, f"https://{path}"
    )
    assert copy is not None and copy.format == "html"
    assert PLAN_LINES[3] in copy.text and PLAN_LINES[-1] in copy.text
    assert "栏目3" not in copy.text and "版权所有" not in copy.text  # no navigation, no footer
    assert copy.hints.publish_date == "2024-03-08"


def test_a_challenge_page_is_quarantined_not_parsed(tmp_path: Path) -> None:
    path = f"{HOST}/art/blocked.html"
    challenge = (
        b"<html><head><meta http-equiv='refresh' content='0'></head><body>"
        b"<script>var $_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=12345;</script>"
        b"</body></html>"
    )
    copy, archive = _serve({path: Resource(challenge, "text/html")}, tmp_path, f"https://{path}")
    assert copy is None
    (entry,) = [q for q in archive.quarantine_entries() if q.url.endswith("blocked.html")]
    assert entry.stage == "article" and entry.reason in ("challenge", "waf_block", "no_body")


def test_a_cover_notice_with_a_docx_attachment_yields_the_plan(tmp_path: Path) -> None:
    notice = (
        "<p>现将《方案》印发给你们，请认真贯彻落实。</p>"
        "<p>附件：<a href='/uploadfiles/202403/plan.docx'>方案.docx</a></p>"
    )
    page = f"{HOST}/art/2024/3/8/art_1_2.html"
    attachment = f"{HOST}/uploadfiles/202403/plan.docx"
    resources = {
        page: Resource(_page("关于印发方案的通知", notice), "text/html"),
        # served without a useful type, as downfile.jsp links often are
        attachment: Resource(docx_document(PLAN_LINES), "application/octet-stream"),
    }
    copy, archive = _serve(resources, tmp_path, f"https://{page}")
    assert copy is not None and copy.format == "docx"
    assert copy.url == f"https://{attachment}"
    assert PLAN_LINES[3] in copy.text
    assert archive.read(copy.url, copy.sha256)  # the attachment's bytes are archived
