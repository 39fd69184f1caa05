from ptcore.text_offsets import OffsetMap, utf16_length


def test_ascii_and_chinese_are_one_unit_per_character() -> None:
    offsets = OffsetMap("北京 Paris")
    assert [offsets.to_utf16(i) for i in range(9)] == list(range(9))
    assert offsets.to_python(5) == 5


def test_emoji_take_two_units() -> None:
    text = "a😀b👍🏽c"
    offsets = OffsetMap(text)
    assert offsets.utf16_length == utf16_length(text) == 9
    assert [offsets.to_utf16(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 8, 9]
    for i in range(len(text) + 1):
        assert offsets.to_python(offsets.to_utf16(i)) == i


def test_offset_inside_a_surrogate_pair_rounds_to_a_whole_character() -> None:
    offsets = OffsetMap("a😀b")
    assert offsets.to_python(2) == 1
    assert offsets.to_python(2, round_up=True) == 2
    assert offsets.span_to_python(2, 2) == (1, 2)


def test_out_of_range_offsets_are_clamped() -> None:
    offsets = OffsetMap("ab😀")
    assert offsets.to_utf16(99) == 4
    assert offsets.to_python(-3) == 0
    assert offsets.to_python(99) == 3


def test_large_text_round_trips() -> None:
    text = ("Hello 世界 😀 " * 10_000)[:100_000]
    offsets = OffsetMap(text)
    assert offsets.utf16_length == utf16_length(text)
    for i in range(0, len(text), 997):
        assert offsets.to_python(offsets.to_utf16(i)) == i
        assert len(text[:i].encode("utf-16-le")) // 2 == offsets.to_utf16(i)
