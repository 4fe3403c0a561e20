"""Hand-written building blocks of the relevance test catalogue: the themes and their texts.

Everything here was written for regiohub (EUPL-1.2); programmes and offers are fictional.
``relevance_data`` combines these blocks (and the places and phrases of ``relevance_places``)
deterministically into listings and knows, for every listing, the facets (theme, subject,
kind, level, Land, city, audience) the judgements use.
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


THEMES: tuple[Theme, ...] = (
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
