"""Label Studio ``result`` lists, read and written: the regions of an annotation or prediction.

``labels`` results are entity spans, ``choices`` results document labels; other result
types are ignored. Offsets are code points, as Label Studio has stored them since 2021;
older exports counted UTF-16 units, so a span whose ``text`` only matches that way is
converted. A result may carry a ``score`` (predictions do): it is kept with its span.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ptcore.io.checks import check_range, checked_labels, require_int, require_list
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place
from ptcore.records import Span


@dataclass
class Regions:
    """What one result list holds: spans with their scores, and chosen labels."""

    spans: list[tuple[Span, float | None]] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    choice_score: float | None = None

    @property
    def entities(self) -> list[Span]:
        return [span for span, _ in self.spans]


def read_results(results: list[Any], text: str, place: Place, report: ImportReport) -> Regions:
    regions = Regions()
    for result in results:
        kind = _kind(result, place)
        score = read_score(result.get("score"), place)
        if kind == "labels":
            regions.spans += [(span, score) for span in _spans(result, text, place, report)]
        elif kind == "choices":
            value = result["value"].get("choices")
            regions.choices += checked_labels(require_list(value, '"choices"', place), place)
            regions.choice_score = score
    return regions


def read_score(value: Any, place: Place) -> float | None:
    """A ``score``: a number from 0 to 1, or None when absent."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise place.error(f'"score" must be a number from 0 to 1, not {value!r}')
    return float(value)


def _kind(result: Any, place: Place) -> str:
    if not isinstance(result, dict) or not isinstance(result.get("value"), dict):
        raise place.error('each result must be an object with a "value" object')
    return str(result.get("type", ""))


def _spans(result: dict[str, Any], text: str, place: Place, report: ImportReport) -> list[Span]:
    """One span per label name on the result (several labels on one span will overlap)."""
    value = result["value"]
    start = require_int(value.get("start"), '"start"', place)
    end = require_int(value.get("end"), '"end"', place)
    start, end = _code_points(text, start, end, value.get("text"), place, report)
    names = checked_labels(require_list(value.get("labels"), '"labels"', place), place)
    return [Span(start, end, name) for name in names]


def _code_points(
    text: str, start: int, end: int, expected: Any, place: Place, report: ImportReport
) -> tuple[int, int]:
    if not isinstance(expected, str) or text[start:end] == expected:
        return start, end
    converted = _from_utf16(text, start, end)
    if converted is not None and text[converted[0] : converted[1]] == expected:
        report.warn(f"{place.record}: span offsets counted UTF-16 units; converted")
        return converted
    check_range(start, end, text, f"span [{start}, {end})", place)
    found = text[start:end]
    raise place.error(f'span [{start}, {end}) says "{expected}" but the text there is "{found}"')


def _from_utf16(text: str, start: int, end: int) -> tuple[int, int] | None:
    units = text.encode("utf-16-le")
    try:
        before = units[: 2 * start].decode("utf-16-le")
        inside = units[2 * start : 2 * end].decode("utf-16-le")
    except UnicodeDecodeError:
        return None
    return len(before), len(before) + len(inside)


def results_for(
    text: str,
    spans: Sequence[tuple[Span, float | None]],
    labels: Sequence[str],
    score: float | None = None,
) -> list[dict[str, Any]]:
    """The result list Label Studio writes for these spans and labels."""
    results = [_span_result(text, span, index, s) for index, (span, s) in enumerate(spans)]
    if labels:
        value = {"choices": list(labels)}
        results.append(_scored(_result("c0", "choice", "choices", value), score))
    return results


def _span_result(text: str, span: Span, index: int, score: float | None) -> dict[str, Any]:
    value = {"start": span.start, "end": span.end, "text": text[span.start : span.end]}
    result = _result(f"e{index}", "label", "labels", {**value, "labels": [span.label]})
    return _scored(result, score)


def _scored(result: dict[str, Any], score: float | None) -> dict[str, Any]:
    return result if score is None else {**result, "score": score}


def _result(rid: str, control: str, kind: str, value: dict[str, Any]) -> dict[str, Any]:
    """One result as Label Studio writes it, for a ``<Text name="text">`` object."""
    return {"id": rid, "from_name": control, "to_name": "text", "type": kind, "value": value}
