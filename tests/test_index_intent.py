"""Query words that say which offers rather than what about: kinds, places, compounds.

The same tests on every backend (the analysis data is shared): a Land's name ranks its region
first without matching a similar name as text, kind words boost instead of being required,
a compound ending in a kind word finds its topic, and the first kind word of a query decides.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from es_server import es_server  # noqa: F401  (a fixture)
from index_catalogue import BACKENDS, INTENT, feature_ids
from test_index_contract import Backend

from hub.index.analysis import decompound, query_units
from hub.index.base import SearchIndex


@pytest.fixture(scope="module", params=BACKENDS)
def intent(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchIndex]:
    backend = Backend(request.param, request, tmp_path_factory.mktemp("intent"))
    index = backend.open()
    index.upsert(INTENT)
    yield index
    backend.close()


def test_a_land_name_ranks_its_region_first_not_a_similar_name(intent: SearchIndex) -> None:
    ids = feature_ids(intent, "Förderung Digitalisierung Sachsen")
    assert ids[0] == "feat-93"
    assert ids.index("feat-94") > 0  # Sachsen-Anhalt: still found, not ranked as Sachsen
    assert {"feat-94", "feat-95"} <= set(ids)  # the place only boosts


def test_nrw_means_nordrhein_westfalen(intent: SearchIndex) -> None:
    assert feature_ids(intent, "Digitalisierung NRW")[0] == "feat-95"


def test_kind_words_boost_instead_of_being_required(intent: SearchIndex) -> None:
    assert feature_ids(intent, "Excel Kurs") == ["feat-91", "feat-92"]
    assert feature_ids(intent, "Excel Veranstaltung") == ["feat-92", "feat-91"]


def test_a_compound_ending_in_a_kind_word_finds_its_topic(intent: SearchIndex) -> None:
    ids = feature_ids(intent, "Deutschkurs")
    assert ids[0] == "feat-96"
    assert "feat-97" in ids  # advice about Deutsch, below the course


def test_the_first_kind_word_decides_a_later_one_is_a_topic(intent: SearchIndex) -> None:
    ids = feature_ids(intent, "Förderung Weiterbildung")
    assert ids[0] == "feat-99"
    assert "feat-93" not in ids  # funding, but not for training


def test_a_query_of_only_place_or_kind_words_is_plain_text(intent: SearchIndex) -> None:
    assert feature_ids(intent, "Leipzig") == ["feat-91"]


def test_compounds_split_with_umlauts_spelled_out() -> None:
    assert (
        decompound("Gruenderberatung")
        == decompound("Gründerberatung")
        == [
            "gruender",
            "beratung",
        ]
    )


def test_place_and_kind_units_are_soft_with_boosts() -> None:
    units = query_units("excel kurs sachsen-anhalt")
    assert [u.soft for u in units] == [False, True, True]
    assert ("kind", "course") in {(b.field, b.value) for b in units[1].boosts}
    assert ("region_path", "DE-ST") in {(b.field, b.value) for b in units[2].boosts}
    assert units[2].alternatives == ()  # a Land is not matched as text
