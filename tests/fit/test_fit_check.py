"""The fit check's numbers, pinned on two locally built vocabularies: one with CJK characters
and the same one without."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.engine import fit_check
from ptcore.engine.fit_check import check_texts, evenly_spaced, load_fit_model
from ptcore.engine.scripts import COMMON, script_of
from tests.fit.tokenizers import fit_model, model_folder

# tokens per text: 5 CJK characters; 4 words; 6 CJK characters; p ##r ##i ##c ##e, €5, today
TEXTS = ["我喜欢电影", "the movie was good", "张三去猫咖猫", "price €5 today"]


def test_cjk_vocabulary_reads_all_but_three_characters() -> None:
    fit = check_texts(TEXTS, fit_model(cjk=True))
    assert (fit.documents, fit.sampled, fit.characters, fit.words) == (4, 4, 38, 9)
    assert (fit.tokens, fit.unknown_tokens, fit.unknown_characters) == (22, 4, 5)
    assert fit.unknown_token_share == pytest.approx(4 / 22)
    assert fit.unknown_character_share == pytest.approx(5 / 38)  # "€5" is one [UNK]
    assert fit.unreadable == [("猫", 2), ("咖", 1), ("€", 1)]  # "5" alone is readable
    assert fit.tokens_per_character == pytest.approx(22 / 38)
    assert fit.tokens_per_word == pytest.approx(22 / 9)
    assert (fit.truncated, fit.max_length, fit.truncated_share) == (1, 8, 0.25)  # 7 + 2 > 8
    assert fit.scripts == {
        "Latin": round(25 / 38, 4),
        "CJK": round(11 / 38, 4),
        COMMON: round(2 / 38, 4),
    }
    assert fit.cjk_share == round(11 / 36, 4)
    assert fit.verdict == "reads poorly"


def test_latin_vocabulary_cannot_read_chinese() -> None:
    fit = check_texts(TEXTS, fit_model(cjk=False))
    assert (fit.tokens, fit.unknown_tokens, fit.unknown_characters) == (22, 12, 13)
    assert fit.unknown_token_share == pytest.approx(12 / 22)
    assert fit.unknown_character_share == pytest.approx(13 / 38)
    # most frequent first, ties in the order first seen, ten at most ("€" is the eleventh)
    assert fit.unreadable == [("猫", 2), *[(c, 1) for c in "我喜欢电影张三去咖"]]
    assert fit.verdict == "cannot read"


def test_english_only_reads_well_and_to_dict_carries_every_number() -> None:
    fit = check_texts(["the movie was good", "john visited paris"], fit_model(cjk=False))
    values = fit.to_dict()
    assert values["unknown_token_share"] == 0.0 and values["unreadable"] == []
    assert values["verdict"] == "reads well" and values["scripts"] == {"Latin": 1.0}
    assert values["tokens"] == 4 + 3 and values["tokens_per_word"] == 1.0


def test_sample_is_evenly_spaced_deterministic_and_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert evenly_spaced(list(range(10)), 4) == [0, 2, 5, 7]
    assert evenly_spaced([1, 2], 4) == [1, 2]
    monkeypatch.setattr(fit_check, "SAMPLE_DOCUMENTS", 3)
    monkeypatch.setattr(fit_check, "SAMPLE_CHARACTERS", 9)
    texts = ["我喜欢电影", "the", "张三去猫咖猫", "good"] * 3
    fit = check_texts(texts, fit_model(cjk=True))
    assert (fit.documents, fit.sampled) == (12, 1)  # 12 -> 0, 4, 8 -> the budget keeps one
    assert fit == check_texts(texts, fit_model(cjk=True))


def test_scripts_by_unicode_block() -> None:
    assert [script_of(c) for c in "aé中カ한я,。５€"] == [
        "Latin",
        "Latin",
        "CJK",
        "Kana",
        "Hangul",
        "Cyrillic",
        COMMON,
        COMMON,
        COMMON,
        COMMON,
    ]


def test_model_folder_without_weights_is_enough(tmp_path: Path) -> None:
    model = load_fit_model(model_folder(tmp_path / "latin", cjk=False))
    assert model.max_length == 64  # the tiny config's positions
    assert check_texts(["猫"], model).unknown_tokens == 1
