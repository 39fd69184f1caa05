"""The tables of ``predict_speed.py``: speed and peak memory per method, and how far int8 (and
ONNX) predictions move from the float32 PyTorch model's.

A row is one method on one task, as ``predict_speed.run_one`` returns it; ``answers`` holds what
each ptcore prediction says (``answer``), so two methods' predictions can be compared.
"""

from __future__ import annotations

from typing import Any

TASK_NAMES = {"classification": "SST-2", "ner": "CoNLL"}
PIPELINES = ("pipeline-batch1", "pipeline-batch32")
REFERENCE = "ptcore-torch"


def answer(result: Any) -> dict[str, Any]:
    """What one prediction says: the label and every probability, or the entity spans with
    their scores and the document's confidence."""
    if hasattr(result, "entities"):
        spans = [[e.start, e.end, e.label, e.score] for e in result.entities]
        return {"entities": spans, "confidence": result.confidence}
    return {"label": result.label, "scores": result.scores}


def agreement(answers: list[dict[str, Any]], reference: list[dict[str, Any]]) -> dict[str, Any]:
    """How ``answers`` agree with ``reference`` (same documents): the share of documents with
    the same label (NER: the same entity spans and types), for NER the share of entities both
    find, and the largest probability difference (NER: entity scores both find, and each
    document's confidence)."""
    same, both, either, largest = 0, 0, 0, 0.0
    for mine, theirs in zip(answers, reference, strict=True):
        if "label" in mine:
            same += mine["label"] == theirs["label"]
            gaps = [abs(p - theirs["scores"][name]) for name, p in mine["scores"].items()]
        else:
            ours = {tuple(e[:3]): e[3] for e in mine["entities"]}
            others = {tuple(e[:3]): e[3] for e in theirs["entities"]}
            same += ours.keys() == others.keys()
            both += len(ours.keys() & others.keys())
            either += len(ours.keys() | others.keys())
            gaps = [abs(ours[k] - others[k]) for k in ours.keys() & others.keys()]
            gaps.append(abs(mine["confidence"] - theirs["confidence"]))
        largest = max([largest, *gaps])
    found = {"documents": len(reference), "same_label": same / max(len(reference), 1)}
    if either:
        found["same_entities"] = both / either
    return found | {"max_prob_diff": largest}


def speed_table(rows: list[dict[str, Any]]) -> str:
    """Methods as rows; per task documents/s, its ratio to each pipeline setting, peak RSS."""
    tasks = [t for t in TASK_NAMES if any(r["task"] == t for r in rows)]
    head = "| method |"
    for task in tasks:
        name = TASK_NAMES[task]
        head += f" {name} docs/s | vs pipeline batch 1 | vs pipeline batch 32 | {name} peak MB |"
    lines = [head, "|---|" + "---|---|---|---|" * len(tasks)]
    for method in dict.fromkeys(r["method"] for r in rows):
        line = f"| {method} |"
        for task in tasks:
            line += _speed_cells(rows, task, method)
        lines.append(line)
    return "\n".join(lines)


def _speed_cells(rows: list[dict[str, Any]], task: str, method: str) -> str:
    same_task = {r["method"]: r for r in rows if r["task"] == task}
    row = same_task.get(method)
    if row is None:
        return " – | – | – | – |"
    most = max(r["documents"] for r in same_task.values())
    docs = f"{row['docs_per_s']:.1f}" + (
        f" ({row['documents']} docs)" if row["documents"] < most else ""
    )
    ratios = [
        f"{row['docs_per_s'] / same_task[p]['docs_per_s']:.2f}x" if p in same_task else "–"
        for p in PIPELINES
    ]
    return f" {docs} | {ratios[0]} | {ratios[1]} | {row['peak_rss_mb']:.0f} |"


def agreement_table(rows: list[dict[str, Any]], trained: bool) -> str:
    """Each ptcore method's predictions against the float32 PyTorch model's."""
    lines = [
        "| task | method | documents | same label (NER: same entities) | entities found by both "
        "| max probability difference |",
        "|---|---|---|---|---|---|",
    ]
    for task in TASK_NAMES:
        same_task = {r["method"]: r for r in rows if r["task"] == task and r["answers"]}
        if REFERENCE not in same_task:
            continue
        for method, row in same_task.items():
            if method == REFERENCE:
                continue
            found = agreement(row["answers"], same_task[REFERENCE]["answers"])
            entities = f"{100 * found['same_entities']:.1f} %" if "same_entities" in found else "–"
            lines.append(
                f"| {TASK_NAMES[task]} | {method} | {found['documents']} | "
                f"{100 * found['same_label']:.1f} % | {entities} | {found['max_prob_diff']:.4f} |"
            )
    note = "trained models" if trained else "UNTRAINED models: near-ties flip easily; use --models"
    return "\n".join(lines) + f"\n\n({note})"


def load_line(rows: list[dict[str, Any]]) -> str:
    """The one-minute load average before each method started."""
    loads = ", ".join(f"{TASK_NAMES[r['task']]} {r['method']} {r['load']:.1f}" for r in rows)
    return f"load average before each method: {loads}"
