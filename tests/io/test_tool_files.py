"""Other tools' exports, from fixtures written in their documented shapes: nothing lost silently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ptcore.errors import InputFileError, UserError
from ptcore.io import ImportReport, detect_format, read_records, write_records
from ptcore.records import DocumentRecord, Span, Suggestion, Task
from tests.io.conftest import MakeFile

FIXTURES = Path(__file__).parent / "fixtures"


def read(
    name: str, task: Task, format: str | None = None
) -> tuple[list[DocumentRecord], ImportReport]:
    report = ImportReport()
    return list(read_records(FIXTURES / name, task, format, report)), report


def test_prodigy_textcat_keeps_only_accepted_answers_and_reports_the_rest() -> None:
    records, report = read("prodigy/textcat.jsonl", Task.CLASSIFICATION)
    assert report.format == "prodigy"
    assert [(r.text[:9], r.labels) for r in records] == [
        ("The match", ["SPORTS"]),
        ("The strik", ["SPORTS"]),
    ]
    assert report.skipped == {'answer "reject" (not gold)': [2], 'answer "ignore" (not gold)': [3]}
    assert report.skipped_lines()[0] == 'skipped 1: answer "reject" (not gold) (lines 2)'


def test_prodigy_choice_reads_the_accepted_options() -> None:
    records, report = read("prodigy/choice.jsonl", Task.MULTILABEL)
    assert [(r.labels, r.labeled) for r in records] == [(["FUNNY", "SAD"], True), ([], True)]
    assert report.skipped_count == 1


def test_prodigy_ner_reads_spans_by_characters_or_by_tokens() -> None:
    records, report = read("prodigy/ner.jsonl", Task.NER)
    assert records[0].entities == [Span(0, 5, "ORG"), Span(26, 31, "LOC")]
    assert (records[1].labeled, records[1].entities) == (True, [])
    assert report.annotations == 2 and report.skipped_count == 1


def test_prodigy_ner_export_keeps_tokens_that_cover_each_span(tmp_path: Path) -> None:
    record = DocumentRecord("Visit New-York now", entities=[Span(6, 9, "LOC")], labeled=True)
    write_records([record], tmp_path / "out.jsonl", Task.NER, "prodigy")
    back = list(read_records(tmp_path / "out.jsonl", Task.NER))
    assert back[0].entities == [Span(6, 9, "LOC")]
    text = (tmp_path / "out.jsonl").read_text()
    assert '"token_start": 1, "token_end": 1' in text and '"answer": "accept"' in text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("doccano/labels.jsonl", [3, 1]),
        ("doccano/v1_annotations.jsonl", [2, 0]),
        ("doccano/array.json", [2, 1]),
        ("doccano/flair.jsonl", [2, 0]),
    ],
)
def test_doccano_variants_keep_every_span(name: str, expected: list[int]) -> None:
    records, report = read(name, Task.NER)
    assert report.format == "doccano"
    assert [len(r.entities) for r in records] == expected


def test_doccano_v1_reads_the_text_from_data_and_offsets_from_annotations() -> None:
    records, _ = read("doccano/v1_annotations.jsonl", Task.NER)
    assert records[0].text == "Barack Obama visited Tokyo."
    assert records[0].entities == [Span(0, 12, "PER"), Span(21, 26, "LOC")]
    assert records[0].external_id == "1"


def test_a_data_key_is_not_squad_unless_it_lists_paragraphs() -> None:
    assert detect_format(FIXTURES / "doccano/flair.jsonl", Task.NER) == "doccano"
    assert detect_format(FIXTURES / "label_studio/single_task.json", Task.NER) == "label-studio"


def test_a_single_label_studio_task_is_read() -> None:
    records, _ = read("label_studio/single_task.json", Task.NER)
    assert [(r.text, r.entities) for r in records] == [
        ("Ada Lovelace wrote the first program.", [Span(0, 12, "PER")])
    ]


def test_detection_says_which_reader_it_chose_and_why() -> None:
    _, report = read("prodigy/textcat.jsonl", Task.CLASSIFICATION)
    reason = 'JSON Lines whose records have "answer": "accept" (Prodigy)'
    assert report.notes[0] == f"read as prodigy: {reason}"


def test_a_pretty_printed_record_list_is_read_not_called_cut_short(make_file: MakeFile) -> None:
    path = make_file(
        "a.json", '[\n  {"text": "good", "label": "pos"},\n  {"text": "bad", "label": "neg"}\n]\n'
    )
    report = ImportReport()
    records = list(read_records(path, Task.CLASSIFICATION, report=report))
    assert [r.labels for r in records] == [["pos"], ["neg"]]


def test_a_bad_record_in_a_json_array_is_named_by_position(make_file: MakeFile) -> None:
    path = make_file(
        "a.json", '[{"text": "good", "label": "pos"},\n {"text": "bad", "label": ["a", "b"]}]'
    )
    with pytest.raises(InputFileError, match="record 2: has 2 labels"):
        list(read_records(path, Task.CLASSIFICATION))


@pytest.mark.parametrize(
    ("line", "field", "hint"),
    [
        (
            '{"text": "Paris", "spans": [{"start": 0, "end": 5, "label": "LOC"}]}',
            "spans",
            "prodigy",
        ),
        ('{"text": "Paris", "labels": [[0, 5, "LOC"]]}', "labels", "doccano"),
        (
            '{"text": "Paris", "annotations": [{"start_offset": 0, "end_offset": 5, "label": "L"}]'
            "}",
            "annotations",
            "doccano",
        ),
    ],
)
def test_a_field_with_annotations_the_reader_ignores_is_an_error(
    make_file: MakeFile, line: str, field: str, hint: str
) -> None:
    path = make_file("a.jsonl", line + "\n")
    with pytest.raises(InputFileError, match=f'"{field}" holds annotations .*--format {hint}'):
        list(read_records(path, Task.NER, "ner-jsonl"))


def test_prodigy_answers_other_than_the_three_are_refused(make_file: MakeFile) -> None:
    path = make_file("a.jsonl", '{"text": "x", "label": "A", "answer": "maybe"}\n')
    with pytest.raises(InputFileError, match="must be accept, reject or ignore"):
        list(read_records(path, Task.CLASSIFICATION, "prodigy"))


def test_a_squad_file_for_another_task_says_why_it_looks_like_squad(make_file: MakeFile) -> None:
    path = make_file("a.json", '{"version": "1.1", "data": [{"title": "t", "paragraphs": []}]}')
    with pytest.raises(UserError, match='"data" listing articles'):
        detect_format(path, Task.NER)


def test_label_studio_text_from_the_only_data_field_cancelled_counted_predictions_kept() -> None:
    records, report = read("label_studio/reviews.json", Task.CLASSIFICATION)
    assert [(r.text, r.labels, r.labeled) for r in records] == [
        ("Great battery, terrible screen.", ["Mixed"], True),
        ("Broke after a week.", [], False),
    ]
    assert report.skipped == {"a cancelled annotation": [1, 2]}
    assert records[0].suggestions == [Suggestion("v1", 0.7, ("Positive",))]
    assert "1 tasks carry predictions: kept as model suggestions, not gold" in report.notes


def test_label_studio_text_field_chosen_by_the_user(make_file: MakeFile) -> None:
    task = '[{"data": {"title": "T", "body": "The body."}, "annotations": []}]'
    path = make_file("a.json", task)
    with pytest.raises(InputFileError, match="name it with --text-field"):
        list(read_records(path, Task.CLASSIFICATION))
    records = list(read_records(path, Task.CLASSIFICATION, text_field="body"))
    assert records[0].text == "The body."


def test_label_studio_json_min_is_detected_and_read() -> None:
    records, report = read("label_studio/json_min.json", Task.NER)
    assert report.format == "label-studio-min"
    assert records[0].entities == [Span(0, 12, "PER"), Span(17, 32, "PER"), Span(36, 42, "LOC")]


def test_label_studio_json_min_choice_is_noted(make_file: MakeFile) -> None:
    path = make_file(
        "a.json", '[{"id": 1, "text": "Fine.", "sentiment": "Positive", "lead_time": 2}]'
    )
    report = ImportReport()
    records = list(read_records(path, Task.CLASSIFICATION, report=report))
    assert records[0].labels == ["Positive"]
    assert 'read "sentiment" as the choice label' in report.notes


def ents(record: DocumentRecord) -> list[tuple[str, str]]:
    return [(record.text[s.start : s.end], s.label) for s in record.entities]


def test_conlleval_files_import_the_gold_column_not_the_predictions() -> None:
    records, report = read("columns/conlleval.txt", Task.NER)
    assert report.format == "conll"
    assert [ents(r) for r in records] == [
        [("EU", "ORG"), ("German", "MISC")],
        [("Peter Blackburn", "PER")],
    ]
    assert any("column 3 read as gold" in note for note in report.notes)


def test_the_tag_column_can_be_named() -> None:
    records, _ = read_with("columns/conlleval.txt", tag_column=-1)
    assert ents(records[1]) == [("Peter", "PER")]


def read_with(name: str, **options: object) -> tuple[list[DocumentRecord], ImportReport]:
    report = ImportReport()
    records = list(read_records(FIXTURES / name, Task.NER, "conll", report, **options))  # type: ignore[arg-type]
    return records, report


def test_conll2003_keeps_reading_the_last_column_after_the_chunks(make_file: MakeFile) -> None:
    path = make_file("a.conll", "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\n")
    assert [ents(r) for r in read_records(path, Task.NER)] == [[("EU", "ORG")]]


def test_germeval_reads_tokens_and_the_outer_level_and_skips_comments() -> None:
    records, report = read("columns/germeval.tsv", Task.NER)  # a .tsv, detected as columns
    assert report.format == "conll"
    assert [(r.text, ents(r)) for r in records] == [
        ("Die Universität Berlin liegt", [("Universität Berlin", "ORG")]),
        ("Angela Merkel", [("Angela Merkel", "PER")]),
    ]


def test_io_tags_make_one_entity_per_run() -> None:
    records, report = read("columns/io_tags.txt", Task.NER)
    assert report.format == "conll" and report.scheme == "IO"
    assert [ents(r) for r in records] == [
        [("John Smith", "PER"), ("New York", "LOC")],
        [("Mary", "PER")],
    ]
    assert not report.warnings


def test_a_txt_of_suffixed_tags_is_a_column_file() -> None:
    records, report = read("columns/suffix_tags.txt", Task.NER)
    assert report.format == "conll"
    assert [ents(r) for r in records] == [[("John Smith", "PER"), ("Paris", "LOC")], []]


def test_a_tag_column_for_a_format_without_columns_is_refused() -> None:
    with pytest.raises(UserError, match="--tag-column applies to conll files"):
        read_records(FIXTURES / "doccano/flair.jsonl", Task.NER, tag_column=2)


def test_fasttext_labels_leave_the_text_and_become_labels() -> None:
    records, report = read("fasttext/train.txt", Task.MULTILABEL)
    assert report.format == "fasttext"
    assert [(r.text, r.labels, r.labeled) for r in records] == [
        ("The match ended in a draw .", ["sports"], True),
        ("Taxes rise again .", ["politics", "economy"], True),
        ("Unlabelled line here", [], False),
    ]


def test_brat_reads_t_lines_and_warns_about_the_rest() -> None:
    records, report = read("brat/doc1.ann", Task.NER)
    assert report.format == "brat"
    assert ents(records[0]) == [
        ("Sony", "Organization"),
        ("Ericsson", "Organization"),
        ("Sweden", "Country"),
    ]
    assert report.warnings == ["doc1.ann: 3 relation, event, attribute or note lines not imported"]


def test_brat_is_detected_from_the_text_file_beside_its_ann() -> None:
    assert detect_format(FIXTURES / "brat/doc1.txt", Task.NER) == "brat"


@pytest.mark.parametrize(
    ("name", "line", "problem"), [("discontinuous", 2, "discontinuous"), ("overlap", 2, "overlap")]
)
def test_brat_spans_that_cannot_be_stored_are_refused_with_their_line(
    name: str, line: int, problem: str
) -> None:
    with pytest.raises(InputFileError, match=problem) as caught:
        read(f"brat/{name}.ann", Task.NER)
    assert caught.value.line == line


def test_squad_predictions_are_what_the_official_scripts_read(tmp_path: Path) -> None:
    from ptcore.records import Answer, Question

    record = DocumentRecord(
        "Paris is in France.",
        questions=[
            Question("Where?", [Answer(12, 18)], external_id="q1"),
            Question("Who?", no_answer=True, external_id="q2"),
            Question("What?", [Answer(0, 5)]),
        ],
    )
    write_records([record], tmp_path / "p.json", Task.QA, "squad-predictions")
    written = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert written == {"q1": "France", "q2": "", "1-3": "Paris"}


def test_webanno_tsv_reads_the_named_entity_layer_with_utf16_offsets() -> None:
    records, report = read("webanno/entities.tsv", Task.NER)
    assert report.format == "webanno-tsv"
    assert [ents(r) for r in records] == [
        [("Haag", "PER"), ("Elianne", "PER")],
        [("New York City", "LOC")],
    ]


def test_webanno_tsv_layer_is_chosen_by_name() -> None:
    report = ImportReport()
    path = FIXTURES / "webanno/entities.tsv"
    records = list(read_records(path, Task.NER, None, report, layer="Topic"))
    assert [ents(r) for r in records] == [[("Elianne", "arts")], []]
    with pytest.raises(InputFileError, match='no span layer "Sentiment"'):
        list(read_records(path, Task.NER, None, report, layer="Sentiment"))


def test_text_only_leaves_the_annotations_behind_when_asked() -> None:
    report = ImportReport()
    path = FIXTURES / "prodigy/ner.jsonl"
    records = list(read_records(path, Task.NER, "prodigy", report, text_only=True))
    assert [(r.labeled, r.entities) for r in records] == [(False, []), (False, [])]
    assert report.annotations == 0


@pytest.mark.parametrize(
    ("name", "task", "expected"),
    [
        ("export.csv", Task.CLASSIFICATION, [(["Positive"], []), (["Negative"], [])]),
        ("export.tsv", Task.NER, [([], [Span(0, 12, "PER")])]),
    ],
)
def test_label_studio_csv_and_tsv_exports(name: str, task: Task, expected: list[object]) -> None:
    records, report = read(f"label_studio/{name}", task)
    assert report.format == "label-studio-csv"
    assert [(r.labels, r.entities) for r in records] == expected


def test_the_import_command_takes_the_new_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ptcore.cli import main

    project = tmp_path / "p.db"
    assert main(["init", str(project), "--task", "ner"]) == 0
    conlleval = str(FIXTURES / "columns/conlleval.txt")
    assert main(["import", str(project), conlleval, "--tag-column", "-1", "--dedupe", "none"]) == 0
    webanno = str(FIXTURES / "webanno/entities.tsv")
    assert main(["import", str(project), webanno, "--layer", "NamedEntity", "--add-labels"]) == 0
    prodigy = str(FIXTURES / "prodigy/ner.jsonl")
    assert main(["import", str(project), prodigy, "--text-only"]) == 0
    out = capsys.readouterr().out
    assert 'skipped 1: answer "reject" (not gold) (lines 3)' in out
