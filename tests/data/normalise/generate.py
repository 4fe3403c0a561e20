# ruff: noqa: E501 — tables of hand-written phrases read best one entry a line
"""Write the labelled evaluation set for the normalisation pipeline (regiohub, EUPL-1.2).

Every snippet is composed here from hand-written German phrasings; the expected value of each
item is derived from the values put into it, never from the parser. Run
``python tests/data/normalise/generate.py`` to rewrite the JSONL files (fixed seed: stable).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
RNG = random.Random(20261123)
MONTHS = [
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
]  # fmt: skip
SHORT = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."]  # fmt: skip
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
WD_SHORT = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]


def iso(d: date, hm: tuple[int, int] | None = None) -> str:
    h, m = hm or (0, 0)
    return f"{d.isoformat()}T{h:02d}:{m:02d}"


def day(ref: date, lo: int = 10, hi: int = 300) -> date:
    return ref + timedelta(days=RNG.randint(lo, hi))


def date_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []

    def add(text: str, ref: date, expected: dict[str, Any] | None, form: str) -> None:
        items.append(
            {"text": text, "reference": ref.isoformat(), "form": form, "expected": expected}
        )

    def one(d: date, hm: tuple[int, int] | None = None, end: str | None = None, n: int = 1):
        return {"start": iso(d, hm), "end": end, "sessions": n, "ongoing": False}

    refs = [date(2024, 8, 15), date(2025, 1, 10), date(2025, 5, 2), date(2026, 11, 23)]
    times = [((9, 0), (16, 0)), ((17, 0), (18, 30)), ((10, 0), (12, 0)), ((8, 30), (10, 0))]
    for i in range(14):
        ref = refs[i % 4]
        d = day(ref)
        add(f"{d:%d.%m.%Y}", ref, one(d), "numeric")
        add(f"{d.day}. {MONTHS[d.month - 1]} {d.year}", ref, one(d), "month name")
        (a, b) = times[i % 4]
        add(
            f"{WEEKDAYS[d.weekday()]}, {d.day}. {MONTHS[d.month - 1]} {d.year}, "
            f"{a[0]:02d}:{a[1]:02d} – {b[0]:02d}:{b[1]:02d} Uhr",
            ref,
            one(d, a, iso(d, b)),
            "weekday, time range",
        )
        add(
            f"{d:%d.%m.%Y}, {a[0]}.{a[1]:02d} - {b[0]}.{b[1]:02d} Uhr",
            ref,
            one(d, a, iso(d, b)),
            "time range",
        )
        y = day(ref, 10, 260)  # within the window in which a missing year can be inferred
        add(f"{WD_SHORT[y.weekday()]}, {y.day}.{y.month}.", ref, one(y), "yearless weekday")
        e = d + timedelta(days=RNG.choice([1, 2, 4]))
        if e.month == d.month:
            add(
                f"vom {d.day}. bis {e.day}. {MONTHS[d.month - 1]} {d.year}",
                ref,
                one(d, None, iso(e)),
                "vom bis",
            )
            add(
                f"{d.day}.–{e.day}. {MONTHS[e.month - 1]} {e.year}",
                ref,
                one(d, None, iso(e)),
                "day range",
            )
        add(f"{d:%d.%m.%Y} – {e:%d.%m.%Y}", ref, one(d, None, iso(e)), "numeric range")
        d2 = d + timedelta(days=7 * RNG.choice([1, 2]))
        add(
            f"{d:%d.%m.} und {d2:%d.%m.%Y}, jeweils {a[0]}.{a[1]:02d} – {b[0]}.{b[1]:02d} Uhr",
            ref,
            one(d, a, iso(d2, b), 2),
            "series",
        )
        add(f"ab {d:%d.%m.%Y}", ref, one(d), "ab")
        add(f"{d:%d.%m.%Y}, ganztägig", ref, one(d), "ganztägig")
        add(f"Antragsfrist: {d:%d.%m.%Y}", ref, one(d), "labelled")
        add(f"{iso(d, a)}:00+0{1 if d.month in (1, 2, 3, 11, 12) else 2}:00", ref, one(d, a), "ISO")
    for year, month in [(2024, 9), (2025, 2), (2025, 10), (2026, 3), (2026, 12)]:
        first = date(year, month, 1)
        last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
        add(f"{SHORT[month - 1]} {year}", refs[0], one(first, None, iso(last)), "month only")
        add(f"{MONTHS[month - 1]} {year}", refs[0], one(first, None, iso(last)), "month only")
    for year, week in [(2025, 12), (2025, 2), (2026, 40), (2027, 5)]:
        monday = date.fromisocalendar(year, week, 1)
        add(
            f"KW {week}/{year}", refs[0], one(monday, None, iso(monday + timedelta(days=6))), "week"
        )
    ongoing = {"start": None, "end": None, "sessions": 0, "ongoing": True, "kind": "ongoing"}
    for text in ["laufend", "fortlaufend", "Antragstellung laufend möglich", "ganzjährig",
                 "jederzeit möglich", "Einstieg jederzeit möglich", "ab sofort"]:  # fmt: skip
        add(text, refs[1], ongoing, "ongoing")
    # "nach Absprache" / "auf Anfrage" are statements (kind on_request), not unreadable dates
    on_request = {"start": None, "end": None, "sessions": 0, "ongoing": False, "kind": "on_request"}
    for text in ["nach Absprache", "auf Anfrage", "Termine nach Vereinbarung"]:
        add(text, refs[1], on_request, "on request")
    for text in ["31.02.2025", "30.02.2026", "Termin folgt", "Frühjahr 2025",
                 "Dienstag, 13. Januar 2027", "18.02.2027, 18:30 – 17:00 Uhr", "25:00 Uhr",
                 "demnächst", "wird noch bekannt gegeben", "Herbst", "32.05.2025",
                 "siehe Website"]:  # fmt: skip
        add(text, refs[1], None, "unknown")
    return items


def price_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []

    def add(text: str, amount: float | None, free: bool | None, **funding: float | None) -> None:
        expected: dict[str, Any] = {"amount": amount, "free": free}
        items.append({"text": text, "expected": expected | funding})

    for word in ["kostenfrei", "kostenlos", "gebührenfrei", "Die Teilnahme ist kostenfrei.",
                 "Teilnahme kostenlos", "entgeltfrei", "unentgeltlich", "Eintritt frei",
                 "keine Kosten", "Für Mitglieder und Gäste kostenfrei", "0,00 €", "0 EUR"]:  # fmt: skip
        add(word, 0.0, True)
    for value in [49, 75, 95, 99, 120, 150, 180, 249, 320, 390, 490, 890, 1250, 1890, 2400, 3150]:
        euros = f"{value:,}".replace(",", ".")
        forms = [f"{euros},00 €", f"EUR {euros},-", f"{euros} €", f"{euros} Euro",
                 f"ab {euros} € zzgl. MwSt.", f"Teilnahmegebühr: {euros} €",
                 f"{euros} EUR inkl. Lernmaterial", f"€ {euros}"]  # fmt: skip
        for form in RNG.sample(forms, 4):
            add(form, float(value), False)
    for text in ["99 € / ermäßigt 49 €", "nach Vereinbarung", "3 Plätze frei",
                 "auf Anfrage", "Mitglieder 50 €, Nichtmitglieder 90 €",
                 "Preis folgt", "siehe Website", "förderfähig"]:  # fmt: skip
        add(text, None, None)
    for share, cap in [(50, 10000), (80, 20000), (70, 4000), (40, 50000), (90, 3000), (60, 15000)]:
        caps = f"{cap:,}".replace(",", ".")
        for text in [
            f"Zuschuss bis zu {share} % (max. {caps} Euro)",
            f"Förderquote {share} %, höchstens {caps} €",
            f"bis zu {share} Prozent der Kosten, maximal {caps} EUR",
        ]:
            add(text, None, None, share_percent=float(share), max_amount=float(cap))
    for text, share, cap in [
        ("Darlehen bis zu 2 Mio. Euro", None, 2_000_000.0),
        ("Zuschuss in Höhe von 50 % der förderfähigen Ausgaben", 50.0, None),
        ("Förderkredit bis 1,5 Millionen €", None, 1_500_000.0),
        ("Beratungszuschuss: 80 Prozent, höchstens 3.200 Euro", 80.0, 3200.0),
        ("Zuschuss je nach Vorhaben", None, None),
        ("bis zu 50 % oder bis zu 70 % in Fördergebieten", None, None),
    ]:
        add(text, None, None, share_percent=share, max_amount=cap)
    return items


#: (city as written, Bundesland, postcode) — facts about real German places
CITIES = [
    ("Leipzig", "DE-SN", "04109"), ("Dresden", "DE-SN", "01067"), ("Chemnitz", "DE-SN", "09111"),
    ("Berlin", "DE-BE", "10115"), ("Hamburg", "DE-HH", "20095"), ("München", "DE-BY", "80331"),
    ("Köln", "DE-NW", "50667"), ("Frankfurt am Main", "DE-HE", "60311"),
    ("Stuttgart", "DE-BW", "70173"), ("Düsseldorf", "DE-NW", "40213"),
    ("Dortmund", "DE-NW", "44137"), ("Essen", "DE-NW", "45127"), ("Bremen", "DE-HB", "28195"),
    ("Hannover", "DE-NI", "30159"), ("Nürnberg", "DE-BY", "90402"), ("Duisburg", "DE-NW", "47051"),
    ("Bochum", "DE-NW", "44787"), ("Wuppertal", "DE-NW", "42103"), ("Bielefeld", "DE-NW", "33602"),
    ("Bonn", "DE-NW", "53111"), ("Münster", "DE-NW", "48143"), ("Mannheim", "DE-BW", "68159"),
    ("Karlsruhe", "DE-BW", "76133"), ("Augsburg", "DE-BY", "86150"), ("Wiesbaden", "DE-HE", "65183"),
    ("Mainz", "DE-RP", "55116"), ("Kiel", "DE-SH", "24103"), ("Rostock", "DE-MV", "18055"),
    ("Schwerin", "DE-MV", "19053"), ("Magdeburg", "DE-ST", "39104"), ("Halle (Saale)", "DE-ST", "06108"),
    ("Erfurt", "DE-TH", "99084"), ("Jena", "DE-TH", "07743"), ("Weimar", "DE-TH", "99423"),
    ("Potsdam", "DE-BB", "14467"), ("Cottbus", "DE-BB", "03046"), ("Saarbrücken", "DE-SL", "66111"),
    ("Trier", "DE-RP", "54290"), ("Kassel", "DE-HE", "34117"), ("Freiburg im Breisgau", "DE-BW", "79098"),
    ("Ulm", "DE-BW", "89073"), ("Regensburg", "DE-BY", "93047"), ("Würzburg", "DE-BY", "97070"),
    ("Ingolstadt", "DE-BY", "85049"), ("Lübeck", "DE-SH", "23552"), ("Oldenburg", "DE-NI", "26122"),
    ("Osnabrück", "DE-NI", "49074"), ("Göttingen", "DE-NI", "37073"), ("Braunschweig", "DE-NI", "38100"),
    ("Wolfsburg", "DE-NI", "38440"), ("Heidelberg", "DE-BW", "69117"), ("Darmstadt", "DE-HE", "64283"),
    ("Koblenz", "DE-RP", "56068"), ("Kaiserslautern", "DE-RP", "67655"), ("Gera", "DE-TH", "07545"),
    ("Zwickau", "DE-SN", "08056"), ("Plauen", "DE-SN", "08523"), ("Görlitz", "DE-SN", "02826"),
    ("Bautzen", "DE-SN", "02625"), ("Greifswald", "DE-MV", "17489"), ("Stralsund", "DE-MV", "18439"),
    ("Neubrandenburg", "DE-MV", "17033"), ("Flensburg", "DE-SH", "24937"),
    ("Dessau-Roßlau", "DE-ST", "06844"), ("Frankfurt (Oder)", "DE-BB", "15230"),
    ("Brandenburg an der Havel", "DE-BB", "14770"), ("Paderborn", "DE-NW", "33098"),
    ("Siegen", "DE-NW", "57072"), ("Aachen", "DE-NW", "52062"), ("Gelsenkirchen", "DE-NW", "45879"),
    ("Bamberg", "DE-BY", "96047"), ("Bayreuth", "DE-BY", "95444"), ("Passau", "DE-BY", "94032"),
    ("Konstanz", "DE-BW", "78462"), ("Reutlingen", "DE-BW", "72764"), ("Fulda", "DE-HE", "36037"),
    ("Gießen", "DE-HE", "35390"), ("Marburg", "DE-HE", "35037"), ("Hildesheim", "DE-NI", "31134"),
    ("Lüneburg", "DE-NI", "21335"), ("Celle", "DE-NI", "29221"), ("Emden", "DE-NI", "26721"),
    ("Bremerhaven", "DE-HB", "27568"), ("Neumünster", "DE-SH", "24534"), ("Wismar", "DE-MV", "23966"),
    ("Suhl", "DE-TH", "98527"), ("Eisenach", "DE-TH", "99817"), ("Nordhausen", "DE-TH", "99734"),
    ("Halberstadt", "DE-ST", "38820"), ("Stendal", "DE-ST", "39576"), ("Eberswalde", "DE-BB", "16225"),
    ("Annaberg-Buchholz", "DE-SN", "09456"), ("Freiberg", "DE-SN", "09599"), ("Pirna", "DE-SN", "01796"),
    ("Meißen", "DE-SN", "01662"), ("Neustadt an der Weinstraße", "DE-RP", "67433"),
    ("Landau in der Pfalz", "DE-RP", "76829"), ("Völklingen", "DE-SL", "66333"),
    ("Offenbach am Main", "DE-HE", "63065"), ("Hanau", "DE-HE", "63450"), ("Rosenheim", "DE-BY", "83022"),
    ("Erlangen", "DE-BY", "91052"), ("Fürth", "DE-BY", "90762"), ("Oberhausen", "DE-NW", "46045"),
    ("Hagen", "DE-NW", "58095"), ("Hamm", "DE-NW", "59065"), ("Mönchengladbach", "DE-NW", "41061"),
    ("Krefeld", "DE-NW", "47798"), ("Solingen", "DE-NW", "42651"), ("Leverkusen", "DE-NW", "51373"),
    ("Heilbronn", "DE-BW", "74072"), ("Pforzheim", "DE-BW", "75175"), ("Tübingen", "DE-BW", "72072"),
    ("Ludwigshafen am Rhein", "DE-RP", "67059"), ("Worms", "DE-RP", "67547"), ("Speyer", "DE-RP", "67346"),
]  # fmt: skip
AREAS = [
    ("Sachsen", "DE-SN"), ("Freistaat Bayern", "DE-BY"), ("Nordrhein-Westfalen", "DE-NW"),
    ("NRW", "DE-NW"), ("Land Brandenburg", "DE-BB"), ("Thüringen", "DE-TH"),
    ("Mecklenburg-Vorpommern", "DE-MV"), ("Sachsen-Anhalt", "DE-ST"), ("Niedersachsen", "DE-NI"),
    ("Hessen", "DE-HE"), ("Rheinland-Pfalz", "DE-RP"), ("Saarland", "DE-SL"),
    ("Schleswig-Holstein", "DE-SH"), ("Baden-Württemberg", "DE-BW"),
    ("Landkreis Leipzig", "DE-SN"), ("Landkreis Mittelsachsen", "DE-SN"), ("Landkreis Zwickau", "DE-SN"),
    ("Erzgebirgskreis", "DE-SN"), ("Landkreis Görlitz", "DE-SN"), ("Kreis Recklinghausen", "DE-NW"),
    ("Rhein-Sieg-Kreis", "DE-NW"), ("Region Hannover", "DE-NI"), ("Landkreis Rostock", "DE-MV"),
]  # fmt: skip
ORGS = ["Zukunftszentrum", "Volkshochschule", "IHK-Bildungszentrum", "Handwerkskammer",
        "Technologiezentrum", "Stadtbibliothek", "Bildungswerk der Wirtschaft"]  # fmt: skip
STREETS = ["Hauptstraße 5", "Bahnhofstraße 12", "Marktplatz 1", "Lindenallee 23",
           "Am Ring 7", "Schillerstraße 40a", "Industriestraße 3", "Kirchweg 2"]  # fmt: skip


def place_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for i, (city, state, postcode) in enumerate(CITIES):
        org, street = ORGS[i % len(ORGS)], STREETS[i % len(STREETS)]
        forms = [
            f"{org} {city}, {street}, {postcode} {city}",
            city,
            f"{street}, {postcode} {city}",
            f"{city}, {org}",
        ]
        for text in forms[: 2 + (i % 2)]:
            items.append({"text": text, "state": state, "online": False})
    for text, state in AREAS:
        items.append({"text": text, "state": state, "online": False})
    for text in ["Online (Zoom)", "online", "Webinar über Microsoft Teams", "Live-Online",
                 "virtuell", "Online-Seminar (Webex)"]:  # fmt: skip
        items.append({"text": text, "state": None, "online": True})
    return items


def mode_items() -> list[dict[str, Any]]:
    pairs = [("Webinar", "online"), ("Präsenz", "in_person"), ("vor Ort", "in_person"),
             ("Blended Learning", "hybrid"), ("Live-Online", "online"), ("Hybrid", "hybrid"),
             ("Präsenzveranstaltung", "in_person"), ("Online-Seminar", "online"),
             ("E-Learning", "online"), ("Präsenz und online", "hybrid"),
             ("Inhouse-Schulung", "in_person"), ("Videokonferenz (Zoom)", "online"),
             ("virtuelles Klassenzimmer", "online"), ("Vor-Ort-Termin im Betrieb", "in_person"),
             ("wahlweise vor Ort oder online", "hybrid"), ("nach Absprache", None)]  # fmt: skip
    return [{"text": t, "mode": m} for t, m in pairs]


def main() -> None:
    import hand_written as hw
    from topics_source import TOPIC_RECORDS, duplicate_pairs

    hand = "hand-written"
    sets = {
        "dates": date_items()
        + [{"text": t, "reference": r, "form": hand, "expected": e} for t, r, e in hw.DATES],
        "prices": price_items() + [{"text": t, "expected": e, "form": hand} for t, e in hw.PRICES],
        "places": place_items()
        + [{"text": t, "state": s, "online": False, "form": hand} for t, s in hw.PLACES],
        "modes": mode_items() + [{"text": t, "mode": m, "form": hand} for t, m in hw.MODES],
        "topics": TOPIC_RECORDS
        + [
            {
                "title": t,
                "description": f"<p>{d}</p>",
                "topics": sorted(x),
                "audiences": [],
                "form": hand,
            }
            for t, d, x in hw.TOPICS
        ],
        "duplicates": duplicate_pairs(RNG)
        + [{"a": a, "b": b, "duplicate": dup, "form": hand} for a, b, dup in hw.DUPLICATES],
    }
    for name, rows in sets.items():
        with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)}")
    print("total:", sum(len(r) for r in sets.values()))


if __name__ == "__main__":
    main()
