# ruff: noqa: E501 — tables of hand-written phrases read best one entry a line
"""Hand-written hard cases, labelled by a person, added to every part of the evaluation set.

Written for regiohub (EUPL-1.2) in the messy ways partners actually write, and labelled before
the parser was run on them: they are here to show where the parser falls short, not to pass.
"""

from __future__ import annotations

from typing import Any


def _d(start: str, end: str | None = None, n: int = 1, count: int | None = None) -> dict[str, Any]:
    shape: dict[str, Any] = {"start": start, "end": end, "sessions": n, "ongoing": False}
    if count is not None:
        shape["count"] = count  # a stated number of sessions, more than are listed
    return shape


def _no_date(kind: str) -> dict[str, Any]:
    """A statement instead of dates: "nach Vereinbarung" (on_request), "laufend" (ongoing)."""
    return {"start": None, "end": None, "sessions": 0, "ongoing": kind == "ongoing", "kind": kind}


REF = "2024-08-15"
DATES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("Mo., 03.06.2024 | 09:00–16:00 Uhr", "2024-05-01", _d("2024-06-03T09:00", "2024-06-03T16:00")),
    ("03.06.2025 9-16 Uhr", REF, _d("2025-06-03T09:00", "2025-06-03T16:00")),
    ("Beginn: 01.09.2024", REF, _d("2024-09-01T00:00")),
    ("am 12. und 13. September 2024", REF, _d("2024-09-12T00:00", "2024-09-13T00:00", 2)),
    ("12.09.2024 von 17:00 bis 19:30 Uhr", REF, _d("2024-09-12T17:00", "2024-09-12T19:30")),
    ("Do 14.11.24, 18 Uhr", REF, _d("2024-11-14T18:00")),
    ("11.–13.10.2024", REF, _d("2024-10-11T00:00", "2024-10-13T00:00")),
    ("30.09.2024 - 02.10.2024", REF, _d("2024-09-30T00:00", "2024-10-02T00:00")),
    ("Start: 15. Januar 2025", REF, _d("2025-01-15T00:00")),
    ("ab 3. März 2025, immer montags", REF, _d("2025-03-03T00:00")),
    ("jeden Dienstag 18 Uhr", REF, _no_date("ongoing")),
    ("17.10.2024, 18.00 Uhr s.t.", REF, _d("2024-10-17T18:00")),
    ("Termin: 05.12.2024 (ganztägig)", REF, _d("2024-12-05T00:00")),
    ("2024-10-05", REF, _d("2024-10-05T00:00")),
    ("5.10.2024 10:00 Uhr - 6.10.2024 16:00 Uhr", REF, _d("2024-10-05T10:00", "2024-10-06T16:00")),
    ("Okt. 2024", REF, _d("2024-10-01T00:00", "2024-10-31T00:00")),
    ("KW 45", REF, _d("2024-11-04T00:00", "2024-11-10T00:00")),
    ("01.02.2025 bis 28.02.2025", REF, _d("2025-02-01T00:00", "2025-02-28T00:00")),
    ("Mittwoch, den 15.01.2025, 14 Uhr", REF, _d("2025-01-15T14:00")),
    ("Anmeldeschluss: 20.09.2024", REF, _d("2024-09-20T00:00")),
    ("29.02.2025", REF, None),
    ("29.02.2024", REF, _d("2024-02-29T00:00")),
    ("Sa./So., 12./13.10.2024", REF, _d("2024-10-12T00:00", "2024-10-13T00:00", 2)),
    ("9:00 Uhr, 12.09.2024", REF, _d("2024-09-12T09:00")),
    ("12.9.2024, 17 - 19 Uhr", REF, _d("2024-09-12T17:00", "2024-09-12T19:00")),
    ("3. Juni", "2025-05-02", _d("2025-06-03T00:00")),
    ("Anfang Oktober", REF, None),
    ("Q4 2024", REF, None),
    ("Di, 1.10. + Do, 3.10.2024", REF, _d("2024-10-01T00:00", "2024-10-03T00:00", 2)),
    ("vom 30. September bis 2. Oktober 2024", REF, _d("2024-09-30T00:00", "2024-10-02T00:00")),
    # schedule shapes partners write around a date (issue 12), in our own words
    ("ab 05.11.2024, 4 Termine, dienstags 17:00–19:30 Uhr", REF, _d("2024-11-05T17:00", None, 1, 4)),
    ("ab dem 04.11.2024 insgesamt acht Abende, jeweils montags 18 - 20 Uhr", REF, _d("2024-11-04T18:00", None, 1, 8)),
    # the stated count (6) disagrees with the Tuesdays left (5): the span and the count stay
    ("6 Kurstage vom 07.01. bis 11.02.2025, dienstags 9–15 Uhr (außer 21.01.2025)", REF, _d("2025-01-07T09:00", "2025-02-11T15:00", 1, 6)),
    ("5 Kurstage vom 07.01. bis 11.02.2025, dienstags 9–15 Uhr (außer 21.01.2025)", REF, _d("2025-01-07T09:00", "2025-02-11T15:00", 5)),
    ("14.–16.10.2024, täglich 8:30 bis 14:00 Uhr", REF, _d("2024-10-14T08:30", "2024-10-16T14:00", 3)),
    ("21.–22.11.2024, jeweils 10–17 Uhr", REF, _d("2024-11-21T10:00", "2024-11-22T17:00", 2)),
    ("Fr, 29.11.2024, ab 19 Uhr", REF, _d("2024-11-29T19:00")),
    ("07.10.2024, 14:00–16:00 Uhr, per Videokonferenz.", REF, _d("2024-10-07T14:00", "2024-10-07T16:00")),
    ("08.10.2024, 9 bis 12 Uhr im Bürgerhaus Zeitz", REF, _d("2024-10-08T09:00", "2024-10-08T12:00")),
    ("Mo, 14.10.2024<br>Mo, 28.10.2024<br>jeweils 16:00–17:30 Uhr", REF, _d("2024-10-14T16:00", "2024-10-28T17:30", 2)),
    ("Stichtag 31. März", REF, _d("2025-03-31T00:00")),
    ("12.12.2024 (Anmeldeschluss 01.12.2024)", REF, _d("2024-12-12T00:00")),
    ("nach telefonischer Vereinbarung", REF, _no_date("on_request")),
    ("Beratung auf Anfrage, auch abends", REF, _no_date("on_request")),
    ("laufend, solange Fördermittel verfügbar sind", REF, _no_date("ongoing")),
    ("jederzeit buchbar, Einstieg ist fortlaufend möglich", REF, _no_date("ongoing")),
    ("jeden zweiten Donnerstag im Monat, 15–17 Uhr", REF, _no_date("ongoing")),
    ("Montag, 30.02.2025", REF, None),
    ("Termin steht noch nicht fest", REF, None),
]  # fmt: skip

#: application windows of funding texts (read as deadlines): start = opening, end = deadline
WINDOWS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("Anträge nehmen wir ab dem 15. November 2024 entgegen; Antragsschluss ist der 28. Februar 2025.", REF,
     _d("2024-11-15T00:00", "2025-02-28T00:00")),
    ("Einreichung möglich ab 01.10.2024, Einsendeschluss 15.01.2025", REF,
     _d("2024-10-01T00:00", "2025-01-15T00:00")),
    # a deadline without a year is the next such day, never one that has passed
    ("Stichtag 1. Juli", REF, _d("2025-07-01T00:00")),
    ("Einsendeschluss 30. August", REF, _d("2024-08-30T00:00")),
]  # fmt: skip

#: dates in running prose (the description), for records without a date field; None = stay empty
PROSE: list[tuple[str, str, dict[str, Any] | None]] = [
    ("Unser Workshop beginnt am Mittwoch, 16. Oktober 2024, um 10 Uhr im Kulturhaus Aschersleben.", REF,
     _d("2024-10-16T10:00")),
    ("Seit Frühjahr 2023 beraten wir Handwerksbetriebe. Wir treffen uns am Donnerstag, 7. November 2024, von 17 bis 20 Uhr in der Alten Mälzerei.", REF,
     _d("2024-11-07T17:00", "2024-11-07T20:00")),
    ("Das Training findet vom 2. bis 4. Dezember 2024 in Gera statt. Anmeldung bis zum 15. November.", REF,
     _d("2024-12-02T00:00", "2024-12-04T00:00")),
    ("Der Lehrgang umfasst 6 Termine ab dem 08.10.2024, jeweils dienstags von 18:00 bis 20:30 Uhr.", REF,
     _d("2024-10-08T18:00", None, 1, 6)),
    ("Die Reihe startet am Montag, 4. November 2024, um 9 Uhr und läuft über drei Montagvormittage bis zum 18. November 2024, jeweils von 9 bis 12 Uhr.", REF,
     _d("2024-11-04T09:00", "2024-11-18T12:00", 3)),
    ("Frühbucher zahlen bis zum 30. September 2024 weniger. Mehr Informationen folgen.", REF, None),
    ("Das Programm gibt es seit dem 1. März 2021. Die Beratung ist kostenfrei.", REF, None),
    ("Wir laden am 12.11.2024 ein. Das nächste Treffen findet am 10.12.2024 statt.", REF,
     _d("2024-11-12T00:00")),
]  # fmt: skip

PRICES: list[tuple[str, dict[str, Any]]] = [
    ("Teilnahmebeitrag 35,00 Euro inkl. Verpflegung", {"amount": 35.0, "free": False}),
    ("190 € (Frühbucher 150 €)", {"amount": None, "free": None}),
    ("kostenfrei für Mitglieder, sonst 40 €", {"amount": None, "free": None}),
    ("1.290,00 EUR zzgl. Prüfungsgebühr", {"amount": 1290.0, "free": False}),
    ("0,- €", {"amount": 0.0, "free": True}),
    ("Preis: 59 € pro Person", {"amount": 59.0, "free": False}),
    ("EUR 2.100", {"amount": 2100.0, "free": False}),
    ("€ 450,–", {"amount": 450.0, "free": False}),
    ("Gebühr: 120 Euro, ermäßigt 60 Euro", {"amount": None, "free": None}),
    ("kostenpflichtig", {"amount": None, "free": None}),
    ("gebührenfrei (Anmeldung erforderlich)", {"amount": 0.0, "free": True}),
    ("Teilnahme: 15 €/Tag", {"amount": 15.0, "free": False}),
    ("Eigenanteil 25 %, der Rest wird gefördert",
     {"amount": None, "free": None, "share_percent": 75.0, "max_amount": None}),
    ("Förderung: 50 % der Beratungskosten, max. 1.500 €",
     {"amount": None, "free": None, "share_percent": 50.0, "max_amount": 1500.0}),
    ("Zuschuss bis 30.000 €", {"amount": None, "free": None, "share_percent": None, "max_amount": 30000.0}),
    # issue 12: shapes seen on partner material nobody here wrote, phrased anew
    ("315.00 EUR", {"amount": 315.0, "free": False}),  # schema.org dot decimals
    ("89.90 EUR", {"amount": 89.9, "free": False}),
    ("1875.0", {"amount": 1875.0, "free": False}),  # an API's bare number
    ("140,00", {"amount": 140.0, "free": False}),
    ("keine", {"amount": 0.0, "free": True}),
    ("Keine.", {"amount": 0.0, "free": True}),
    ("Teilnahme frei – über eine kleine Spende für den Kaffee freuen wir uns", {"amount": 0.0, "free": True}),
    ("Erstgespräch kostenlos, jede weitere Stunde 75 €", {"amount": 0.0, "free": True}),
    ("ab 35 € für Vereinsmitglieder, Gäste 55 €", {"amount": 35.0, "free": False}),
    ("520 € je Teilnehmerin, für jede weitere Person aus demselben Haus 15 % Nachlass", {"amount": 520.0, "free": False}),
    ("310 € (bis zu 70 % über den Bildungsscheck erstattungsfähig)", {"amount": 310.0, "free": False}),
    ("auf Anfrage", {"amount": None, "free": None}),
    ("Preis auf Anfrage", {"amount": None, "free": None}),
    ("120 € zzgl. MwSt.", {"amount": 120.0, "free": False}),
    ("495,– € inkl. Skript", {"amount": 495.0, "free": False}),
    ("EUR 2.150,- (Ratenzahlung möglich)", {"amount": 2150.0, "free": False}),
    ("260,- EUR pro Tag", {"amount": 260.0, "free": False}),
    ("Eigenanteil 25 € für Material", {"amount": 25.0, "free": False}),
    ("kostenlos für Beschäftigte kleiner Betriebe, andere zahlen 150 €", {"amount": 0.0, "free": True}),
    ("kostenfrei für Vereinsmitglieder, sonst 30 €", {"amount": None, "free": None}),
    ("Der erste Abend ist kostenlos, danach 40 € je Abend", {"amount": None, "free": None}),
    ("max. 20 Teilnehmende", {"amount": None, "free": None}),
    ("90 Minuten, kostenpflichtig", {"amount": None, "free": None}),
    ("Zuschuss von 60 % der Ausgaben, höchstens 8.000 Euro",
     {"amount": None, "free": None, "share_percent": 60.0, "max_amount": 8000.0}),
    ("65 % der Kosten, bis zu 3.500 € je Person; die Firma trägt mindestens 35 %",
     {"amount": None, "free": None, "share_percent": 65.0, "max_amount": 3500.0}),
]  # fmt: skip

PLACES: list[tuple[str, str | None]] = [
    ("Rathaus, Markt 1, 01662 Meißen", "DE-SN"), ("Halle", "DE-ST"), ("Frankfurt/Oder", "DE-BB"),
    ("Muenchen", "DE-BY"), ("St. Ingbert", "DE-SL"), ("Bad Homburg v. d. Höhe", "DE-HE"),
    ("Villingen-Schwenningen", "DE-BW"), ("Ostseebad Binz", "DE-MV"),
    ("Kreisfreie Stadt Chemnitz", "DE-SN"), ("Essen-Rüttenscheid", "DE-NW"),
    ("Berlin-Mitte", "DE-BE"), ("Hamburg-Altona", "DE-HH"), ("Dresden-Neustadt", "DE-SN"),
    ("IHK Chemnitz, Regionalkammer Plauen", "DE-SN"),
    ("Im Saal der Sparkasse, Leipziger Str. 10, 06108 Halle", "DE-ST"),
    ("Weimar (Thüringen)", "DE-TH"), ("Landkreis Bautzen", "DE-SN"), ("Oberhausen", "DE-NW"),
    ("Neuss", "DE-NW"), ("Gütersloh", "DE-NW"), ("Schwäbisch Hall", "DE-BW"),
    ("Lutherstadt Wittenberg", "DE-ST"), ("Plön", "DE-SH"), ("Wernigerode", "DE-ST"),
    ("Zittau", "DE-SN"), ("Bad Kreuznach", "DE-RP"), ("Merzig", "DE-SL"),
    ("Seminarraum 2, Technologiepark, 07745 Jena", "DE-TH"), ("Regensburg, Hörsaal H2", "DE-BY"),
    ("bei Ihnen im Betrieb", None),
    # issue 12: venues, regions and qualifiers as independent partners write them
    ("Lernwerkstatt im Speicher 2 - Stralsund", "DE-MV"), ("Raum Erfurt – Ort folgt mit der Einladung", "DE-TH"),
    ("Salzlandkreis (Ort wird nach der Anmeldung mitgeteilt)", "DE-ST"),
    ("Landkreis Cuxhaven (Niedersachsen)", "DE-NI"), ("Gartenstraße 9, 06618 Naumburg (Saale)", "DE-ST"),
    ("Hofgut, 34311 Naumburg", "DE-HE"), ("Werkhalle, Am Kanal 4, Schwedt/Oder", "DE-BB"),
    ("Stadtbibliothek, 14770 Brandenburg an der Havel", "DE-BB"),
    ("Kreise Barnim und Uckermark", "DE-BB"), ("vor Ort in Kassel, Fulda oder per Video", "DE-HE"),
    ("Halle (Saale) und online", "DE-ST"), ("Metropole Ruhr (alle Städte)", "DE-NW"),
    ("Gewerbehof, 10997 Neuland", "DE-BE"),
]  # fmt: skip

MODES: list[tuple[str, str | None]] = [
    ("telefonisch oder per Videocall", "online"), ("telefonisch", "online"),
    ("vor Ort in Ihrem Betrieb oder per Video", "hybrid"), ("Präsenz, auf Wunsch per Livestream", "hybrid"),
    ("hybrid – im Schulungsraum oder zugeschaltet", "hybrid"), ("persönliches Gespräch", "in_person"),
    ("Selbstlernkurs mit Videos", "online"), ("Mixed", "hybrid"),
]  # fmt: skip

TOPICS: list[tuple[str, str, list[str]]] = [
    ("Cloud-Lösungen für Handwerksbetriebe",
     "Wie Sie Daten in der Cloud speichern und Ihre Verwaltung digitalisieren.", ["Cloud", "Digitalisierung"]),
    ("Nachfolge regeln: Unternehmensübergabe im Mittelstand",
     "Steuerliche und rechtliche Fragen der Übergabe.", []),
    ("Prompting-Werkstatt: Texte mit Sprach-KI erstellen",
     "Sie probieren Werkzeuge für Ihre Pressearbeit aus.", ["Künstliche Intelligenz"]),
    ("Gesunde Führung: Wie Führungskräfte Belastungen erkennen",
     "Ein Workshop zu psychischer Gesundheit im Team.", ["Führung", "Gesundheit am Arbeitsplatz"]),
    ("Excel-Pivot für Controller", "Auswertungen schnell erstellen.", ["Office-Anwendungen"]),
    ("Cyber-Versicherung und Notfallplan", "Was tun nach einem Hackerangriff?", ["IT-Sicherheit"]),
    ("Photovoltaik auf dem Firmendach",
     "Wir rechnen Eigenverbrauch und Förderung durch.", ["Nachhaltigkeit", "Finanzierung und Förderung"]),
    ("Videokonferenzen souverän moderieren",
     "Tipps für Besprechungen im Homeoffice.", ["Arbeitsorganisation"]),
    ("Ausbildungsmarketing auf TikTok", "Junge Leute dort erreichen, wo sie sind.",
     ["Marketing und Vertrieb", "Personal und Fachkräfte"]),
    ("Was darf der Betriebsrat bei Kameras im Lager?",
     "Überwachung, Einwilligung und Beschäftigtendaten.", ["Mitbestimmung", "Datenschutz"]),
    ("Meisterbonus und Aufstiegs-BAföG", "So finanzieren Sie Ihre Fortbildung.",
     ["Finanzierung und Förderung"]),
    ("Kunden gewinnen mit Google-Bewertungen", "Ihr Profil pflegen und Rezensionen beantworten.",
     ["Marketing und Vertrieb"]),
]  # fmt: skip

DUPLICATES: list[tuple[dict[str, str], dict[str, str], bool]] = [
    ({"title": "Excel Grundlagen", "date": "14.01.2027", "place": "Leipzig"},
     {"title": "Excel-Grundlagen (2 Tage)", "date": "14.01.2027", "place": "Leipzig"}, True),
    ({"title": "Datenschutz im Betrieb", "date": "20.01.2027", "place": "Leipzig"},
     {"title": "VHS Leipzig: Datenschutz im Betrieb", "date": "20.01.2027", "place": "Leipzig"}, True),
    ({"title": "KI im Mittelstand", "date": "21.01.2027", "place": "online"},
     {"title": "KI im Mittelstand – Teil 2", "date": "21.01.2027", "place": "online"}, False),
    ({"title": "Führen auf Distanz", "date": "26.01.2027", "place": "Leipzig"},
     {"title": "Führen auf Distanz", "date": "26.01.2027", "place": "Dresden"}, False),
    ({"title": "Social Media für Handwerksbetriebe", "date": "02.02.2027", "place": "Bochum"},
     {"title": "Social-Media für Handwerksbetriebe", "date": "2. Februar 2027", "place": "Bochum"}, True),
    ({"title": "Stressmanagement im Berufsalltag", "date": "03.02.2027", "place": "Essen"},
     {"title": "Stressmanagement im Berufsalltag", "date": "03.02.2027, 09:00 – 16:00 Uhr",
      "place": "Essen"}, True),
]  # fmt: skip
