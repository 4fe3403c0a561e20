"""Hand-written building blocks of the relevance test catalogue: the themes and their texts.

Everything here was written for regiohub (EUPL-1.2); programmes and offers are fictional.
``relevance_data`` combines these blocks (and the places and phrases of ``relevance_places``)
deterministically into listings and knows, for every listing, the facets (theme, subject,
kind, level, Land, city, audience) the judgements use. The data types and the office, data and
IT themes live in ``relevance_themes_digital`` (split only to keep modules short); the order of
``THEMES`` is part of the generated catalogue, so new themes go at the end.
"""

from __future__ import annotations

from benchmarks.relevance_themes_digital import DIGITAL_THEMES, Subject, Theme, _s

__all__ = ["THEMES", "Subject", "Theme"]

WORK_THEMES: tuple[Theme, ...] = (
    Theme(
        "fuehrung",
        ("Führung", "Personalentwicklung"),
        (
            _s(
                "fuehrung.basics",
                ("Führung für neue Führungskräfte", "Mitarbeiterführung"),
                ("Führungskräftetraining für Einsteiger", "Von der Fachkraft zur Führungskraft"),
                "Die neue Rolle annehmen, Gespräche führen, Ziele vereinbaren und Feedback geben.",
            ),
            _s(
                "fuehrung.remote",
                ("Führen auf Distanz", "Hybride Teams führen"),
                ("Führung im Homeoffice", "Remote Leadership"),
                "Teams im Homeoffice und an mehreren Standorten führen: Vertrauen, "
                "Kommunikation und klare Absprachen.",
            ),
            _s(
                "fuehrung.change",
                ("Führung im Wandel", "Veränderungen gestalten"),
                ("Change-Management für Führungskräfte", "Gute Führung in Veränderungsprozessen"),
                "Veränderungen im Betrieb erklären, Widerstände verstehen und Beschäftigte "
                "beteiligen.",
            ),
        ),
        ("Netzwerktreffen Führungskräfte", "Führungskräfte-Forum"),
        ("Coaching für Führungskräfte",),
        (),
        ("Gute Führung bei {firm} in {city}",),
        ("Führungskräfte", "Personalverantwortliche"),
    ),
    Theme(
        "projektmanagement",
        ("Projektmanagement", "Agiles Arbeiten"),
        (
            _s(
                "projektmanagement.classic",
                ("Projektmanagement", "Projekte planen und steuern"),
                ("Projektmanagement-Grundlagen", "Projektleitung kompakt"),
                "Projekte planen, Meilensteine setzen, Risiken steuern und Ergebnisse sichern.",
            ),
            _s(
                "projektmanagement.agile",
                ("Agiles Projektmanagement mit Scrum", "Kanban im Team"),
                ("Scrum-Master-Training", "Agile Methoden für Teams"),
                "Scrum und Kanban kennenlernen und agile Methoden im eigenen Team erproben.",
            ),
        ),
        ("Barcamp Agiles Arbeiten",),
        (),
        (),
        ("{firm} aus {city} arbeitet agil",),
        ("Beschäftigte", "Führungskräfte"),
    ),
    Theme(
        "fachkraefte",
        ("Fachkräftesicherung", "Personalgewinnung", "Arbeitgebermarke"),
        (
            _s(
                "fachkraefte.recruiting",
                ("Personalgewinnung für KMU", "Employer Branding"),
                ("Recruiting über soziale Netzwerke", "Arbeitgebermarke aufbauen"),
                "Fachkräfte finden und binden: Stellenanzeigen, Arbeitgebermarke und "
                "Recruiting in sozialen Netzwerken.",
            ),
            _s(
                "fachkraefte.international",
                ("Internationale Fachkräfte gewinnen",),
                ("Fachkräfteeinwanderung in der Praxis",),
                "Fachkräfte aus dem Ausland gewinnen: Anerkennung, Visum und gutes Ankommen "
                "im Betrieb.",
            ),
        ),
        ("Fachkräftetag", "Arbeitgeberforum Fachkräftesicherung"),
        ("Beratung zur Fachkräftesicherung", "Personalberatung für kleine Betriebe"),
        ("Fachkräfteprogramm {land}",),
        ("Wie {firm} aus {city} Fachkräfte findet und hält",),
        ("Personalverantwortliche", "KMU", "Führungskräfte"),
    ),
    Theme(
        "gruendung",
        ("Existenzgründung", "Gründung", "Start-up"),
        (
            _s(
                "gruendung.plan",
                ("Existenzgründung", "Businessplan"),
                ("Gründerseminar: Vom Plan zum eigenen Unternehmen", "Businessplan-Werkstatt"),
                "Geschäftsidee prüfen, Businessplan schreiben, Finanzierung und Rechtsform klären.",
            ),
        ),
        ("Gründertag", "Start-up-Abend"),
        ("Gründungsberatung", "Existenzgründungsberatung", "Erstberatung für Gründerinnen"),
        ("Gründungszuschuss {land}", "Gründerstipendium {land}", "Mikrokredit {land}"),
        ("Gegründet in {city}: die Geschichte von {firm}",),
        ("Gründerinnen und Gründer", "Arbeitsuchende"),
    ),
    Theme(
        "nachfolge",
        ("Unternehmensnachfolge", "Betriebsübergabe"),
        (
            _s(
                "nachfolge.plan",
                ("Unternehmensnachfolge regeln", "Betriebsübergabe planen"),
                ("Nachfolgeplanung für Inhaber", "Unternehmensnachfolge in der Familie"),
                "Die Übergabe des eigenen Betriebs rechtzeitig planen: Bewertung, Steuern, "
                "Nachfolger finden.",
            ),
        ),
        ("Nachfolgetag", "Unternehmerfrühstück Betriebsübergabe"),
        ("Nachfolgeberatung", "Beratung zur Unternehmensnachfolge"),
        ("Nachfolgeförderung {land}",),
        ("Generationswechsel bei {firm} in {city}",),
        ("Unternehmerinnen und Unternehmer", "KMU"),
    ),
    Theme(
        "gesundheit",
        ("Betriebliches Gesundheitsmanagement", "Gesundheit", "Stressmanagement"),
        (
            _s(
                "gesundheit.bgm",
                ("Betriebliches Gesundheitsmanagement", "Gesundheit im Betrieb"),
                ("BGM-Einführung für kleine Betriebe", "Gesundheitsmanagement im Betrieb"),
                "Ein Betriebliches Gesundheitsmanagement (BGM) aufbauen: Analyse, Maßnahmen "
                "und Wirkung.",
            ),
            _s(
                "gesundheit.stress",
                ("Stressmanagement", "Resilienz im Beruf"),
                ("Stressbewältigung am Arbeitsplatz", "Resilienztraining"),
                "Stress erkennen, Pausen planen und die eigene Resilienz stärken.",
            ),
        ),
        ("Gesundheitstag im Betrieb", "Aktionstag Gesundheit am Arbeitsplatz"),
        ("BGM-Beratung",),
        ("Zuschuss Betriebliche Gesundheitsförderung {land}",),
        ("Gesund arbeiten bei {firm} in {city}",),
        ("Beschäftigte", "Personalverantwortliche", "Führungskräfte"),
    ),
    Theme(
        "nachhaltigkeit",
        ("Nachhaltigkeit", "Energieeffizienz", "Klimaschutz"),
        (
            _s(
                "nachhaltigkeit.energy",
                ("Energieeffizienz im Betrieb", "Energie sparen im Unternehmen"),
                ("Energiemanagement für KMU", "Energiescout-Qualifizierung für Azubis"),
                "Energieverbräuche messen, Einsparpotenziale finden und Energiekosten senken.",
            ),
            _s(
                "nachhaltigkeit.report",
                ("Nachhaltigkeitsbericht", "CO2-Bilanz"),
                ("Nachhaltigkeitsmanagement im Mittelstand", "CO2-Bilanz für Unternehmen"),
                "Eine CO2-Bilanz erstellen und den ersten Nachhaltigkeitsbericht schreiben.",
            ),
        ),
        ("Klimaschutz-Forum Wirtschaft", "Netzwerktreffen Nachhaltigkeit"),
        ("Energieberatung für Unternehmen", "Nachhaltigkeitsberatung"),
        (
            "Energieeffizienz-Zuschuss {land}",
            "Förderprogramm Klimaschutz in Unternehmen {land}",
        ),
        ("{firm} aus {city} halbiert den Energieverbrauch",),
        ("KMU", "Auszubildende", "Führungskräfte"),
    ),
    Theme(
        "marketing",
        ("Online-Marketing", "Social Media", "Marketing"),
        (
            _s(
                "marketing.social",
                ("Social-Media-Marketing", "Instagram und LinkedIn für Unternehmen"),
                ("Social-Media-Kurs für Betriebe", "LinkedIn für Selbstständige"),
                "Beiträge planen, Zielgruppen erreichen und Erfolge in sozialen Netzwerken messen.",
            ),
            _s(
                "marketing.online",
                ("Online-Marketing", "Suchmaschinenoptimierung"),
                ("Online-Marketing-Grundlagen", "SEO-Workshop: besser gefunden werden"),
                "Website, Suchmaschinenoptimierung (SEO) und Newsletter als Marketingkanäle. "
                "Auch KI-gestützte Texterstellung wird kurz vorgestellt.",
            ),
        ),
        ("Marketing-Stammtisch", "Webinar Online-Marketing"),
        ("Marketingberatung für kleine Unternehmen",),
        (),
        ("Mehr Kundschaft für {firm} in {city} über Instagram",),
        ("KMU", "Selbstständige", "Beschäftigte"),
    ),
    Theme(
        "buchhaltung",
        ("Buchhaltung", "Rechnungswesen", "Steuern"),
        (
            _s(
                "buchhaltung.basics",
                ("Buchhaltung", "Finanzbuchhaltung"),
                ("Buchführung für Einsteiger", "Finanzbuchhaltung mit DATEV"),
                "Belege buchen, Umsatzsteuer verstehen und den Jahresabschluss vorbereiten; "
                "Auswertungen entstehen in Excel.",
            ),
            _s(
                "buchhaltung.erechnung",
                ("E-Rechnung", "Elektronische Rechnungen"),
                ("E-Rechnung: Pflicht und Umsetzung", "XRechnung und ZUGFeRD in der Praxis"),
                "Die E-Rechnungspflicht erfüllen: XRechnung und ZUGFeRD empfangen, prüfen und "
                "archivieren.",
            ),
        ),
        ("Info-Abend E-Rechnungspflicht",),
        ("Beratung Rechnungswesen für Gründer",),
        (),
        ("{firm} aus {city} stellt auf E-Rechnungen um",),
        ("Beschäftigte", "Selbstständige", "Arbeitsuchende"),
    ),
    Theme(
        "arbeitsrecht",
        ("Arbeitsrecht", "Mitbestimmung"),
        (
            _s(
                "arbeitsrecht.basics",
                ("Arbeitsrecht für Personaler", "Arbeitsrecht kompakt"),
                (
                    "Arbeitsrecht-Grundlagen für Personalverantwortliche",
                    "Arbeitsverträge gestalten",
                ),
                "Arbeitsverträge, Arbeitszeit, Urlaub und Kündigung: das Arbeitsrecht für die "
                "Praxis.",
            ),
            _s(
                "arbeitsrecht.betriebsrat",
                ("Betriebsratsarbeit", "Mitbestimmung im Betrieb"),
                ("Betriebsratsschulung BetrVG I", "Schulungen für Betriebsräte"),
                "Rechte und Pflichten des Betriebsrats nach dem Betriebsverfassungsgesetz, "
                "Mitbestimmung bei neuer Technik.",
            ),
        ),
        ("Arbeitsrechtsforum",),
        ("Arbeitsrechtliche Erstberatung für Betriebe",),
        (),
        (),
        ("Personalverantwortliche", "Betriebsräte", "Führungskräfte"),
    ),
    Theme(
        "sprache",
        ("Sprachen", "Englisch", "Deutsch als Zweitsprache"),
        (
            _s(
                "sprache.englisch",
                ("Business-Englisch", "Englisch für den Beruf"),
                ("Business English für Einsteiger", "Englisch am Telefon und in E-Mails"),
                "Telefonate, E-Mails und Besprechungen auf Englisch sicher führen.",
            ),
            _s(
                "sprache.deutsch",
                ("Deutsch für den Beruf", "Berufsbezogenes Deutsch"),
                ("Berufssprachkurs Deutsch B2", "Deutsch am Arbeitsplatz"),
                "Berufsbezogenes Deutsch für zugewanderte Fachkräfte: Fachwortschatz, "
                "Gespräche, Schriftverkehr.",
            ),
        ),
        ("English Lunch", "Sprachcafé"),
        (),
        (),
        (),
        ("Beschäftigte", "Zugewanderte Fachkräfte", "Arbeitsuchende"),
    ),
    Theme(
        "kommunikation",
        ("Kommunikation", "Soft Skills"),
        (
            _s(
                "kommunikation.conflict",
                ("Konfliktmanagement", "Schwierige Gespräche"),
                ("Konfliktlösung im Team", "Kommunikationstraining für den Kundenkontakt"),
                "Konflikte früh erkennen, schwierige Gespräche vorbereiten und gemeinsam "
                "Lösungen finden.",
            ),
            _s(
                "kommunikation.presenting",
                ("Präsentieren und Überzeugen", "Rhetorik"),
                ("Präsentationstraining", "Rhetorikseminar"),
                "Wirkungsvoll präsentieren, frei sprechen und mit Lampenfieber umgehen.",
            ),
        ),
        ("Impulsabend Kommunikation",),
        (),
        (),
        (),
        ("Beschäftigte", "Führungskräfte", "Auszubildende"),
    ),
    Theme(
        "ausbildung",
        ("Ausbildung", "Berufsausbildung"),
        (
            _s(
                "ausbildung.aevo",
                ("Ausbildung der Ausbilder", "Ausbildereignung"),
                ("AEVO-Vorbereitungskurs", "Ausbilderschein kompakt"),
                "Vorbereitung auf die Ausbildereignungsprüfung nach AEVO: Ausbildung planen, "
                "durchführen und abschließen.",
            ),
            _s(
                "ausbildung.azubis",
                ("Azubis gewinnen und begleiten",),
                ("Azubi-Marketing für Betriebe", "Gute Ausbildung im Handwerk"),
                "Auszubildende finden, gut einarbeiten und Ausbildungsabbrüche vermeiden.",
            ),
        ),
        ("Ausbildungsmesse", "Tag der Ausbildung"),
        ("Ausbildungsberatung für Betriebe",),
        ("Ausbildungsbonus {land}",),
        ("{firm} aus {city} bildet erfolgreich aus",),
        ("Ausbilderinnen und Ausbilder", "KMU", "Personalverantwortliche"),
    ),
    Theme(
        "qualifizierung",
        ("Weiterbildungsförderung", "Qualifizierung"),
        (
            _s(
                "qualifizierung.plan",
                ("Weiterbildungsplanung im Betrieb", "Qualifizierungsbedarf ermitteln"),
                ("Personalentwicklung und Weiterbildungsplanung",),
                "Den Weiterbildungsbedarf der Belegschaft erheben und einen "
                "Qualifizierungsplan aufstellen.",
            ),
        ),
        ("Infoveranstaltung Weiterbildungsförderung",),
        ("Weiterbildungsberatung für Beschäftigte", "Qualifizierungsberatung für Betriebe"),
        (
            "Weiterbildungsscheck {land}",
            "Zuschuss zur beruflichen Weiterbildung in {land}",
            "Qualifizierungsförderung für Beschäftigte in {land}",
        ),
        ("Wie {firm} aus {city} die ganze Belegschaft weiterbildet",),
        ("Beschäftigte", "KMU", "Personalverantwortliche"),
    ),
    Theme(
        "innovation",
        ("Innovation", "Forschung und Entwicklung"),
        (
            _s(
                "innovation.method",
                ("Innovationsmanagement", "Design Thinking"),
                ("Design-Thinking-Workshop", "Innovationsmanagement im Mittelstand"),
                "Neue Produkte und Dienstleistungen mit Design Thinking entwickeln und "
                "Ideen systematisch bewerten.",
            ),
        ),
        ("Innovationsforum", "Hackathon Mittelstand"),
        ("Innovationsberatung",),
        ("Innovationsgutschein {land}", "Technologieförderung {land}"),
        ("Neues Produkt, neue Märkte: {firm} aus {city}",),
        ("KMU", "Führungskräfte"),
    ),
    Theme(
        "industrie40",
        ("Industrie 4.0", "Automatisierung", "Produktion"),
        (
            _s(
                "industrie40.automation",
                ("Industrie 4.0", "Automatisierung in der Produktion"),
                ("Industrie 4.0 für Facharbeiter", "Robotik in der Fertigung"),
                "Vernetzte Maschinen, Sensorik und Robotik in der Fertigung verstehen und "
                "bedienen.",
            ),
        ),
        ("Praxistag Industrie 4.0",),
        ("Beratung Automatisierung",),
        (),
        ("Roboter in der Werkhalle: {firm} aus {city}",),
        ("Beschäftigte", "KMU"),
    ),
)

#: all themes in catalogue order: the office, data and IT themes first
THEMES: tuple[Theme, ...] = (*DIGITAL_THEMES, *WORK_THEMES)
