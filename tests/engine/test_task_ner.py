"""NER codec: words, IOB2 tags, first-sub-token labels, windows and decoding."""

from __future__ import annotations

import numpy as np
import pytest

from ptcore.engine.tasks.collate import collator_for
from ptcore.engine.tasks.iob import bio_tags, repair_tags, spans_to_tags, tag_runs, tags_to_spans
from ptcore.engine.tasks.ner import IGNORE_INDEX, NerEncoding, decode_ner, encode_ner
from ptcore.engine.tasks.words import split_words
from ptcore.records import DocumentRecord, Span, Task
from tests.tiny import make_tokenizer

TAGS = bio_tags(["PER", "LOC", "PER"])
MIXED = "张三 visited 北京 with mary 😀!"
MIXED_SPANS = [Span(0, 2, "PER"), Span(11, 13, "LOC"), Span(19, 23, "PER"), Span(24, 25, "LOC")]


def words_of(text: str) -> list[str]:
    return [text[word.start : word.end] for word in split_words(text)]


def perfect_logits(
    encoding: NerEncoding, word_tags: list[list[str]], extra: int = 3
) -> list[np.ndarray]:
    """Padded logits that put the gold tag of each first sub-token far ahead."""
    logits = []
    for feature, window in zip(encoding.features, encoding.windows, strict=True):
        rows = np.zeros((len(feature["input_ids"]) + extra, len(TAGS)))
        for position, word_id in enumerate(window.word_ids):
            if word_id is not None:
                rows[position, TAGS.index(word_tags[window.doc_index][word_id])] = 6.0
        logits.append(rows)
    return logits


def test_tags_are_deterministic_and_start_with_outside() -> None:
    assert TAGS == ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"]
    assert bio_tags(["PER", "LOC"]) == TAGS


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("张三 visited 北京!", ["张", "三", "visited", "北", "京", "!"]),
        ("New-York's café", ["New", "-", "York", "'", "s", "café"]),
        (
            "love 😀😀 👨\u200d👩\u200d👧 👍🏽x",
            ["love", "😀", "😀", "👨\u200d👩\u200d👧", "👍🏽", "x"],
        ),
        ("  \n", []),
    ],
)
def test_words_split_spaced_scripts_cjk_and_emoji(text: str, words: list[str]) -> None:
    assert words_of(text) == words


def test_spans_become_iob2_tags_on_the_words_they_overlap() -> None:
    text = "mary smithers visited new york"
    words = split_words(text)
    spans = [Span(0, 10, "PER"), Span(23, 28, "LOC")]  # both cut a word in the middle
    assert spans_to_tags(words, spans) == ["B-PER", "I-PER", "O", "B-LOC", "I-LOC"]


def test_adjacent_entities_of_one_type_stay_apart() -> None:
    words = split_words("张三李四")
    tags = spans_to_tags(words, [Span(0, 2, "PER"), Span(2, 4, "PER")])
    assert tags == ["B-PER", "I-PER", "B-PER", "I-PER"]
    assert tags_to_spans(words, tags) == [Span(0, 2, "PER"), Span(2, 4, "PER")]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("john smith visited new york today .", [Span(0, 10, "PER"), Span(19, 27, "LOC")]),
        ("张三在北京大学。", [Span(0, 2, "PER"), Span(3, 7, "LOC")]),
        (MIXED, MIXED_SPANS),
    ],
)
def test_gold_spans_survive_the_round_trip_through_tags(text: str, spans: list[Span]) -> None:
    words = split_words(text)
    assert tags_to_spans(words, spans_to_tags(words, spans)) == spans


def test_stray_inside_tags_start_new_entities() -> None:
    tags = ["I-PER", "I-PER", "O", "I-LOC", "I-PER", "B-LOC", "I-LOC"]
    assert [(run.first, run.last, run.label) for run in tag_runs(tags)] == [
        (0, 1, "PER"),
        (3, 3, "LOC"),
        (4, 4, "PER"),
        (5, 6, "LOC"),
    ]
    assert repair_tags(tags) == ["B-PER", "I-PER", "O", "B-LOC", "B-PER", "B-LOC", "I-LOC"]


def test_only_the_first_sub_token_of_a_word_is_labelled() -> None:
    record = DocumentRecord("mary loves movies", entities=[Span(11, 17, "LOC")])
    encoding = encode_ner([record], make_tokenizer(), TAGS)
    feature = encoding.features[0]
    tokens = make_tokenizer().convert_ids_to_tokens(feature["input_ids"])
    assert tokens == ["[CLS]", "mary", "love", "##s", "movie", "##s", "[SEP]"]
    assert feature["labels"] == [IGNORE_INDEX, 0, 0, IGNORE_INDEX, 1, IGNORE_INDEX, IGNORE_INDEX]


def test_chinese_and_emoji_words_map_to_tokens_and_back() -> None:
    record = DocumentRecord(MIXED, entities=MIXED_SPANS)
    encoding = encode_ner([record], make_tokenizer(), TAGS)
    (feature,) = encoding.features
    assert make_tokenizer().convert_ids_to_tokens(feature["input_ids"])[1:3] == ["张", "三"]
    word_tags = spans_to_tags(encoding.words[0], MIXED_SPANS)
    assert word_tags[-2:] == ["B-LOC", "O"]  # the emoji is a word: [UNK] still carries its tag
    spans = decode_ner(encoding, perfect_logits(encoding, [word_tags]), TAGS)
    assert [span.as_span() for span in spans[0]] == MIXED_SPANS
    assert [MIXED[s.start : s.end] for s in spans[0]] == ["张三", "北京", "mary", "😀"]


def test_long_documents_are_windowed_so_every_word_is_predicted() -> None:
    text = " ".join(["the movie was good ."] * 20 + ["john smith", "visited", "paris"])
    spans = [Span(len(text) - 24, len(text) - 14, "PER"), Span(len(text) - 5, len(text), "LOC")]
    records = [DocumentRecord(text, entities=spans), DocumentRecord("")]
    encoding = encode_ner(records, make_tokenizer(), TAGS, max_length=16, stride=4)
    assert len(encoding.features) > 8
    assert all(len(feature["input_ids"]) <= 16 for feature in encoding.features)
    covered = {word for window in encoding.windows for word in window.word_ids if word is not None}
    assert covered == set(range(len(encoding.words[0])))
    word_tags = [
        spans_to_tags(words, r.entities) for words, r in zip(encoding.words, records, strict=True)
    ]
    decoded = decode_ner(encoding, perfect_logits(encoding, word_tags), TAGS)
    assert [span.as_span() for span in decoded[0]] == spans
    assert decoded[1] == []


def test_decoding_repairs_inside_tags_and_reports_the_weakest_probability() -> None:
    record = DocumentRecord("john smith visited paris")
    encoding = encode_ner([record], make_tokenizer(), TAGS, with_labels=False)
    assert "labels" not in encoding.features[0]
    logits = np.zeros((1, 7, len(TAGS)))
    logits[0, 1, TAGS.index("I-PER")] = 4.0  # john: I-PER with no B-PER before it
    logits[0, 2, TAGS.index("I-PER")] = 2.0  # smith
    logits[0, 3, TAGS.index("O")] = 4.0
    logits[0, 4, TAGS.index("I-LOC")] = 3.0  # paris
    (spans,) = decode_ner(encoding, logits, TAGS)
    assert [span.as_span() for span in spans] == [Span(0, 10, "PER"), Span(19, 24, "LOC")]
    smith = np.exp(2.0) / (np.exp(2.0) + 4)
    assert spans[0].confidence == pytest.approx(smith)


def test_overlapping_windows_average_their_probabilities() -> None:
    encoding = encode_ner(
        [DocumentRecord("mary paris")], make_tokenizer(), TAGS, max_length=3, stride=1
    )
    assert [window.word_ids for window in encoding.windows] == [(None, 0, None), (None, 1, None)]
    encoding = encode_ner([DocumentRecord("a b c")], make_tokenizer(), TAGS, max_length=4, stride=1)
    assert [window.word_ids for window in encoding.windows] == [
        (None, 0, 1, None),
        (None, 1, 2, None),
    ]
    logits = np.zeros((2, 4, len(TAGS)))
    logits[0, 2, TAGS.index("B-LOC")] = 5.0  # the first window says "b" is a place ...
    logits[1, 1, TAGS.index("O")] = 1.0  # ... the second mildly disagrees
    (spans,) = decode_ner(encoding, logits, TAGS)
    assert [span.as_span() for span in spans] == [Span(2, 3, "LOC")]
    first, second = np.exp(5.0) / (np.exp(5.0) + 4), 1 / (np.exp(1.0) + 4)
    assert spans[0].confidence == pytest.approx((first + second) / 2)


def test_unknown_entity_types_are_rejected() -> None:
    record = DocumentRecord("mary", entities=[Span(0, 4, "ORG")])
    with pytest.raises(ValueError, match="B-ORG"):
        encode_ner([record], make_tokenizer(), TAGS)


def test_collator_pads_labels_with_ignore_index() -> None:
    records = [DocumentRecord("mary loves movies"), DocumentRecord("paris")]
    encoding = encode_ner(records, make_tokenizer(), TAGS)
    batch = collator_for(Task.NER, make_tokenizer(), pad_to_multiple_of=None)(encoding.features)
    assert batch["labels"].tolist()[1] == [IGNORE_INDEX, 0] + [IGNORE_INDEX] * 5


def test_document_confidence_counts_hesitant_outside_words() -> None:
    """A document with no entities is only as certain as its least sure word."""
    from ptcore.engine.tasks.ner import decode_ner_documents

    tokenizer = make_tokenizer()
    tags = bio_tags(["PER"])
    record = DocumentRecord("john visited paris")
    encoding = encode_ner([record], tokenizer, tags, with_labels=False)
    length = len(encoding.features[0]["input_ids"])
    logits = np.zeros((1, length, len(tags)))
    logits[0, :, tags.index("O")] = 5.0
    logits[0, 1, tags.index("B-PER")] = 4.8  # "john": O only just wins
    ((spans, confidence),) = decode_ner_documents(encoding, logits, tags)
    assert spans == []
    assert confidence < 0.6
