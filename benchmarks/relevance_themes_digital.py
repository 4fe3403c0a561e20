"""Hand-written relevance blocks, part one: the data types and the office, data and IT themes.

Everything here was written for regiohub (EUPL-1.2); programmes and offers are fictional.
``relevance_blocks`` adds the remaining themes and exports the complete ``THEMES``, which is
what ``relevance_data`` reads; this module only exists to keep each data module short.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Subject:
    """One narrower subject of a theme: how titles name it and what a description says."""

    key: str
    #: noun phrases for generic title patterns ("Pivot-Tabellen in Excel")
    names: tuple[str, ...]
    #: complete course titles as providers write them (compounds included)
    courses: tuple[str, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Theme:
    key: str
    #: topic labels as partners tag them (shown and indexed with the listing)
    topics: tuple[str, ...]
    subjects: tuple[Subject, ...]
    events: tuple[str, ...]
    advice: tuple[str, ...]
    #: funding programme titles; {land} is the Land's name, {adj} its adjective
    funding: tuple[str, ...]
    #: good-practice titles; {firm} and {city}
    practice: tuple[str, ...]
    audiences: tuple[str, ...]


def _s(key: str, names: tuple[str, ...], courses: tuple[str, ...], *sentences: str) -> Subject:
    return Subject(key, names, courses, tuple(sentences))


DIGITAL_THEMES: tuple[Theme, ...] = (
    Theme(
        "excel",
        ("Excel", "Tabellenkalkulation", "Office-Anwendungen"),
        (
            _s(
                "excel.basics",
                ("Excel", "Tabellenkalkulation mit Excel"),
                ("Excel-Grundkurs", "Excel für Einsteiger", "Excel-Grundlagen kompakt"),
                "Sie lernen, Tabellen anzulegen, Formeln und Funktionen einzusetzen und Daten "
                "übersichtlich in Diagrammen darzustellen.",
                "Von der ersten Tabelle bis zur Summenformel: Schritt für Schritt in Excel.",
            ),
            _s(
                "excel.pivot",
                ("Pivot-Tabellen in Excel", "Datenauswertung mit Excel"),
                ("Excel-Aufbaukurs: Pivot-Tabellen und SVERWEIS", "Excel für Fortgeschrittene"),
                "Große Datenmengen mit Pivot-Tabellen auswerten, SVERWEIS und XVERWEIS sicher "
                "nutzen und Berichte automatisieren.",
                "Sie werten Umsatz- und Personaldaten in Excel mit Pivot-Tabellen aus.",
            ),
            _s(
                "excel.controlling",
                ("Excel im Controlling", "Excel-Dashboards"),
                ("Controlling mit Excel", "Excel-Dashboards für Führungskräfte"),
                "Kennzahlen in Excel berechnen, Dashboards bauen und Plan-Ist-Vergleiche "
                "für das Controlling erstellen.",
            ),
        ),
        ("Excel-Sprechstunde", "Excel-Tipps am Mittag"),
        ("Beratung zur Auswahl von Office-Software",),
        (),
        ("Wie {firm} aus {city} die Auftragsplanung mit Excel-Vorlagen vereinfacht hat",),
        ("Beschäftigte", "Arbeitsuchende", "Auszubildende"),
    ),
    Theme(
        "office",
        ("Microsoft 365", "Office-Anwendungen", "Digitale Zusammenarbeit"),
        (
            _s(
                "office.m365",
                ("Microsoft 365 im Büro", "Teams und Outlook"),
                ("Microsoft-365-Schulung für Büroteams", "Outlook und Teams effizient nutzen"),
                "E-Mails, Termine und Dateien mit Outlook, Teams und OneDrive organisieren.",
                "Zusammenarbeit in der Cloud: gemeinsam an Dokumenten arbeiten.",
            ),
            _s(
                "office.word",
                ("Word für den Beruf", "Textverarbeitung mit Word"),
                ("Word-Grundkurs", "Serienbriefe und Vorlagen in Word"),
                "Briefe, Serienbriefe und Dokumentvorlagen professionell mit Word gestalten.",
            ),
        ),
        ("Digitaler Büroalltag – Praxisnachmittag",),
        ("Beratung digitale Zusammenarbeit im Team",),
        (),
        ("{firm} aus {city}: papierloses Büro mit Microsoft 365",),
        ("Beschäftigte", "Arbeitsuchende", "Wiedereinsteigende"),
    ),
    Theme(
        "datenschutz",
        ("Datenschutz", "DSGVO", "Recht"),
        (
            _s(
                "datenschutz.basics",
                ("Datenschutz im Betrieb", "Grundlagen der DSGVO"),
                (
                    "Datenschutzschulung für Beschäftigte",
                    "DSGVO-Grundlagen für kleine Unternehmen",
                    "Datenschutz am Arbeitsplatz",
                ),
                "Was die Datenschutz-Grundverordnung (DSGVO) im Arbeitsalltag verlangt: "
                "Einwilligung, Auskunftsrechte, Löschfristen.",
                "Personenbezogene Daten von Kunden und Beschäftigten rechtssicher verarbeiten.",
            ),
            _s(
                "datenschutz.dsb",
                ("Ausbildung zum Datenschutzbeauftragten",),
                ("Lehrgang Betrieblicher Datenschutzbeauftragter", "Datenschutzbeauftragte (IHK)"),
                "Der Lehrgang vermittelt die Fachkunde für betriebliche "
                "Datenschutzbeauftragte nach Art. 37 DSGVO.",
            ),
            _s(
                "datenschutz.website",
                ("Datenschutz auf der Website", "Cookies und Einwilligung"),
                ("Datenschutzkonforme Website", "Cookie-Banner und Datenschutzerklärung"),
                "Datenschutzerklärung, Cookie-Einwilligung und Tracking auf der eigenen "
                "Website DSGVO-konform gestalten.",
            ),
        ),
        ("Datenschutz-Frühstück", "DSGVO-Update für Unternehmen", "Datenschutztag"),
        (
            "Datenschutzberatung für kleine Unternehmen",
            "Erstberatung Datenschutz",
            "Sprechstunde DSGVO",
        ),
        (),
        ("{firm} aus {city} macht den Datenschutz zur Chefsache",),
        ("KMU", "Beschäftigte", "Führungskräfte", "Vereine"),
    ),
    Theme(
        "it_sicherheit",
        ("IT-Sicherheit", "Cybersicherheit", "Informationssicherheit"),
        (
            _s(
                "it_sicherheit.awareness",
                ("IT-Sicherheit am Arbeitsplatz", "Schutz vor Phishing"),
                ("Cybersicherheit für Beschäftigte", "Phishing erkennen und abwehren"),
                "Phishing-Mails erkennen, sichere Passwörter wählen und Angriffe melden: "
                "IT-Sicherheit für alle im Betrieb.",
            ),
            _s(
                "it_sicherheit.management",
                ("Informationssicherheit im Mittelstand", "Notfallplanung nach Cyberangriffen"),
                ("IT-Sicherheitskonzept für KMU", "Informationssicherheit nach ISO 27001"),
                "Ein Sicherheitskonzept aufbauen, Backups und Notfallpläne vorbereiten, "
                "Ransomware vorbeugen.",
            ),
        ),
        ("Cyber-Sicherheitstag", "Live-Hacking: So greifen Kriminelle an"),
        ("IT-Sicherheitscheck für Unternehmen", "Beratung IT-Sicherheit"),
        ("Digitalbonus IT-Sicherheit {land}", "Zuschuss für Cybersicherheit in {land}"),
        ("Nach dem Hackerangriff: wie {firm} aus {city} heute vorsorgt",),
        ("KMU", "Beschäftigte", "Führungskräfte"),
    ),
    Theme(
        "ki",
        ("KI", "Künstliche Intelligenz", "KI im Mittelstand"),
        (
            _s(
                "ki.basics",
                ("Künstliche Intelligenz im Arbeitsalltag", "KI-Grundlagen"),
                ("KI-Schulung für Mitarbeitende", "Einführung in Künstliche Intelligenz"),
                "Was Künstliche Intelligenz (KI) kann und was nicht: Chancen, Grenzen und "
                "erste eigene Anwendungen.",
                "Generative KI wie ChatGPT sicher und sinnvoll im Beruf einsetzen.",
            ),
            _s(
                "ki.business",
                ("KI im Mittelstand", "KI-Anwendungen für Unternehmen"),
                ("KI-Strategie für kleine und mittlere Unternehmen", "KI in der Produktion"),
                "Wie kleine und mittlere Unternehmen Künstliche Intelligenz in Produktion, "
                "Vertrieb und Verwaltung einführen.",
            ),
            _s(
                "ki.prompting",
                ("Prompting für Einsteiger", "Texte schreiben mit KI"),
                ("Prompt-Training: ChatGPT im Büro", "KI-Werkzeuge für die Texterstellung"),
                "Gute Prompts formulieren, KI-Texte prüfen und Datenschutz beim Einsatz von "
                "Chatbots beachten.",
            ),
        ),
        ("KI-Sprechstunde", "KI-Praxistag Mittelstand", "Netzwerktreffen KI"),
        ("KI-Erstberatung für Unternehmen", "Beratung zum Einsatz Künstlicher Intelligenz"),
        ("KI-Zuschuss {land}", "Förderprogramm Künstliche Intelligenz {land}"),
        ("{firm} aus {city} plant Touren mit Künstlicher Intelligenz",),
        ("Beschäftigte", "KMU", "Führungskräfte"),
    ),
    Theme(
        "digitalisierung",
        ("Digitalisierung", "Digitale Transformation"),
        (
            _s(
                "digitalisierung.strategy",
                ("Digitalisierung im Mittelstand", "Digitale Transformation"),
                ("Digitalisierungsstrategie entwickeln", "Digitalisierungsmanager (Zertifikat)"),
                "Geschäftsprozesse digitalisieren, passende Software auswählen und die "
                "Belegschaft auf dem Weg mitnehmen.",
            ),
            _s(
                "digitalisierung.processes",
                ("Digitale Geschäftsprozesse", "Prozessdigitalisierung"),
                ("Prozesse digitalisieren im Handwerk", "Digitale Auftragsabwicklung"),
                "Vom Papierformular zum digitalen Workflow: Angebote, Aufträge und Rechnungen "
                "durchgängig digital bearbeiten.",
            ),
        ),
        ("Digitalisierungstag Mittelstand", "Netzwerktreffen Digitalisierung"),
        ("Digitalisierungsberatung für KMU", "Digitalisierungscheck für Handwerksbetriebe"),
        (
            "Digitalisierungszuschuss {land}",
            "{land}-Digitalbonus",
            "Förderprogramm Digitale Transformation {land}",
        ),
        (
            "{firm} aus {city} digitalisiert die Auftragsabwicklung",
            "Vom Karteikasten zur Cloud: {firm} in {city}",
        ),
        ("KMU", "Führungskräfte", "Handwerksbetriebe"),
    ),
)
