# ruff: noqa: E501 — tables of hand-written phrases read best one entry a line
"""Hand-written German offers for the topic/audience and duplicate parts of the evaluation set.

Written for regiohub (EUPL-1.2). Each phrase belongs to exactly one taxonomy topic, so a record
made of phrases of topics A and B is labelled {A, B}. Audiences come from the "Zielgruppe" line.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

#: topic label → (title phrases, description sentences)
PHRASES: dict[str, tuple[list[str], list[str]]] = {
    "Digitalisierung": (
        ["Digitalisierung im Mittelstand", "Digitale Prozesse im Betrieb",
         "Digitaler Wandel im Handwerksbetrieb", "Papierlos arbeiten: Digitalisierung der Verwaltung"],
        ["Sie lernen, wie Sie Abläufe in Ihrem Betrieb digitalisieren.",
         "Wir zeigen Werkzeuge für die digitale Transformation kleiner Unternehmen."],
    ),
    "Künstliche Intelligenz": (
        ["KI im Mittelstand", "ChatGPT & Co. im Büroalltag", "Künstliche Intelligenz verstehen",
         "Maschinelles Lernen für Einsteiger"],
        ["Wir zeigen, was Künstliche Intelligenz heute in kleinen Firmen leisten kann.",
         "Praxisbeispiele zu generativer KI und Sprachmodellen im Unternehmen."],
    ),
    "Datenschutz": (
        ["DSGVO kompakt", "Datenschutz im Betrieb", "Datenschutzbeauftragte: Grundlagen",
         "Beschäftigtendatenschutz richtig umsetzen"],
        ["Die Datenschutz-Grundverordnung stellt Betriebe vor neue Pflichten.",
         "Sie erfahren, wie personenbezogene Daten rechtssicher verarbeitet werden."],
    ),
    "IT-Sicherheit": (
        ["IT-Sicherheit für kleine Unternehmen", "Cybersicherheit im Handwerk",
         "Phishing erkennen und abwehren", "Informationssicherheit nach ISO 27001"],
        ["Angriffe durch Schadsoftware und Ransomware nehmen zu.",
         "Wir üben, wie Sie Ihr Netzwerk gegen Cyberangriffe schützen."],
    ),
    "Office-Anwendungen": (
        ["Excel für Einsteiger", "Tabellenkalkulation mit Excel – Aufbaukurs",
         "Word und PowerPoint im Büroalltag", "Microsoft 365 sicher nutzen"],
        ["Sie arbeiten mit Formeln, Pivot-Tabellen und Diagrammen in Excel.",
         "Serienbriefe in Word und Präsentationen in PowerPoint gehören zum Inhalt."],
    ),
    "Führung": (
        ["Führen auf Distanz", "Führungskompetenz für neue Teamleitungen",
         "Mitarbeitergespräche souverän führen", "Agile Führung in der Praxis"],
        ["Im Mittelpunkt steht Ihre Rolle als Führungskraft im Team.",
         "Sie reflektieren Ihren Führungsstil und üben schwierige Gespräche."],
    ),
    "Gesundheit am Arbeitsplatz": (
        ["Stressmanagement im Berufsalltag", "Betriebliches Gesundheitsmanagement einführen",
         "Gesund arbeiten am Bildschirm", "Resilienz stärken"],
        ["Es geht um Belastungen am Arbeitsplatz und wie man ihnen vorbeugt.",
         "Ergonomie, Pausen und Stressbewältigung werden praktisch geübt."],
    ),
    "Nachhaltigkeit": (
        ["Nachhaltigkeit im Unternehmen", "Klimaschutz im Betrieb",
         "Energieeffizienz für KMU", "CO2-Bilanz erstellen"],
        ["Sie lernen, den Energieverbrauch Ihres Betriebs zu senken.",
         "Ressourcenschonendes Wirtschaften und Kreislaufwirtschaft stehen im Fokus."],
    ),
    "Arbeitsorganisation": (
        ["Neue Arbeitsformen gestalten", "Arbeit 4.0 im Betrieb", "Hybride Arbeitsmodelle",
         "Mobiles Arbeiten rechtssicher organisieren"],
        ["Wie verändert sich Arbeit durch neue Arbeitsformen und mobiles Arbeiten?",
         "Wir diskutieren New Work, Homeoffice und flexible Arbeitszeitmodelle."],
    ),
    "Finanzierung und Förderung": (
        ["Fördermittel für Digitalisierung", "Förderprogramme für KMU im Überblick",
         "Zuschüsse richtig beantragen", "Finanzierung von Investitionen"],
        ["Wir stellen Förderprogramme von Land und Bund vor.",
         "Sie erfahren, wie Sie Zuschüsse und Förderkredite beantragen."],
    ),
    "Gründung": (
        ["Existenzgründung Schritt für Schritt", "Businessplan für Gründerinnen und Gründer",
         "Startup-Sprechstunde", "Selbstständig machen im Nebenerwerb"],
        ["Der Weg in die Selbstständigkeit wird von der Idee bis zur Anmeldung erklärt.",
         "Ein Businessplan und die Wahl der Rechtsform sind Thema."],
    ),
    "Marketing und Vertrieb": (
        ["Social Media für Handwerksbetriebe", "Onlinemarketing kompakt",
         "Erfolgreich verkaufen im Onlineshop", "Suchmaschinenoptimierung für Einsteiger"],
        ["Instagram, LinkedIn und Newsletter helfen, Kundschaft zu gewinnen.",
         "Sie planen Ihre Vertriebskanäle und Ihren Webauftritt."],
    ),
    "Personal und Fachkräfte": (
        ["Fachkräfte finden und binden", "Personalentwicklung im Mittelstand",
         "Employer Branding für kleine Betriebe", "Azubis gewinnen"],
        ["Der Fachkräftemangel trifft viele Betriebe in der Region.",
         "Sie entwickeln Ideen, um Personal zu gewinnen und zu halten."],
    ),
    "Mitbestimmung": (
        ["Betriebsrat und Digitalisierung", "Mitbestimmung bei KI-Systemen",
         "Betriebsvereinbarungen gestalten", "Grundlagen der Betriebsratsarbeit"],
        ["Die Rechte des Betriebsrats nach dem Betriebsverfassungsgesetz sind Thema.",
         "Wie Interessenvertretungen Veränderungsprozesse mitgestalten."],
    ),
}  # fmt: skip
AUDIENCES: dict[str, list[str]] = {
    "KMU": [
        "kleine und mittlere Unternehmen",
        "KMU",
        "Inhaberinnen und Inhaber kleiner Betriebe",
        "Geschäftsführungen",
    ],
    "Beschäftigte": ["Beschäftigte", "Mitarbeitende", "Arbeitnehmerinnen und Arbeitnehmer"],
    "Führungskräfte": ["Führungskräfte", "Teamleitungen", "Personalverantwortliche"],
    "Auszubildende": ["Auszubildende", "Azubis"],
    "Arbeitsuchende": ["Arbeitsuchende", "Arbeitslose", "Menschen auf Jobsuche"],
    "Betriebsräte": ["Betriebsräte", "Personalräte", "Betriebsratsmitglieder"],
    "Gründerinnen und Gründer": ["Gründerinnen und Gründer", "Gründungsinteressierte", "Start-ups"],
}
#: titles that honestly name a second topic too
ALSO: dict[str, str] = {
    "Fördermittel für Digitalisierung": "Digitalisierung",
    "Betriebsrat und Digitalisierung": "Digitalisierung",
    "Mitbestimmung bei KI-Systemen": "Künstliche Intelligenz",
}


def _topic_records() -> list[dict[str, Any]]:
    rng = random.Random(5)
    labels = list(PHRASES)
    records: list[dict[str, Any]] = []
    for i in range(120):
        a = labels[i % len(labels)]
        b = rng.choice(labels) if i % 3 else a
        title = rng.choice(PHRASES[a][0])
        sentence = rng.choice(PHRASES[b][1])
        audience_labels = rng.sample(sorted(AUDIENCES), rng.choice([1, 2]))
        words = [rng.choice(AUDIENCES[x]) for x in audience_labels]
        description = f"<p>{sentence}</p><p>Zielgruppe: {', '.join(words)}</p>"
        records.append(
            {
                "title": title,
                "description": description,
                "topics": sorted({a, b} | ({ALSO[title]} if title in ALSO else set())),
                "audiences": sorted(audience_labels),
            }
        )
    return records


TOPIC_RECORDS = _topic_records()

OFFERS = [
    ("Excel für Einsteiger", "Chemnitz"), ("Datenschutz im Betrieb", "Leipzig"),
    ("KI im Mittelstand", "online"), ("Führen auf Distanz", "Dresden"),
    ("Stressmanagement im Berufsalltag", "Essen"), ("Social Media für Handwerksbetriebe", "Bochum"),
    ("Fördermittel für Digitalisierung", "online"), ("Phishing erkennen und abwehren", "Dortmund"),
    ("Existenzgründung Schritt für Schritt", "Zwickau"), ("Energieeffizienz für KMU", "Freiberg"),
    ("Betriebsrat und Digitalisierung", "online"), ("Mobiles Arbeiten rechtssicher organisieren", "Aue"),
    ("Fachkräfte finden und binden", "Gelsenkirchen"), ("Word und PowerPoint im Büroalltag", "Duisburg"),
    ("Onlinemarketing kompakt", "online"), ("Klimaschutz im Betrieb", "Marienberg"),
    ("Agile Führung in der Praxis", "Leipzig"), ("Maschinelles Lernen für Einsteiger", "online"),
    ("Zuschüsse richtig beantragen", "Dresden"), ("Resilienz stärken", "Chemnitz"),
]  # fmt: skip
DUP_TITLE_FORMS = [
    "{t}", "Seminar: {t}", "{t} (Online-Seminar)", "„{t}“", "{t} – Workshop",
    "Webinar: {t}", "{T}", "{t} ", "Kurs {t}",
]  # fmt: skip
OTHER_LEVEL = {"Einsteiger": "Fortgeschrittene", "kompakt": "für Profis", "Praxis": "Theorie"}


def duplicate_pairs(rng: random.Random) -> list[dict[str, Any]]:
    """Same offer at provider and portal (duplicate) vs. look-alikes that are other offers."""
    pairs: list[dict[str, Any]] = []
    start = date(2027, 1, 11)
    for i, (title, city) in enumerate(OFFERS):
        when = start + timedelta(days=9 * i)
        a = {"source": "anbieter", "title": title, "date": f"{when:%d.%m.%Y}", "place": city}
        for form in rng.sample(DUP_TITLE_FORMS[1:], 2):
            dup_title = form.format(t=title, T=title.upper())
            dup_date = rng.choice([f"{when:%d.%m.%Y}", f"{when.day}. {_month(when)} {when.year}"])
            b = {"source": "portal", "title": dup_title, "date": dup_date, "place": city}
            pairs.append({"a": a, "b": b, "duplicate": True})
        later = when + timedelta(days=rng.choice([7, 28, 91]))
        b = {"source": "portal", "title": title, "date": f"{later:%d.%m.%Y}", "place": city}
        pairs.append({"a": a, "b": b, "duplicate": False})  # the next run of the same course
        other_title, _other_city = OFFERS[(i + 7) % len(OFFERS)]
        b = {"source": "portal", "title": other_title, "date": f"{when:%d.%m.%Y}", "place": city}
        pairs.append({"a": a, "b": b, "duplicate": False})  # another offer on the same day
        for word, other in OTHER_LEVEL.items():
            if word in title:
                b = {"source": "portal", "title": title.replace(word, other),
                     "date": f"{when:%d.%m.%Y}", "place": city}  # fmt: skip
                pairs.append({"a": a, "b": b, "duplicate": False})
    return pairs


def _month(d: date) -> str:
    return ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
            "September", "Oktober", "November", "Dezember"][d.month - 1]  # fmt: skip
