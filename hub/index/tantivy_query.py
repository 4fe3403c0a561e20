"""Turning user input into Tantivy queries, and snippets into safe HTML.

User text never reaches Tantivy's query language: words and "quoted phrases" are pulled out
with a regex and turned into term and phrase queries on ``title`` and ``body`` only. Field
syntax (``doc:x``), operators, brackets and wildcards are therefore just punctuation, so
hostile input cannot raise and cannot reach internal fields.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping

import tantivy
from tantivy import Occur, Query

from hub.index.analysis import Alternative, Unit, decompound, query_units
from hub.index.intent import fold
from hub.index.relax import boosts
from hub.index.tantivy_schema import ANALYZERS, SCHEMA

TITLE_BOOST = 3.0
#: compound parts found inside a longer word count a little less than the word itself
PARTS_BOOST = 0.6
#: a word matched only with a typo
FUZZY_BOOST = 0.4
#: a synonym or compound split of what was typed
DERIVED_BOOST = 0.8
#: a unit scores its best alternative plus this share of the others (a listing naming a word
#: and three of its synonyms is not four times as relevant)
ALTERNATIVES_TIE = 0.1
#: a place name matched in the listing's venue (city, postcode, place text) rather than text
VENUE_BOOST = 3.0
#: a word matched only in a fact line of the description or a partner, provider, funder name
FACTS_BOOST = 0.5
#: a unit matched through a listing field (kind, mode, free, audience, region) instead of text
FIELD_MATCH = 2.0
#: the words as typed in a listing's title (see ``_title_bonus``)
EXACT_TITLE_BONUS = 3.0
#: listings with every word of a relaxed (or 3+ word) query: above every partial match
ALL_WORDS_BONUS = 1000.0
#: letters after which the Snowball German stemmer drops a final "s" (Kurs → kur, Kurse → kurs)
_S_ENDING = frozenset("bdfghklmnrt")


def word_terms(word: str) -> list[str]:
    """The stemmed term of ``word`` plus the forms Snowball splits between singular and plural.

    Snowball stems "Kurs" to ``kur`` but "Kurse"/"Kursen" to ``kurs`` (likewise Zins/Zinsen,
    Impuls/Impulse), so a singular query would miss plural listings and vice versa. Adding the
    stem of the word with an "-e" plural, and for "-se" plurals the stem without its final "s",
    bridges that gap; the extra terms rarely exist otherwise, so they cost no precision.
    Empty for stop words.
    """
    stems = ANALYZERS.german(word)
    if not stems:
        return []
    stem = stems[0]
    terms = [stem]
    lower = word.lower()
    if not lower.endswith("e"):
        terms.extend(ANALYZERS.german(word + "e"))
    if lower.endswith("se") and len(stem) > 3 and stem[-1] == "s" and stem[-2] in _S_ENDING:
        terms.append(stem[:-1])
    return list(dict.fromkeys(terms))


def _field_terms(
    field: str, terms: Iterable[str], boost: float, restrict: Restriction | None = None
) -> list[Query]:
    out = []
    for term in terms:
        query = Query.term_query(SCHEMA, field, term)
        if boost != 1.0:
            query = Query.boost_query(query, boost)
        if restrict is not None:
            query = restrict.apply(query, restrict.frequency(field, term))
        out.append(query)
    return out


#: tells whether a stemmed term occurs in the index (title or body); see ``text_query``
Known = Callable[[str], bool]
#: how many listings hold a term in a field (Tantivy's doc_freq); see ``Restriction``
Frequency = Callable[[str, str], int]
#: a leaf's cost: the listings its postings visit, a phrase's this many times over (it reads
#: positions for every listing that holds all its words)
PHRASE_COST = 10
#: a leaf is restricted when it costs more than this …
RESTRICT_MIN_COST = 50_000
#: … and more than this many times the rarest word, whose query the restriction evaluates again
RESTRICT_FACTOR = 2


class Restriction:
    """Leaves of one word's query that cost far more than another required word.

    Tantivy evaluates a union (a word's fields, synonyms, phrases) window by window and visits
    every listing of every branch inside each window its intersection reaches, so one frequent
    synonym phrase ("kleine und mittlere Unternehmen" in 40 % of a million listings) costs as
    much as a search of the whole catalogue, though the other word ("Nachhaltigkeit") is in
    5 %. Such a leaf becomes *leaf AND the rarest word (scoring 0)*: an intersection led by the
    rare word, which is evaluated once more for it. A query's matches and scores stay exactly
    the same, since every match must hold the rarest word anyway.
    """

    def __init__(self, rarest: Query, rarest_cost: int, frequency: Frequency) -> None:
        self.filter = Query.const_score_query(rarest, 0.0)
        self.above = max(RESTRICT_MIN_COST, RESTRICT_FACTOR * rarest_cost)
        self.frequency = frequency

    def apply(self, query: Query, cost: int) -> Query:
        """``query`` (a leaf of about this ``cost``), restricted if it costs that much."""
        if cost <= self.above:
            return query
        return Query.boolean_query([(Occur.Must, query), (Occur.Must, self.filter)])


def _word_query(
    word: str,
    fuzzy: int = 0,
    boost: float = 1.0,
    known: Known | None = None,
    place: bool = False,
    facts: bool = True,
    restrict: Restriction | None = None,
) -> Query | None:
    """One word in title (boosted), body or compound parts; with typo tolerance if ``fuzzy``.

    A fuzzy query walks the whole term dictionary and is most of a search's cost, so with
    ``known`` it is only added for words the index does not contain: those are the typos.
    """
    terms = word_terms(word)
    if not terms:
        return None
    clauses = (
        _field_terms("title", terms, TITLE_BOOST * boost, restrict)
        + _field_terms("body", terms, boost, restrict)
        + _field_terms("parts", terms, PARTS_BOOST * boost, restrict)
        + _field_terms("place", terms, (VENUE_BOOST if place else 1.0) * boost, restrict)
        + (_field_terms("facts", terms, FACTS_BOOST * boost, restrict) if facts else [])
    )
    if fuzzy and not (known is not None and any(known(t) for t in terms)):
        for field, weight in (("title", TITLE_BOOST), ("body", 1.0)):
            typo = Query.fuzzy_term_query(SCHEMA, field, terms[0], distance=fuzzy)
            clauses.append(Query.boost_query(typo, FUZZY_BOOST * weight * boost))
    return Query.boolean_query([(Occur.Should, q) for q in clauses])


def _phrase_query(
    tokens: list[tuple[int, str]],
    boost: float = 1.0,
    place: bool = False,
    restrict: Restriction | None = None,
) -> Query:
    weights = {
        "title": TITLE_BOOST,
        "body": 1.0,
        "place": VENUE_BOOST if place else 1.0,
        "facts": FACTS_BOOST,
    }
    clauses = []
    for field, weight in weights.items():
        query = Query.boost_query(Query.phrase_query(SCHEMA, field, list(tokens)), weight * boost)
        if restrict is not None:
            query = restrict.apply(query, _phrase_cost(restrict.frequency, field, tokens))
        clauses.append((Occur.Should, query))
    return Query.boolean_query(clauses)


def _alternative_query(
    alt: Alternative,
    known: Known | None = None,
    relaxed: bool = False,
    restrict: Restriction | None = None,
) -> Query | None:
    if alt.field:  # the unit named by a listing field: a fixed score, as a body match
        query = boost_query(alt.field, alt.value, FIELD_MATCH)
        if restrict is not None:
            query = restrict.apply(query, restrict.frequency(alt.field, alt.value))
        return query
    boost = DERIVED_BOOST if alt.derived else 1.0
    # a partial match must show in what the offer is about, not only in a fact line or name
    facts = not relaxed
    relaxed = relaxed and not (alt.phrase and alt.derived)  # a synonym phrase stays one
    if alt.phrase and not relaxed:
        tokens = ANALYZERS.german_tokens(" ".join(alt.words))
        if len(tokens) > 1:
            # a synonym phrase scores as one word: "IT-Sicherheit" for "Cybersicherheit" must
            # not outweigh the typed word by having two terms
            share = boost / len(tokens) if alt.derived else boost
            return _phrase_query(tokens, share, alt.place, restrict)
        if not tokens:
            return None
        return _word_query(" ".join(alt.words), boost=boost, place=alt.place, restrict=restrict)
    words = [
        q
        for w in alt.words
        if (q := _word_query(w, alt.fuzzy, boost, known, alt.place, facts, restrict)) is not None
    ]
    if not words:
        return None
    if len(words) == 1:
        return words[0]
    # relaxed, a compound's parts and a phrase's words may match one at a time (relax)
    occur = Occur.Should if relaxed else Occur.Must
    return Query.boolean_query([(occur, q) for q in words])


def unit_query(
    unit: Unit,
    known: Known | None = None,
    relaxed: bool = False,
    restrict: Restriction | None = None,
) -> Query | None:
    """Any alternative of ``unit``: the best one scores, the others add a little."""
    alternatives = [
        q for alt in unit.alternatives if (q := _alternative_query(alt, known, relaxed, restrict))
    ]
    if not alternatives:  # only stop words, or a Land that only boosts
        return None
    if len(alternatives) == 1:
        return alternatives[0]
    return Query.disjunction_max_query(alternatives, tie_breaker=ALTERNATIVES_TIE)


def has_synonyms(unit: Unit) -> bool:
    """Whether ``unit`` may match through other words than its own (not its compound parts)."""
    typed = {fold(w) for a in unit.alternatives if not a.derived for w in a.words}
    parts = {p for w in typed for p in decompound(w)}
    return any(a.derived and not {fold(w) for w in a.words} <= parts for a in unit.alternatives)


def _title_bonus(unit: Unit) -> Query | None:
    """A fixed bonus when the words as typed stand in the title (not a synonym, part or typo).

    A constant, not a BM25 weight: "Cybersicherheit" in a title ranks above a title with the
    synonym "IT-Sicherheit" whatever the collection's term statistics say, on every backend.
    """
    typed = next((a for a in unit.alternatives if not a.derived and not a.field), None)
    if typed is None or unit.soft or not has_synonyms(unit):
        return None
    per_word = []
    for word in typed.words:
        terms = word_terms(word)
        if terms:
            per_word.append(
                Query.boolean_query([(Occur.Should, q) for q in _field_terms("title", terms, 1.0)])
            )
    if not per_word:
        return None
    match = (
        per_word[0]
        if len(per_word) == 1
        else Query.boolean_query([(Occur.Must, q) for q in per_word])
    )
    return Query.const_score_query(match, EXACT_TITLE_BONUS)


def text_query(
    text: str | list[Unit],
    known: Known | None = None,
    *,
    relaxed: bool = False,
    frequency: Frequency | None = None,
) -> Query | None:
    """Words must all match (two or fewer) or all but one (three or more); phrases must match.

    Catalogue queries are short and specific ("Datenschutz Verein", "Förderung KI Sachsen"):
    requiring every word keeps 1–2-word results precise, and letting one of 3+ words miss
    avoids empty pages when one word is only implied (a synonym). Each word may also be
    matched by its synonyms, its compound parts or (6+ letters) with a typo, all scoring a
    little lower than the word as typed. Place, kind, mode and level words only add score
    (``analysis.Unit.soft``) through exact fields. Stop words are dropped by the analyzer, so
    "Datenschutz im Verein" is two words. None when the text has nothing to search for (empty,
    only punctuation or stop words): the caller matches all. ``known``: see ``_word_query``.

    ``relaxed`` (see ``hub.index.relax``): one word is enough. Listings with every word get
    ``ALL_WORDS_BONUS`` – far above any text score – so they always rank above partial ones.

    ``frequency`` (doc_freq of the index): when every word must match, the frequent leaves of
    the other words are restricted to the rarest word (``Restriction``): the same matches and
    scores, at a fraction of the cost on a large catalogue.
    """
    units = query_units(text) if isinstance(text, str) else text
    required: list[tuple[Unit, Query]] = []
    optional: list[tuple[Unit, Query]] = []
    extra: list[Query] = []
    for unit in units:
        extra.extend(boost_query(b.field, b.value, b.weight) for b in boosts(unit, relaxed))
        query = unit_query(unit, known, relaxed and not unit.soft and not unit.required)
        if query is None:
            continue
        if unit.soft:
            extra.append(query)
            continue
        (required if unit.required else optional).append((unit, query))
        if (bonus := _title_bonus(unit)) is not None:
            extra.append(bonus)
    if not required and not optional:
        return None
    if len(optional) <= 2 and not relaxed:
        musts = required + optional
        if frequency is not None and len(musts) > 1:
            musts = _restricted(musts, known, frequency)
        clauses = [(Occur.Must, q) for _, q in musts]
    else:
        clauses = [(Occur.Must, q) for _, q in required]
        least = 1 if relaxed else len(optional) - 1
        some = Query.boolean_query(
            [(Occur.Should, q) for _, q in optional], minimum_number_should_match=least
        )
        strict = [q for u in units if not u.soft and not u.required and (q := unit_query(u, known))]
        every = Query.boolean_query([(Occur.Must, q) for q in strict])
        clauses.append((Occur.Must, some))
        clauses.append((Occur.Should, Query.const_score_query(every, ALL_WORDS_BONUS)))
    clauses += [(Occur.Should, q) for q in extra]
    return Query.boolean_query(clauses)


#: the fields a word is searched in (``_word_query``) and a phrase (``_phrase_query``)
_WORD_FIELDS = ("title", "body", "parts", "place", "facts")
_PHRASE_FIELDS = ("title", "body", "place", "facts")


def _phrase_cost(frequency: Frequency, field: str, tokens: list[tuple[int, str]]) -> int:
    """A phrase visits the listings holding its rarest word and reads their positions."""
    return PHRASE_COST * min((frequency(field, term) for _, term in tokens), default=0)


def _unit_cost(unit: Unit, frequency: Frequency) -> int:
    """About how many postings ``unit``'s query visits (``PHRASE_COST`` for phrases)."""
    cost = 0
    for alt in unit.alternatives:
        if alt.field:
            cost += frequency(alt.field, alt.value)
        elif alt.phrase:
            tokens = ANALYZERS.german_tokens(" ".join(alt.words))
            cost += sum(_phrase_cost(frequency, f, tokens) for f in _PHRASE_FIELDS)
        else:
            cost += sum(
                frequency(f, t) for w in alt.words for t in word_terms(w) for f in _WORD_FIELDS
            )
    return cost


def _restricted(
    musts: list[tuple[Unit, Query]], known: Known | None, frequency: Frequency
) -> list[tuple[Unit, Query]]:
    """The required words, each other word's costly leaves restricted to the cheapest one."""
    costs = [_unit_cost(unit, frequency) for unit, _ in musts]
    cheapest = min(range(len(musts)), key=costs.__getitem__)
    restrict = Restriction(musts[cheapest][1], costs[cheapest], frequency)
    out = []
    for i, (unit, query) in enumerate(musts):
        if i != cheapest and costs[i] > restrict.above:  # else none of its leaves is
            query = unit_query(unit, known, restrict=restrict) or query
        out.append((unit, query))
    return out


def boost_query(field: str, value: str, weight: float) -> Query:
    """Adds ``weight`` to the score of listings whose keyword ``field`` is ``value``."""
    return Query.const_score_query(Query.term_query(SCHEMA, field, value), weight)


def combine(scored: Query | None, filters: Iterable[Query]) -> Query:
    """Every filter must match; the text query (if any) must match and gives the score."""
    clauses = [(Occur.Must, q) for q in filters]
    if scored is not None:
        clauses.append((Occur.Must, scored))
    if not clauses:
        return Query.all_query()
    return clauses[0][1] if len(clauses) == 1 else Query.boolean_query(clauses)


def suggest_query(prefix: str) -> tuple[Query | None, str]:
    """Titles containing every typed word, the last one as a prefix; also the folded prefix.

    Uses the unstemmed ``title_prefix`` field: a stem is no prefix of what a user types
    ("Förderu" is not a prefix of ``forder``).
    """
    tokens = ANALYZERS.folded(prefix)
    if not tokens:
        return None, ""
    complete = prefix[-1:].isspace()
    last = tokens[-1]
    clauses = [(Occur.Must, Query.term_query(SCHEMA, "title_prefix", t)) for t in tokens[:-1]]
    if complete:
        clauses.append((Occur.Must, Query.term_query(SCHEMA, "title_prefix", last)))
    else:
        pattern = re.escape(last) + ".*"
        clauses.append((Occur.Must, Query.regex_query(SCHEMA, "title_prefix", pattern)))
    return Query.boolean_query(clauses), " ".join(tokens)


#: stand-ins for ``<mark>`` and ``</mark>`` while the snippet is escaped in one pass
_OPEN, _CLOSE = "\x02", "\x03"


def snippet_html(snippet: tantivy.Snippet, text: str) -> str:
    """The snippet with matches in ``<mark>`` and everything else HTML-escaped; "" if no match.

    Tantivy's own ``to_html`` uses ``<b>``; rebuilding from the fragment and the highlighted
    byte ranges keeps the escaping in our hands. The matches are framed with two control
    characters (any in the text become spaces first, so byte offsets stay put), the whole
    snippet is escaped once, then the frames become tags.
    """
    highlighted = snippet.highlighted()
    if not highlighted:
        return ""
    raw = snippet.fragment().encode()
    if b"\x02" in raw or b"\x03" in raw:
        raw = raw.replace(b"\x02", b" ").replace(b"\x03", b" ")
    parts: list[bytes] = []
    pos = 0
    for start, end in sorted((r.start, r.end) for r in highlighted):
        if start < pos:  # overlapping ranges: keep the first
            continue
        parts += (raw[pos:start], b"\x02", raw[start:end], b"\x03")
        pos = end
    parts.append(raw[pos:])
    marked = html.escape(b"".join(parts).decode(errors="replace")).strip()
    where = snippet.fragment_range()
    lead = "… " if where.start > 0 else ""
    tail = " …" if where.end < len(text.strip().encode()) else ""
    return lead + marked.replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>") + tail


def facet_aggregation(fields: Iterable[str], size: int) -> dict[str, Mapping[str, object]]:
    return {field: {"terms": {"field": field, "size": size}} for field in fields}
