"""The NER editor's rules for suggested entities, without Qt."""

from __future__ import annotations

from app.editors import entity_rules
from app.editors.suggestions import SuggestedSpan
from ptcore.store.views import Entity

TEXT = "Ann Lee met Bob in Paris."
ANN = Entity(1, 0, 7, "PER", "human")  # "Ann Lee"


def test_a_suggestion_that_overlaps_gold_is_refused_with_both_named() -> None:
    clash = SuggestedSpan(4, 7, "LOC", 0.9)  # "Lee"
    refusal = entity_rules.overlap_refusal(clash, [ANN], TEXT)
    assert refusal == (
        "The model's LOC 'Lee' overlaps your PER 'Ann Lee'; delete yours first to accept it."
    )
    assert entity_rules.overlap_refusal(SuggestedSpan(12, 15, "PER", 0.8), [ANN], TEXT) is None


def test_accept_all_takes_the_free_suggestions_and_refuses_the_overlapping() -> None:
    bob, paris = SuggestedSpan(12, 15, "PER", 0.8), SuggestedSpan(19, 24, "LOC", 0.7)
    lee = SuggestedSpan(4, 7, "LOC", 0.9)
    choice = entity_rules.choose_entities([bob, lee, paris], [ANN])
    assert choice.accepted == [bob, paris]
    assert choice.refused == [lee]
    assert entity_rules.accept_many_text(choice.accepted) == "Accept 2 suggestions"
    assert entity_rules.accept_many_text([bob]) == "Accept 1 suggestion"
    assert entity_rules.accept_one_text(bob, TEXT) == "Accept PER 'Bob'"


def test_spans_that_only_touch_do_not_overlap() -> None:
    touching = SuggestedSpan(7, 11, "MISC", 0.5)  # " met" starts where "Ann Lee" ends
    assert entity_rules.choose_entities([touching], [ANN]).accepted == [touching]


def test_refused_message_counts_and_names_them() -> None:
    lee, ann = SuggestedSpan(4, 7, "LOC", 0.9), SuggestedSpan(0, 3, "PER", 0.9)
    assert entity_rules.refused_message([lee], TEXT) == (
        "Skipped 1 suggestion that overlaps your entities: LOC 'Lee'."
    )
    assert entity_rules.refused_message([ann, lee], TEXT) == (
        "Skipped 2 suggestions that overlap your entities: PER 'Ann', LOC 'Lee'."
    )


def test_suggestion_count_says_how_many_clash_and_nothing_without_a_model() -> None:
    suggestions = [SuggestedSpan(4, 7, "LOC", 0.9), SuggestedSpan(12, 15, "PER", 0.8)]
    assert entity_rules.suggestion_count(suggestions, [ANN], True) == (
        "Model suggestions: 2 (1 overlap yours)"
    )
    assert entity_rules.suggestion_count(suggestions[1:], [ANN], True) == "Model suggestions: 1"
    assert entity_rules.suggestion_count([], [], False) == ""
