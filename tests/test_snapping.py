from ptcore.snapping import TokenBoundaries, snap_span, tokenizer_boundaries, word_at
from tests.tiny import make_tokenizer


def covered(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


def test_mid_word_to_mid_word_gives_whole_words() -> None:
    text = "John Smith flew to Paris."
    assert covered(text, snap_span(text, 2, 8)) == "John Smith"
    assert covered(text, snap_span(text, 20, 22)) == "Paris"


def test_white_space_is_trimmed_and_empty_selections_vanish() -> None:
    text = "a  New York  b"
    assert covered(text, snap_span(text, 1, 12)) == "New York"
    assert snap_span(text, 1, 3) is None
    assert snap_span(text, 4, 4) is None


def test_chinese_snaps_to_characters_in_mixed_text() -> None:
    text = "我在北京大学学习AI技术"
    assert covered(text, snap_span(text, 2, 4)) == "北京"
    assert covered(text, snap_span(text, 8, 9)) == "AI"
    assert covered(text, snap_span(text, 7, 9)) == "习AI"
    assert covered(text, snap_span(text, 10, 11)) == "技"


def test_emoji_sequences_stay_whole() -> None:
    text = "ok 👍🏽 and 👨‍👩‍👧 done"
    thumbs = text.index("👍")
    assert covered(text, snap_span(text, thumbs + 1, thumbs + 2)) == "👍🏽"
    family = text.index("👨")
    assert covered(text, word_at(text, family + 2)) == "👨‍👩‍👧"


def test_accents_and_punctuation() -> None:
    text = "Café, naïve (Zoë)!"
    assert covered(text, word_at(text, 2)) == "Café"
    assert covered(text, word_at(text, 4)) == ","
    assert covered(text, snap_span(text, 13, 15)) == "Zoë"
    decomposed = "Cafe\u0301 ok"
    assert covered(decomposed, word_at(decomposed, 1)) == "Cafe\u0301"


def test_word_at_white_space_is_none() -> None:
    assert word_at("a b", 1) is None
    assert word_at("a b", 5) is None


def test_token_boundaries_flag_cuts() -> None:
    boundaries = TokenBoundaries([(0, 4), (4, 7), (8, 12)])
    assert boundaries.cuts(2) == (0, 4)
    assert boundaries.cuts(4) is None
    assert boundaries.cuts(7) is None
    assert boundaries.span_cuts(0, 7) == []
    assert boundaries.span_cuts(2, 10) == [(0, 4), (8, 12)]


def test_tokenizer_boundaries_from_a_fast_tokenizer() -> None:
    text = "john visited london today"
    boundaries = tokenizer_boundaries(text, make_tokenizer())
    assert boundaries is not None
    assert boundaries.span_cuts(13, 19) == []  # "london"
    assert boundaries.cuts(15) is not None  # inside "london"'s pieces


def test_slow_tokenizers_give_no_boundaries() -> None:
    assert tokenizer_boundaries("text", object()) is None
