"""Restricting costly leaves to the rarest word changes nothing but the cost (Tantivy)."""

from __future__ import annotations

import pytest
from index_catalogue import CATALOGUE

from hub.index.analysis import query_units
from hub.index.tantivy import TantivyIndex, _known_in
from hub.index.tantivy_query import text_query, word_terms

#: two required words each; synonyms, phrases ("kleine und mittlere Unternehmen" for
#: "Mittelstand") and field matches (kind, audience) among their leaves
QUERIES = [
    "KI Mittelstand",
    "Weiterbildung Zuschuss",
    "Datenschutz Betriebsräte",
    "Digitalisierung Unternehmen",
    "Künstliche Intelligenz Mittelstand",
    "Medienkompetenz Beschäftigte",
]


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> TantivyIndex:
    index = TantivyIndex(tmp_path_factory.mktemp("cost") / "index")
    index.upsert(CATALOGUE)
    return index


@pytest.mark.parametrize("text", QUERIES)
def test_restricted_leaves_give_the_same_hits_and_scores(
    catalogue: TantivyIndex, text: str
) -> None:
    searcher = catalogue._current().index.searcher()
    known = _known_in(searcher)
    units = query_units(text)

    first = next(unit for unit in units if not unit.soft)
    rare = {alt.value for alt in first.alternatives if alt.field} | {
        term for alt in first.alternatives for word in alt.words for term in word_terms(word)
    }

    def skewed(field: str, term: str) -> int:  # the first word rare, everything else costly
        return 1 if term in rare else 10**9

    plain = text_query(units, known)
    restricted = text_query(units, known, frequency=skewed)
    assert plain is not None and restricted is not None
    assert repr(restricted) != repr(plain)  # some leaf was restricted
    before = searcher.search(plain, limit=50)
    after = searcher.search(restricted, limit=50)
    assert after.count == before.count
    assert [(a.doc, s) for s, a in after.hits] == [(a.doc, s) for s, a in before.hits]


def test_a_small_catalogue_is_left_as_it_is(catalogue: TantivyIndex) -> None:
    searcher = catalogue._current().index.searcher()
    units = query_units("KI Mittelstand")
    known = _known_in(searcher)
    assert repr(text_query(units, known, frequency=searcher.doc_freq)) == repr(
        text_query(units, known)
    )
