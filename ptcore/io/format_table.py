"""Every format the app knows: the tasks it holds, its reader and writer, a description.

``registry`` looks formats up here; the GUI lists them from ``FORMATS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from ptcore.io.brat import read_brat, write_brat
from ptcore.io.classification_formats import read_jsonl, read_txt, write_jsonl, write_txt
from ptcore.io.cmrc import read_cmrc
from ptcore.io.conll import read_conll, write_conll
from ptcore.io.delimited import read_csv, read_tsv, write_csv, write_tsv
from ptcore.io.doccano import read_doccano, write_doccano
from ptcore.io.fasttext import read_fasttext, write_fasttext
from ptcore.io.hf_jsonl import write_hf_jsonl
from ptcore.io.jsonl_spans import read_ner_jsonl, write_ner_jsonl
from ptcore.io.label_studio import read_label_studio, write_label_studio
from ptcore.io.label_studio_min import read_label_studio_csv, read_label_studio_min
from ptcore.io.passages import DESCRIPTION as PASSAGES_DESCRIPTION
from ptcore.io.passages import read_passages
from ptcore.io.prodigy import read_prodigy, write_prodigy
from ptcore.io.qa_jsonl import read_qa_jsonl, write_qa_jsonl
from ptcore.io.squad import read_squad, write_squad
from ptcore.io.squad_predictions import write_squad_predictions
from ptcore.io.webanno_tsv import read_webanno_tsv
from ptcore.io.yedda import read_yedda, write_yedda
from ptcore.records import DocumentRecord, Task
from ptcore.task_shapes import shape_of

# ``reader(path, report, **options)``; options only where READER_OPTIONS allows them.
Reader = Callable[..., Iterator[DocumentRecord]]
# ``writer(records, path, task, **options)``; options only where WRITER_OPTIONS allows them.
Writer = Callable[..., int]
PlainWriter = Callable[..., int]


class FormatSpec(NamedTuple):
    tasks: frozenset[Task]
    reader: Reader | None
    writer: Writer | None
    description: str


def _any_task(write: PlainWriter) -> Writer:
    """Adapt a writer whose output does not depend on the task."""
    return lambda records, path, task, **options: write(records, path, **options)


def _jsonl_writer(records: Iterable[DocumentRecord], path: Path, task: Task) -> int:
    return write_jsonl(records, path, multilabel=shape_of(task).multi_label)


CLASSES = frozenset({Task.CLASSIFICATION, Task.MULTILABEL})
LABELING = CLASSES | {Task.NER}
NER = frozenset({Task.NER})
QA = frozenset({Task.QA})
FORMATS: Mapping[str, FormatSpec] = MappingProxyType(
    {
        "csv": FormatSpec(
            CLASSES,
            read_csv,
            _any_task(write_csv),
            "CSV: text,label[,label...]; header row optional",
        ),
        "tsv": FormatSpec(
            CLASSES,
            read_tsv,
            _any_task(write_tsv),
            "TSV without quoting (GLUE style); header row optional",
        ),
        "jsonl": FormatSpec(
            CLASSES, read_jsonl, _jsonl_writer, 'JSON Lines {"text", "label": "x" or ["x", ...]}'
        ),
        "fasttext": FormatSpec(
            CLASSES,
            read_fasttext,
            _any_task(write_fasttext),
            "fastText lines: __label__x [__label__y ...] text",
        ),
        "txt": FormatSpec(
            LABELING, read_txt, _any_task(write_txt), "plain text, one unlabeled document per line"
        ),
        "conll": FormatSpec(
            NER,
            read_conll,
            _any_task(write_conll),
            "token-per-line columns, tag last; IOB1/IOB2/BIOES/BMES in, IOB2 out",
        ),
        "brat": FormatSpec(
            NER,
            read_brat,
            _any_task(write_brat),
            "brat standoff: .txt + .ann (T lines), or a folder of them",
        ),
        "yedda": FormatSpec(
            NER,
            read_yedda,
            _any_task(write_yedda),
            "YEDDA text: [@entity#Label*] gold, [$entity#Label*] suggested; a document a line",
        ),
        "webanno-tsv": FormatSpec(
            NER,
            read_webanno_tsv,
            None,
            "WebAnno/INCEpTION TSV 3.x: one sentence a document, the layer by name",
        ),
        "ner-jsonl": FormatSpec(
            NER,
            read_ner_jsonl,
            _any_task(write_ner_jsonl),
            'JSON Lines {"text", "entities": [[start, end, "type"]]}; CLUENER too',
        ),
        "doccano": FormatSpec(
            LABELING,
            read_doccano,
            _any_task(write_doccano),
            "doccano JSONL export (sequence labeling or classification)",
        ),
        "label-studio": FormatSpec(
            LABELING,
            read_label_studio,
            _any_task(write_label_studio),
            "Label Studio JSON export (labels and choices; predictions as suggestions)",
        ),
        "label-studio-min": FormatSpec(
            LABELING,
            read_label_studio_min,
            None,
            "Label Studio JSON-MIN export (flat objects, one per annotated task)",
        ),
        "label-studio-csv": FormatSpec(
            LABELING,
            read_label_studio_csv,
            None,
            "Label Studio CSV/TSV export (JSON-MIN fields as columns)",
        ),
        "prodigy": FormatSpec(
            LABELING,
            read_prodigy,
            write_prodigy,
            "Prodigy JSONL (db-out): spans, textcat, choice; reject/ignore skipped",
        ),
        "squad": FormatSpec(
            QA,
            read_squad,
            _any_task(write_squad),
            "SQuAD v1.1/v2.0 JSON (CMRC 2018 squad-style too)",
        ),
        "squad-predictions": FormatSpec(
            QA,
            None,
            _any_task(write_squad_predictions),
            "{question id: predicted answer} for the official SQuAD scripts (export only)",
        ),
        "cmrc": FormatSpec(
            QA, read_cmrc, None, "original CMRC 2018 JSON (answers without offsets)"
        ),
        "passages": FormatSpec(QA, read_passages, None, PASSAGES_DESCRIPTION),
        "qa-jsonl": FormatSpec(
            QA,
            read_qa_jsonl,
            _any_task(write_qa_jsonl),
            "JSON Lines, one question per line, Hugging Face squad shape",
        ),
        "hf-jsonl": FormatSpec(
            CLASSES | NER | QA,
            None,
            write_hf_jsonl,
            "Hugging Face datasets JSON Lines for training (export only)",
        ),
    }
)
# The readers that take each option (``--text-field``, ``--tag-column``).
LABEL_STUDIO = frozenset({"label-studio", "label-studio-min", "label-studio-csv"})
READER_OPTIONS = {
    "text_field": LABEL_STUDIO,
    "label_config": LABEL_STUDIO,
    "tag_column": frozenset({"conll"}),
    "layer": frozenset({"webanno-tsv"}),
}
# The writers that take each option, and those that write records' suggestions.
WRITER_OPTIONS = {"squad_version": frozenset({"squad"})}
KEEPS_SUGGESTIONS = frozenset({"label-studio", "yedda"})
# Whole-JSON formats number records, not lines: name the record in messages instead.
RECORD_NAMES = {"label-studio": "task", "squad": "paragraph", "cmrc": "context"}
