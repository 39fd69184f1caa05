"""The agreement report as a plain-text table for the terminal."""

from __future__ import annotations

from collections.abc import Iterable

from ptcore.agreement.report import (
    METRIC_TITLES,
    NO_TEAM_WORK,
    AgreementReport,
    Scores,
    format_value,
)


def report_text(report: AgreementReport) -> str:
    """Who was compared on what, then overall, per label and per pair, with counts."""
    if not report.annotated:
        return NO_TEAM_WORK
    lines = [
        f"task: {report.task}",
        f"annotators: {', '.join(report.annotators) or 'none finished a document in common'}",
        f"documents: {report.compared} finished by two or more annotators "
        f"(of {report.annotated} annotated); only those are compared",
    ]
    if not report.compared:
        return "\n".join(lines)
    if "kappa" in report.metrics and len(report.annotators) > 2:
        lines.append("κ of more than two annotators: the mean of the pairs' (Light's κ)")
    rows: list[tuple[str, Scores]] = [("overall", report.overall)]
    rows += [(f"label {name}", scores) for name, scores in report.labels.items()]
    rows += [(f"pair {p.first} / {p.second}", p.overall) for p in report.pairs]
    return "\n".join([*lines, "", *_table(report, rows)])


def _table(report: AgreementReport, rows: list[tuple[str, Scores]]) -> Iterable[str]:
    titles = [METRIC_TITLES[metric] for metric in report.metrics]
    header = ["", *titles, report.item_name, "documents"]
    body = [
        [
            name,
            *(format_value(scores.values[m]) for m in report.metrics),
            str(scores.items),
            str(scores.documents),
        ]
        for name, scores in rows
    ]
    widths = [max(len(row[i]) for row in (header, *body)) for i in range(len(header))]
    for row in (header, *body):
        first, *rest = row
        yield "  ".join(
            [first.ljust(widths[0]), *(c.rjust(w) for c, w in zip(rest, widths[1:], strict=True))]
        )
