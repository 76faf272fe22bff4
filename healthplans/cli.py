"""The `healthplans` command: run the pipeline, parse a file, score against gold, verify."""

from __future__ import annotations

import argparse
import fcntl
import json
import logging
import os
import sys
import time
import uuid
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from healthplans.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from dagster import DagsterInstance, Definitions

    from healthplans.parsing.model import SourceHints
    from healthplans.pipelines.runner import PipelineRun

QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
# An embedded instance: SQLite storage under DAGSTER_HOME, no usage reporting.
DAGSTER_YAML = "telemetry:\n  enabled: false\n"


def ensure_dagster_home(home: Path) -> None:
    """Create DAGSTER_HOME with a dagster.yaml unless one exists (written in one step, so a
    concurrent first run never reads half a file)."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        tmp = home / f".dagster.yaml.{os.getpid()}"
        tmp.write_text(DAGSTER_YAML, encoding="utf-8")
        os.replace(tmp, config)


def open_instance(home: Path) -> DagsterInstance:
    """The instance under `home`, its storages created while holding a lock on the home: first
    runs started together on a fresh home would otherwise stamp the SQLite schemas at once and
    fail ("more than one head")."""
    from dagster import DagsterInstance

    ensure_dagster_home(home)
    with (home / ".healthplans-init.lock").open("a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # released when the file closes
        # Loading the instance creates its storages and their schemas.
        return DagsterInstance.from_config(str(home))


def _run_settings(args: argparse.Namespace) -> Settings:
    settings = load_settings()
    return replace(settings, crawl_mode="live") if args.live else settings


def _cmd_run(args: argparse.Namespace) -> int:
    """Crawl every source and build the release on a real Dagster instance; summarize it."""
    settings = _run_settings(args)
    from healthplans.dataset.release import read_latest, read_manifest
    from healthplans.mirror.server import serve_mirror
    from healthplans.pipelines.definitions import build_definitions

    home = settings.dagster_home
    # The fixture mirror runs for this command only, unless one is already serving.
    serving = (
        serve_mirror()
        if settings.crawl_mode == "mirror" and not settings.mirror_url
        else nullcontext(settings.mirror_url)
    )
    started = time.monotonic()
    with serving as mirror_url, open_instance(home) as instance:
        defs = build_definitions(replace(settings, mirror_url=mirror_url))
        show = sys.stderr.isatty() and not args.no_progress
        run = _run_with_progress(defs, instance, show)
    elapsed = time.monotonic() - started
    if run.failed is not None:
        print(
            f"run {run.failed.run_id} failed{_failure_cause(run.failed)}; "
            "the last good release is untouched",
            file=sys.stderr,
        )
        return 1
    root = settings.releases_root
    version = read_latest(root)
    if version is None or run.release is None:
        print("run succeeded but no release exists", file=sys.stderr)
        return 1
    manifest = read_manifest(root, version)
    mat = run.release.asset_materializations_for_node("release")
    fresh = bool(mat and mat[-1].metadata.get("published") and mat[-1].metadata["published"].value)
    print(f"{'New release' if fresh else 'No change; latest release is'} {version}")
    print(f"  at {root}/{version}  (crawl: {settings.crawl_mode}, {elapsed:.1f}s)")
    for name, entry in sorted(manifest["tables"].items()):
        print(f"  {name:<16} {entry['rows']:>7} rows  {entry['bytes']:>9} bytes")
    return 0


def _run_with_progress(defs: Definitions, instance: DagsterInstance, show: bool) -> PipelineRun:
    from healthplans.pipelines.runner import run_pipeline
    from healthplans.progress import progress_line

    crawl_id, release_id = str(uuid.uuid4()), str(uuid.uuid4())
    steps = len(defs.resolve_job_def("build_release").graph.nodes)
    with progress_line(instance, release_id, steps, sys.stderr) if show else nullcontext():
        return run_pipeline(
            defs,
            instance,
            raise_on_error=False,
            run_config=QUIET_RUN_CONFIG,
            run_ids=(crawl_id, release_id),
        )


def _failure_cause(result: object) -> str:
    """ " at step S: <first line of its error>" for the first failed step, or ""."""
    for event in getattr(result, "all_events", []):
        if event.is_step_failure and event.step_failure_data.error is not None:
            error = event.step_failure_data.error
            while error.cause is not None and error.cls_name in (
                "DagsterExecutionStepExecutionError",
            ):
                error = error.cause
            first = (error.message.strip().splitlines() or [""])[0]
            return f" at step {event.step_key}: {first}"
    return ""


def _read_document(path: Path) -> tuple[str, SourceHints]:
    """Text and page hints of a file of any supported format, read by its content (not its
    name); raises CliError with the reader's one-line reason when it holds no document."""
    from healthplans.parsing.formats import UnreadableDocumentError, read_document
    from healthplans.parsing.model import SourceHints

    try:
        reading = read_document(path.read_bytes(), url=path.resolve().as_uri())
    except UnreadableDocumentError as exc:
        raise CliError(f"{path}: {exc}") from exc
    if reading.rejected:
        raise CliError(f"{path}: not a document page ({reading.rejected})")
    hints = reading.fields.hints() if reading.fields is not None else SourceHints()
    return reading.text, hints


def _cmd_parse(args: argparse.Namespace) -> int:
    """One file (TXT, HTML, PDF, scanned PDF, DOCX, DOC/WPS, OFD, XLSX/XLS, ZIP) as gold JSON,
    with the text that was parsed."""
    from healthplans.parsing import parse_document
    from healthplans.parsing.jsonout import to_gold_dict

    path = Path(args.file)
    text, hints = _read_document(path)
    parsed = parse_document(text, hints)
    out = to_gold_dict(parsed, path.name)
    out["text"] = text
    if parsed.relevance is not None:
        r = parsed.relevance
        out["relevance"] = {
            "decision": r.decision,
            "score": r.score,
            "reasons": list(r.reasons),
            "rules": r.rules,
        }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


class CliError(Exception):
    """A failure the command reports as one line; `code` 2 is a usage error, 1 a failure."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _folder(path: str, what: str) -> Path:
    folder = Path(path)
    if not folder.is_dir():
        raise CliError(f"{what} {path} is not a folder", 2)
    return folder


def _cmd_score(args: argparse.Namespace) -> int:
    from healthplans.parsing.score import format_report, score

    gold, pred = _folder(args.gold_dir, "gold folder"), _folder(args.pred_dir, "prediction folder")
    if not any(gold.glob("*.gold.json")):
        raise CliError(f"no *.gold.json files in {gold}", 2)
    scores = score(gold, pred)
    print(format_report(scores))
    if len(scores["missing_predictions"]) == scores["documents"]:
        raise CliError(f"no prediction in {pred} matches a gold file of {gold}")
    return 0


def _release_location(release: str | None, root: str | Path | None) -> tuple[str | Path, str]:
    """(releases root, version) from a version name, a release folder, or the latest release."""
    from healthplans.dataset.release import read_latest
    from healthplans.dataset.storage import MANIFEST

    if release and (Path(release) / MANIFEST).is_file():
        folder = Path(release).resolve()
        return folder.parent, folder.name
    base = root or load_settings().releases_root
    version = release or read_latest(base)
    if version is None:
        raise CliError(f"no release under {base} (set --root or HEALTHPLANS_DATA_ROOT)")
    return base, version


def _cmd_verify(args: argparse.Namespace) -> int:
    from healthplans.dataset.release import verify

    root, version = _release_location(args.release, args.root)
    problems = verify(root, version)
    if args.archive is not None and version is not None:
        problems += _archive_problems(
            Path(args.archive or load_settings().layout.archive), root, version
        )
    for p in problems:
        print(p)
    print(f"release {version}: {'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 0 if not problems else 1


def _archive_problems(archive_root: Path, root: str | Path, version: str) -> list[str]:
    """Every archived record against its index, then every `sources` row of the release
    against the archive (present and intact)."""
    from healthplans.dataset.release import read_table
    from healthplans.scrapers.archive import INDEX, Archive

    if not (archive_root / INDEX).exists():
        return [f"no archive at {archive_root}"]
    archive = Archive(archive_root)
    sources = read_table(root, version, "sources").select(["url", "sha256"]).to_pylist()
    pairs = sorted({(row["url"], row["sha256"]) for row in sources})
    return list(dict.fromkeys([*archive.verify_all(), *archive.missing(pairs)]))


def _cmd_report(args: argparse.Namespace) -> int:
    """Render a published release's HTML report to a file (the release itself stays as it is)."""
    from healthplans.dataset.report import write_report
    from healthplans.dataset.storage import ReleaseStore

    root, version = _release_location(args.release, args.root)
    if not ReleaseStore(root).exists(version, "manifest.json"):
        raise CliError(f"no release {version} under {root}")
    output = Path(args.output or f"report-{version}.html")
    print(write_report(root, version, output))
    return 0


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (a CJK character takes two)."""
    from unicodedata import east_asian_width

    used = sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)


def _cmd_sources(args: argparse.Namespace) -> int:
    """Coverage by province and each source's last crawl, from the registry and the local crawl
    state (a source never crawled here says so)."""
    from datetime import UTC, datetime

    from healthplans.dataset.source_status import coverage_summary, source_status_table
    from healthplans.scrapers.registry import load_registry
    from healthplans.scrapers.state import CrawlState

    registry = load_registry(include_disabled=True)
    path = load_settings().layout.crawl_state
    state = CrawlState(path) if path.exists() else None
    runs = state.runs() if state else []
    dates = state.list_dates() if state else {}
    table = source_status_table(
        [s.description() for s in registry.values()], runs, dates, datetime.now(UTC)
    )
    if args.json:
        for row in table.to_pylist():
            print(json.dumps(row, ensure_ascii=False, default=str))
        return 0
    rows = table.to_pylist()
    provinces = {r["province"] for r in rows if r["admin_level"] != "national"}
    national = sum(r["admin_level"] == "national" for r in rows)
    enabled = sum(r["enabled"] for r in rows)
    print(
        f"{len(rows)} sources ({enabled} enabled): {national} national, "
        f"{len(rows) - national} in {len(provinces)} provinces; crawl state: "
        + (str(path) if state else "none yet (run `healthplans run`)")
    )
    summary = coverage_summary(table)
    columns = [c for c in summary[0] if c != "province"] if summary else []
    widths = [len(c) + 2 for c in columns]
    print(_pad("province", 18) + "".join(c.rjust(w) for c, w in zip(columns, widths, strict=True)))
    for entry in summary:
        cells = (str(entry[c]).rjust(w) for c, w in zip(columns, widths, strict=True))
        print(_pad(str(entry["province"]), 18) + "".join(cells))
    if args.each:
        print()
        for r in rows:
            silent = "" if r["days_silent"] is None else f", silent {r['days_silent']} d"
            why = f" ({r['reason']})" if r["reason"] else ""
            print(f"{r['source_id']:<22} {r['status']}{why}{silent}  {r['name']}")
    return 0


def _cmd_mirror(args: argparse.Namespace) -> int:
    from healthplans.mirror.server import serve_mirror

    with serve_mirror(args.port) as base:
        example = f"{base}/www.yq.gov.cn/xxgk/zcwj/szfwj/index.shtml"
        print(f"mirror at {base}/<host>/<path>, e.g. {example}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("healthplans")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="healthplans", description=__doc__)
    parser.add_argument("--version", action="version", version=f"healthplans {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", help="crawl, parse, deduplicate and publish a release")
    run.add_argument("--live", action="store_true", help="crawl the live sites, not the mirror")
    run.add_argument("--no-progress", action="store_true", help="no progress line on stderr")
    run.set_defaults(func=_cmd_run)
    parse = sub.add_parser(
        "parse", help="parse one file (HTML, PDF, DOCX, DOC/WPS, OFD, XLSX, ZIP, text) to JSON"
    )
    parse.add_argument("file")
    parse.set_defaults(func=_cmd_parse)
    score = sub.add_parser("score", help="precision/recall/F1 of predictions against gold")
    score.add_argument("gold_dir")
    score.add_argument("pred_dir")
    score.set_defaults(func=_cmd_score)
    verify = sub.add_parser("verify", help="check a release's files against its manifest")
    verify.add_argument("release", nargs="?", help="version or release folder (default: latest)")
    verify.add_argument("--root", help="releases root or URL (default: data root/releases)")
    verify.add_argument(
        "--archive",
        nargs="?",
        const="",
        metavar="DIR",
        help="also check every archived record, and every source of the release, against the "
        "archive (default: data root/archive)",
    )
    verify.set_defaults(func=_cmd_verify)
    report = sub.add_parser("report", help="write a release's HTML report (figures, changes)")
    report.add_argument("release", nargs="?", help="version or release folder (default: latest)")
    report.add_argument("--root", help="releases root or URL (default: data root/releases)")
    report.add_argument("-o", "--output", help="output file (default: report-VERSION.html)")
    report.set_defaults(func=_cmd_report)
    sources = sub.add_parser(
        "sources", help="coverage by province and each source's last crawl (status, silence)"
    )
    sources.add_argument("--each", action="store_true", help="also one line per source")
    sources.add_argument("--json", action="store_true", help="one JSON object per source")
    sources.set_defaults(func=_cmd_sources)
    mirror = sub.add_parser("mirror", help="serve the bundled fixture mirror on 127.0.0.1")
    mirror.add_argument("--port", type=int, default=8765)
    mirror.set_defaults(func=_cmd_mirror)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command. Every failure ends in one line on stderr: exit code 2 for a usage error
    (a bad argument, a missing input file), 1 for anything else; never a traceback."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    prog = f"healthplans {args.command}"
    try:
        return int(args.func(args))
    except CliError as exc:
        code, message = exc.code, str(exc)
    except SettingsError as exc:
        code, message = 2, str(exc)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
        code, message = 2, f"{exc.strerror or 'cannot read'}: {exc.filename or exc}"
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last resort: one line naming the error, not a traceback
        code, message = 1, f"{type(exc).__name__}: {exc}"
    first = (message.strip().splitlines() or [""])[0]
    print(f"{prog}: {first}", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
