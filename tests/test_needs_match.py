"""The percolator finds exactly the new listings the API's own search finds for each need."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from needs_helpers import Hub, listing

from hub.model import Place, Price
from hub.needs.match import percolate
from hub.needs.model import NeedSpec
from hub.needs.store import Need

SPECS: list[dict[str, object]] = [
    {"q": "Datenschutz"},
    {"q": "Datenschuz"},  # a typo: matched loosely, as the search does
    {"q": "Datenschutz", "near": "Chemnitz", "radius": 10},
    {"q": "Datenschutz", "near": "Leipzig", "radius": 25},
    {"topic": ["Datenschutz"], "kind": ["event"]},
    {"topic": ["Office-Anwendungen"], "free": True},
    {"q": "Excel", "date_from": date(2031, 3, 1), "date_to": date(2031, 3, 10)},
    {"region": ["DE-SN"], "online": True},
    {"q": "Handwerk Datenschutz"},
    {"audience": ["KMU"]},
]


def test_percolation_matches_the_catalogue_search_restricted_to_new_listings(
    tmp_path: Path,
) -> None:
    hub = Hub(tmp_path / "home")
    old = [listing(f"o{n}", f"Datenschutz Grundkurs {n}", days=n) for n in range(5)]
    leipzig = Place(city="Leipzig", lat=51.34, lon=12.37)
    new = [
        listing("n1", "Datenschutz im Handwerk"),
        listing("n2", "Datenschutz-Sprechstunde", kind="event", days=3),
        listing(
            "n3",
            "Excel für Einsteiger",
            topics=("Office-Anwendungen",),
            days=5,
            price=Price(free=True),
        ),
        listing("n4", "Excel für Profis", topics=("Office-Anwendungen",), days=20),
        listing("n5", "Datenschutz in Leipzig", days=2).model_copy(update={"place": leipzig}),
        listing("n6", "Online-Seminar Datenschutz", days=4).model_copy(
            update={"mode": "online", "audiences": ["KMU"]}
        ),
    ]
    hub.add(*old)
    hub.add(*new)
    needs = [
        Need(f"need-{n}", "", NeedSpec.model_validate(s), True, 0, None)
        for n, s in enumerate(SPECS)
    ]
    seqs = {lst.id: 10 + n for n, lst in enumerate(new)}

    found = percolate(needs, new, seqs, catalogue=hub.index)

    by_need: dict[str, set[str]] = {}
    for need_id, listing_id, _, _ in found:
        by_need.setdefault(need_id, set()).add(listing_id)
    for need in needs:
        query = replace(need.spec.search_params().to_query(), size=100)
        # a notification carries offers that match every word: the partial hits a relaxed
        # interactive search appends ("no dead ends") are not news for a saved need
        truth = {h.id for h in hub.index.search(query).hits if not h.partial} & set(seqs)
        assert by_need.get(need.id, set()) == truth, need.spec
    # the cases are not vacuous: most needs find something, none finds everything
    assert sum(1 for n in needs if by_need.get(n.id)) >= 7
    assert all(len(v) < len(new) for v in by_need.values())


def test_a_need_hears_only_of_listings_changed_after_its_confirmation(tmp_path: Path) -> None:
    hub = Hub(tmp_path / "home")
    new = [listing("a", "Datenschutz am Montag"), listing("b", "Datenschutz am Dienstag")]
    hub.add(*new)
    need = Need("late", "", NeedSpec(q="Datenschutz"), True, since_seq=5, last_sent_at=None)
    found = percolate([need], new, {"zz-kurse-a": 4, "zz-kurse-b": 6}, catalogue=hub.index)
    assert [listing_id for _, listing_id, _, _ in found] == ["zz-kurse-b"]
