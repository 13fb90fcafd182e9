"""Render benchmark reports (run.py --json) as the Markdown tables of the README.

The first report gives the import figures; any later one (a `--remeasure` on the same
workdir) replaces the query, add-one and HTTP figures it has.

Example:
    python benchmarks/report.py run-1000.json remeasure-1000.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

CLASS_NAMES = {
    "term_common": "a common word",
    "term_rare": "a rare word",
    "and2": "two words",
    "phrase4": "a four-word quote",
    "phrase4_speaker": "the quote, one speaker",
    "phrase4_hl": "the quote, top ten highlighted",
}
QUERY_TARGET = 5.0


def merged(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the first report with the later ones' measurements laid over it."""
    result = dict(reports[0])
    for later in reports[1:]:
        for key in ("query", "add_one", "http", "index_segments", "optimize"):
            if key in later:
                result[key] = later[key]
    return result


def _n(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.0f}"
    return f"{value:.2g}" if value < 1 else f"{value:.1f}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def render(report: dict[str, Any]) -> str:
    """Return the report as Markdown: a heading line, the import table, the query table."""
    imp, add = report["import"], report["add_one"]
    lines = [
        f"**{report['episodes']:,} episodes** ({report['passages']:,} passages, "
        f"{report['words'] / 1e6:.1f} M words):",
        "",
        "| | Verbatim | FTS5 | ratio | target |",
        "|---|---|---|---|---|",
        f"| import (parse, store, index) | {_n(imp['verbatim_s'])} s | {_n(imp['fts5_s'])} s "
        f"| {_n(imp['ratio'])}× | ≤ 10× |",
        f"| add one episode, p50 / p95 | {_n(add['p50_ms'])} / {_n(add['p95_ms'])} ms "
        "| | | ≤ 1 s |",
        "",
        f"Queries through the search service the web app uses, on "
        f"{report.get('index_segments', '?')} index segments, milliseconds:",
        "",
        "| query class | Verbatim p50 | p95 | FTS5 p50 | p95 | ratio p95 (target ≤ 5×) |",
        "|---|---|---|---|---|---|",
    ]
    for name, label in CLASS_NAMES.items():
        row = report["query"][name]
        lines.append(
            f"| {label} | {_n(row['verbatim_p50_ms'])} | {_n(row['verbatim_p95_ms'])} "
            f"| {_n(row['fts5_p50_ms'])} | {_n(row['fts5_p95_ms'])} | {_n(row['ratio_p95'])}× |"
        )
    if "http" in report:
        http = report["http"]
        page, api = http["search_page"], http["api_search"]
        lines += [
            "",
            f"Over HTTP ({_count(http.get('server_workers', 1), 'server worker')}, "
            f"{http['clients']} "
            f"clients, {http['requests']} requests, {http['errors']} errors): `/?q=` p50 "
            f"{_n(page['p50_ms'])} ms, p95 {_n(page['p95_ms'])} ms; `/api/search` "
            f"{_n(api['p50_ms'])} / {_n(api['p95_ms'])} ms.",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print the README tables of the given reports."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="+", type=Path, help="run.py --json outputs")
    args = parser.parse_args(argv)
    print(render(merged([json.loads(path.read_text()) for path in args.reports])))


if __name__ == "__main__":
    main()
