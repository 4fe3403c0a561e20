"""Place texts → address parts, coordinates, Bundesland and Kreis, offline.

``Zukunftszentrum Sachsen, Petersstraße 12, 04109 Leipzig`` → street, postcode 04109, city
Leipzig, DE-SN and Leipzig's coordinates; ``Landkreis Leipzig`` → DE-SN; ``Online (Zoom)`` →
online. Only whole names are looked up (the part after the postcode, a comma-separated part,
or the whole text), never substrings, so "Zukunftszentrum Sachsen" is not read as a place.

Sources, in order: an operator-imported postcode table (pipelines/postcodes.py; gives the Kreis
too), the small hand-made gazetteer ``data/places_de.csv`` (Länder, Landkreise, large cities),
then GeoNames' ~11,900 German places of 500+ inhabitants (pipelines/geonames.py). A name shared
by places in different Länder is resolved only when one of them is ten times larger than the
others ("Frankfurt"); otherwise the Land stays empty and ``uncertain`` says why.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources

from pipelines.geonames import german_places
from pipelines.postcodes import postcode_lands, postcode_table, table_generation

ONLINE = re.compile(
    r"^(online|virtuell|digital|webinar|live-online|im internet|zoom|microsoft teams|webex|"
    r"videokonferenz|video-konferenz|per video|telefonisch|bigbluebutton)\b",
    re.I,
)
#: "Online und in Leipzig", "online / vor Ort in Halle": the online part before a venue
ONLINE_HEAD = re.compile(
    r"^(online|digital|per video\w*|live online)\s*(?:und|oder|/|\+|,|sowie)\s*"
    r"(?:auch\s+)?(?:vor ort|in präsenz|präsenz)?\s*(?:in|im|bei)?\s*",
    re.I,
)
#: "bundesweit": the whole country, no one Land
NATIONWIDE = re.compile(r"^(bundesweit|deutschlandweit|ganz deutschland|deutschland)\b", re.I)
#: "Raum Cottbus", "Region Halle": around a town, not at it – region-wide
AROUND = re.compile(r"^(raum|region|großraum|umland von|umgebung von|rund um)\s+", re.I)
#: an explanation after the place: "Raum Cottbus – den genauen Ort erhalten Sie …"
TRAILER = re.compile(r"\s+[–—-]\s+(?=[a-zäöü])[^,;]*$")
#: a parenthetical that explains rather than qualifies ("(der genaue Ort wird … bekannt gegeben)")
EXPLANATION = re.compile(r"\s*\((?:[^()]*\s){2,}[^()]*\)")
#: "… Leipzig und online": how one takes part, after the place
MODE_TAIL = re.compile(
    r"\s*(?:[,;/+]|\bund\b|\boder\b|\bsowie\b)\s*(?:auch\s+)?(?:online|per video\w*|"
    r"per videokonferenz|virtuell|im livestream|per livestream|per stream)\b.*$",
    re.I,
)
#: separators of several places in one text
MANY = re.compile(r"\s*(?:[,;]|\bund\b|\bsowie\b|\boder\b)\s*(?![^()]*\))", re.I)
_LEAD_WORDS = re.compile(
    r"^(vor ort in|vor ort|im betrieb|in ihrem betrieb|bei ihnen|die stadt|der stadt|stadt|"
    r"kreisfreie stadt|im|in|in der|den|die|der)\s+",
    re.I,
)
POSTCODE_CITY = re.compile(
    r"\b(?P<postcode>\d{5})\s+(?P<city>[^\d,;()]+?(?:\s*\([^)]*\))?)\s*(?:[,;(]|$)"
)
STREET = re.compile(
    r"^[^,\d]*(straße|str\.|weg|platz|allee|ring|damm|gasse|ufer|markt)\s*\d+\w?$", re.I
)
_PREFIXES = (
    "stadt ", "in ", "standort ", "büro ", "freistaat ", "land ", "hansestadt ",
    "landeshauptstadt ", "universitätsstadt ", "kreisfreie stadt ",
)  # fmt: skip
#: spellings of GeoNames names that partners abbreviate
_ABBREVIATIONS = ((re.compile(r"\bst\.\s*"), "sankt "), (re.compile(r"\bv\.\s*d\.\s*"), "vor der "))
#: how much larger the biggest of several same-named places must be to be taken as meant
DOMINANCE = 10


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    type: str  # city, district, area, state
    state: str  # ISO 3166-2, e.g. DE-SN
    lat: float
    lon: float


@dataclass(frozen=True)
class ParsedPlace:
    text: str
    online: bool = False
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    lat: float | None = None
    lon: float | None = None
    regions: list[str] = field(default_factory=list)
    district: str | None = None
    #: why the Land stayed empty although the text names a place (e.g. an ambiguous name)
    uncertain: str | None = None
    #: a region (Landkreis, "Raum X", several towns) rather than one venue: no city
    regional: bool = False


@cache
def gazetteer() -> dict[str, GazetteerEntry]:
    """Lower-cased name → entry; loaded once per process."""
    entries: dict[str, GazetteerEntry] = {}
    with resources.files("pipelines").joinpath("data/places_de.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            entry = GazetteerEntry(
                row["name"], row["type"], row["state"], float(row["lat"]), float(row["lon"])
            )
            entries.setdefault(row["name"].lower(), entry)
    return entries


def lookup(name: str) -> GazetteerEntry | None:
    """A whole place name, case-insensitive; "Kreis X" also finds "Landkreis X" and back."""
    key = _key(name)
    table = gazetteer()
    found = table.get(key)
    if found is None and key.startswith("kreis "):
        found = table.get("land" + key)
    if found is None and key.startswith("landkreis "):
        found = table.get(key.removeprefix("land"))
    if found is None and key.startswith(("landkreise ", "kreise ")):
        found = lookup("landkreis " + key.split(" ", 1)[1])
    if found is None and " " not in key and "kreis" not in key and not _is_town(key):
        found = table.get("landkreis " + key) or table.get("kreis " + key)
        if found is not None and found.type != "district":
            found = None
    return found


def _is_town(key: str) -> bool:
    """Whether GeoNames knows a town of this name ("Unna" is a town and a Kreis)."""
    return key in german_places().primary


def states_of(entry: GazetteerEntry) -> list[str]:
    """An entry's Länder: a region such as the Lausitz lies in several."""
    return entry.state.split("|")


def _key(name: str) -> str:
    key = " ".join(name.lower().split())
    for prefix in _PREFIXES:
        key = key.removeprefix(prefix)
    return key


def _bare(name: str | None) -> str | None:
    """A name without its qualifier: "Weimar (Thüringen)" → "Weimar", "Essen-Rüttenscheid" →
    "Essen" (tried only after the whole name, so "Villingen-Schwenningen" stays whole)."""
    if not name:
        return None
    bare = re.sub(r"\s*\(.*", "", name)
    if bare == name and "-" in name:
        bare = name.split("-", 1)[0]
    return bare.strip() if bare.strip() and bare != name else None


def _geonames(name: str, postcode: str | None = None) -> tuple[GazetteerEntry | None, str | None]:
    """A GeoNames place by name, or (None, why not) when several Länder are possible.

    A postcode narrows same-named places to the Länder its region lies in ("06618 Naumburg").
    """
    key = _key(name)
    for pattern, spelled_out in _ABBREVIATIONS:
        key = pattern.sub(spelled_out, key)
    places = german_places()
    found = {id(p): p for p in places.primary.get(key, []) + places.alternate.get(key, [])}
    candidates = sorted(found.values(), key=lambda p: p.population, reverse=True)
    lands = postcode_lands(postcode)
    if lands:  # a name whose places all lie outside the postcode's region is another place
        candidates = [p for p in candidates if p.state in lands]
    if not candidates:
        return None, None
    best = candidates[0]
    rivals = [p for p in candidates if p.state != best.state]
    if rivals and best.population < DOMINANCE * max(p.population for p in rivals):
        states = ", ".join(sorted({p.state for p in candidates}))
        return None, f"Ort '{name}' ist mehrdeutig ({states}); bitte PLZ oder Landkreis angeben"
    return GazetteerEntry(best.name, "city", best.state, best.lat, best.lon), None


def parse_place(text: str) -> ParsedPlace:
    """Read a place text; what we cannot place stays None (the text is always kept).

    Results are cached per text: partners name the same venues again and again. An imported
    postcode table changes answers, so the cache is keyed on the table's file too.
    """
    return _parse_place(" ".join(text.split()), table_generation())


@lru_cache(maxsize=8192)
def _parse_place(text: str, _generation: int) -> ParsedPlace:
    head = ONLINE_HEAD.match(text)
    if head and head.end() < len(text):  # "Online oder vor Ort in Leipzig": the venue counts
        rest = _parse_place(text[head.end() :], _generation)
        if rest.regions or rest.postcode:
            return replace(rest, text=text)
    if ONLINE.match(text):
        return ParsedPlace(text=text, online=True)
    clean = EXPLANATION.sub("", TRAILER.sub("", MODE_TAIL.sub("", text))).strip(" ,;") or text
    if NATIONWIDE.match(clean):
        return ParsedPlace(text=text, regions=["DE"], regional=True)
    postcode = city = None
    match = POSTCODE_CITY.search(clean)
    parts = [p.strip() for p in re.split(r"[,;]|\s[–—-]\s", clean) if p.strip()]
    street = next((p for p in parts if STREET.match(p)), None)
    if match:
        postcode, city = match["postcode"], _city(match["city"])
        row = postcode_table().get(postcode)
        if row is not None:
            return ParsedPlace(
                text=text,
                street=street,
                postcode=postcode,
                city=city,
                lat=row.lat,
                lon=row.lon,
                regions=[row.state],
                district=row.district,
            )
    else:
        several = _several(clean)
        if several is not None:
            return several
    around = AROUND.match(clean)
    if around and not match:
        inner = _parse_place(clean[around.end() :], _generation)
        return replace(inner, text=text, city=None, street=None, regional=True)
    names = [n for n in (city, _bare(city)) if n] + [clean, *reversed(parts)]
    names += [n for n in map(_bare, names) if n]
    entry: GazetteerEntry | None = None
    uncertain: str | None = None
    spelled: str | None = None
    lands = postcode_lands(postcode)
    for candidate in names:
        entry = lookup(candidate)
        if entry is not None and lands and not set(states_of(entry)) & set(lands):
            entry = None  # "10997 Neuland" is not in the Neuland of Hamburg
        if entry is None:
            entry, why = _geonames(candidate, postcode)
            uncertain = uncertain or why
        if entry is not None:
            spelled = candidate
            break
    bracket = re.search(r"\(([^()]+)\)\s*$", clean)
    named_land = lookup(bracket[1]) if bracket else None
    if named_land is not None and (
        entry is None
        or (named_land.type == "state" and entry.type == "state")
        or (named_land.type == "state" and named_land.state not in states_of(entry))
    ):
        # "Landkreis Lüchow-Dannenberg (Niedersachsen)", "Naumburg (Hessen)", "im Betrieb
        # (Ruhrgebiet)": the Land or region in brackets
        bare = _bare(clean) or ""
        county = re.match(r"(land)?kreis|region|raum|im |in |bei ", bare, re.I) is not None
        town = city or (None if county or not bare else bare)
        return ParsedPlace(text=text, street=street, postcode=postcode, city=town,
                           regions=states_of(named_land), regional=town is None)  # fmt: skip
    if entry is None:
        if postcode and len(lands := postcode_lands(postcode)) == 1:  # "10115 …" is Berlin
            return ParsedPlace(text=text, street=street, postcode=postcode, city=city,
                               regions=list(lands))  # fmt: skip
        return ParsedPlace(
            text=text, street=street, postcode=postcode, city=city, uncertain=uncertain
        )
    is_city = entry.type == "city"
    if not city and is_city and spelled is not None:
        city = _city(re.sub(r"^\s*(stadt|hansestadt|in)\s+", "", spelled, flags=re.I))
    return ParsedPlace(
        text=text,
        street=street,
        postcode=postcode,
        city=city if is_city or postcode else None,
        lat=entry.lat,
        lon=entry.lon,
        regions=states_of(entry),
        district=entry.name if entry.type == "district" else None,
        regional=not is_city and not postcode,
    )


def _city(name: str) -> str:
    """A town as the source spells it, without an explanation in brackets."""
    return EXPLANATION.sub("", name).strip()


def _several(text: str) -> ParsedPlace | None:
    """ "Saalekreis, Burgenlandkreis und Halle (Saale)", "Sachsen, Sachsen-Anhalt, Thüringen",
    "vor Ort in Herne und Bochum oder per Video": several places make a region-wide offer in
    all their Länder (no city). None when a part is neither a place nor a way to take part
    (then the text is more likely one venue's address)."""
    items = [_LEAD_WORDS.sub("", i).strip(" ()") for i in MANY.split(text) if i and i.strip()]
    if len(items) < 2:
        return None
    lands: list[str] = []
    entries: list[GazetteerEntry] = []
    for item in items:
        if not item or ONLINE.match(item) or item.lower().startswith("per "):
            continue  # "oder online", "oder per Video": how, not where
        entry = lookup(item)
        if entry is None:
            entry, _why = _geonames(item)
        if entry is None:
            return None
        entries.append(entry)
        lands += [s for s in states_of(entry) if s not in lands]
    if not entries:
        return None
    if len(entries) == 1 and entries[0].type == "city":
        one = entries[0]
        return ParsedPlace(text=text, city=one.name, lat=one.lat, lon=one.lon, regions=lands)
    return ParsedPlace(text=text, regions=lands, regional=True)


#: "…, Am Fährhaus 2, 06258 Schkopau" or "in 44137 Dortmund" in running text
PROSE_ADDRESS = re.compile(
    r"(?:(?P<street>[A-ZÄÖÜ][\wäöüß.\- ]{1,40}?\s\d{1,4}\s?[a-z]?)\s*,?\s+(?:in\s+)?)?"
    r"(?P<postcode>\d{5})\s+(?P<city>[A-ZÄÖÜ][\wäöüß\-/]*"
    r"(?:\s+(?:\([A-ZÄÖÜ][\wäöüß]*\)|an der|am|ob der|[A-ZÄÖÜ][\wäöüß\-/]*))*)"
)
#: "… in Herne", "Bäckerei aus Castrop-Rauxel", "im Ruhrgebiet": a town or region in a phrase
PROSE_TOWN = re.compile(
    r"\b(?:in|aus|im|bei)\s+(?:der\s+|dem\s+)?(?P<town>[A-ZÄÖÜ][\wäöüß]+(?:-[A-ZÄÖÜ][\wäöüß]+)*"
    r"(?:\s\([A-ZÄÖÜ][\wäöüß]+\))?)"
)
#: sentences naming an address that is not the venue
NOT_THE_VENUE = re.compile(
    r"\b(kontakt|anbieter|veranstalter|impressum|anschrift|postanschrift|träger|herausgeber|"
    r"telefon|e-mail|fax|sitz|geschäftsstelle|wenden sie sich|erreichen sie|schreiben sie)\b",
    re.I,
)


def _sentences(text: str) -> list[str]:
    """Sentences; "13. Oktober" and "z. B." do not end one."""
    return re.split(r"(?<=[a-zäöüß)\"“][.!?])\s+(?=[A-ZÄÖÜ])|\n", text)


def address_in_prose(text: str) -> str | None:
    """The venue's address written in the running text, as a place text; contact, provider and
    footer addresses (sentences that say so) are not the venue."""
    for sentence in _sentences(text):
        if NOT_THE_VENUE.search(sentence):
            continue
        match = PROSE_ADDRESS.search(sentence)
        if match:
            street = match["street"]
            return (
                f"{street}, {match['postcode']} {match['city']}"
                if street
                else (f"{match['postcode']} {match['city']}")
            )
    return None


def towns_in_prose(text: str) -> list[ParsedPlace]:
    """Distinct places (towns, Kreise, regions, Länder) named with in/aus/im in a text."""
    found: dict[tuple[str, ...], ParsedPlace] = {}
    for match in PROSE_TOWN.finditer(text):
        place = parse_place(match["town"])
        if place.regions and not place.online:
            found.setdefault((place.city or "", *place.regions), place)
    return list(found.values())


#: sentences that say where an offer takes place ("Der Kurs startet … in der VHS Dessau-Roßlau")
VENUE_SENTENCE = re.compile(
    r"\b(findet|finden|beginnt|startet|läuft|treffen uns|treffen wir uns|sind zu gast|"
    r"veranstaltungsort|tagungsort|stattfinden)\b",
    re.I,
)
_CAPITALISED = re.compile(
    r"(?<=\s)[A-ZÄÖÜ][\wäöüß]+(?:-[A-ZÄÖÜ][\wäöüß]+)*(?:\s\([A-ZÄÖÜ][\wäöüß]+\))?"
)
#: a town named in passing prose must be this large: small places share names with nouns
PROSE_TOWN_POPULATION = 10_000


def venue_town_in_prose(text: str) -> str | None:
    """The one town a sentence about where the offer takes place names, if it names one.

    Without a postcode, only towns GeoNames knows without doubt and of some size count, and
    only in sentences that say where the offer is held; several towns leave it empty.
    """
    towns: set[str] = set()
    for sentence in _sentences(text):
        if not VENUE_SENTENCE.search(sentence) or NOT_THE_VENUE.search(sentence):
            continue
        for match in _CAPITALISED.finditer(sentence):
            if _known_town(match.group(0)):
                towns.add(match.group(0))
    return towns.pop() if len(towns) == 1 else None


def _known_town(name: str) -> bool:
    if (entry := lookup(name)) is not None:
        return entry.type == "city"
    places = german_places()
    found = places.primary.get(_key(name)) or places.alternate.get(_key(name)) or []
    return (
        len({p.state for p in found}) == 1
        and max(p.population for p in found) >= PROSE_TOWN_POPULATION
    )
