"""The status vocabulary is a public contract: its words and colours never change."""

from __future__ import annotations

from cspmeasures import RAG, Polarity, Status

# The table of the calculation issue, written out by hand.
CONTRACT = {
    "met": "green",
    "on-track": "green",
    "at-risk": "amber",
    "off-track": "red",
    "missed": "red",
    "not-yet-due": "grey",
    "no-data": "grey",
    "not-applicable": "grey",
    "monitor": "grey",
    "cannot-evaluate": "grey",
}


def test_every_status_has_its_contracted_colour() -> None:
    """The ten statuses, and only they, with their RAG colours."""
    assert {s.value: s.rag.value for s in Status} == CONTRACT


def test_every_status_says_what_it_means() -> None:
    """Each status carries a one-line meaning for docs and explain."""
    assert all(len(s.meaning) > 10 for s in Status)


def test_polarity_words_and_signs() -> None:
    """Polarity's words are the catalogue's, and its sign says which way is better."""
    assert [p.value for p in Polarity] == ["higher-is-better", "lower-is-better", "in-range", "none"]
    assert Polarity.HIGHER_IS_BETTER.sign == 1
    assert Polarity.LOWER_IS_BETTER.sign == -1
    assert Polarity.NONE.sign == 0


def test_rag_words() -> None:
    """RAG colours are four fixed words."""
    assert [r.value for r in RAG] == ["green", "amber", "red", "grey"]
