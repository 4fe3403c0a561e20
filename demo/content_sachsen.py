"""Demo content of the fictional Zukunftszentrum Sachsen: its RSS feed and its HTML offers.

Hand-written data only; ``demo/generate.py`` renders and checks it. All partners, people,
firms and addresses are fictional (EUPL-1.2, like the project).
"""

from __future__ import annotations

from demo.content_common import ZZ_CHEMNITZ, ZZ_DRESDEN, ZZ_LEIPZIG, L

# --------------------------------------------------------------------------------------
# Zukunftszentrum Sachsen – RSS feed (events and courses)
# --------------------------------------------------------------------------------------

ZZ_FEED = [
    L(
        key="zzs-2027-001",
        slug="ki-im-mittelstand-chancen",
        kind="event",
        title="KI im Mittelstand: Chancen für kleine Betriebe",
        topics=["KI im Mittelstand", "Digitalisierung"],
        termin="Mittwoch, 13. Januar 2027, 10:00 – 12:00 Uhr",
        ort=ZZ_LEIPZIG,
        format="Präsenz",
        kosten="kostenfrei",
        zielgruppe="KMU, Führungskräfte",
        pub=(2026, 9, 28, 9, 15),
        desc="<p>Künstliche Intelligenz ist längst kein Thema nur für Konzerne mehr. In dieser "
        "Veranstaltung zeigen drei sächsische Betriebe, wie sie KI-Werkzeuge in "
        "Angebotserstellung, Kundenservice und Qualitätssicherung einsetzen.</p>"
        "<p>Anschließend diskutieren wir, welche Voraussetzungen kleine Unternehmen "
        "mitbringen müssen und wo die Grenzen liegen.</p>",
    ),
    L(
        key="zzs-2027-002",
        slug="datenschutz-im-betrieb-dsgvo",
        kind="course",
        title="Datenschutz im Betrieb: DSGVO-Grundlagen für KMU",
        topics=["Datenschutz", "DSGVO", "Recht"],
        termin="02.02. und 09.02.2027, jeweils 17.00 – 18.30 Uhr",
        ort="Online (Zoom)",
        format="Online-Seminar",
        kosten="kostenlos",
        zielgruppe="KMU, Beschäftigte",
        pub=(2026, 10, 1, 10, 0),
        desc="<p>Welche Daten dürfen wir speichern, und wie lange? Das zweiteilige Online-Seminar "
        "vermittelt die wichtigsten Pflichten aus der Datenschutz-Grundverordnung "
        "verständlich und praxisnah.</p><ul><li>Verzeichnis von Verarbeitungstätigkeiten "
        "anlegen</li><li>Auskunftsersuchen richtig beantworten</li><li>Datenpannen "
        "erkennen und melden</li></ul><p>Die Zugangsdaten erhalten Sie nach der Anmeldung "
        "per E-Mail.</p>",
    ),
    L(
        key="zzs-2027-003",
        slug="stressmanagement-digitaler-arbeitsalltag",
        kind="event",
        title="Stressmanagement im digitalen Arbeitsalltag",
        topics=["Stressmanagement", "Gesundheit"],
        termin="18.02.2027, 17:00 – 18:30 Uhr",
        ort="online",
        format="Webinar",
        kosten="kostenfrei",
        zielgruppe="Beschäftigte",
        pub=(2026, 10, 6, 14, 30),
        desc="<p>Ständige Erreichbarkeit, volle Postfächer und Videokonferenzen im Minutentakt: "
        "Viele Beschäftigte fühlen sich zunehmend gehetzt. Im Webinar lernen Sie einfache "
        "Techniken kennen, mit denen Sie Pausen bewusst gestalten und Unterbrechungen "
        "reduzieren.</p><p>Referentin ist die Arbeitspsychologin "
        "<strong>Dr. Katrin Mehlhorn</strong>.</p>",
    ),
    L(
        key="zzs-2027-004",
        slug="excel-kompakt-bueropraxis",
        kind="course",
        title="Excel kompakt: Tabellenkalkulation für die Büropraxis",
        topics=["Excel", "Tabellenkalkulation", "Office-Anwendungen"],
        termin="01.03.2027 – 03.03.2027",
        ort=ZZ_CHEMNITZ,
        format="Präsenz",
        kosten="150,00 €",
        zielgruppe="Beschäftigte, Auszubildende",
        pub=(2026, 10, 9, 8, 45),
        desc="<p>In drei Tagen vom leeren Tabellenblatt zur aussagekräftigen Auswertung: Sie "
        "lernen Formeln, Bezüge, Filter und bedingte Formatierung an Beispielen aus dem "
        "Büroalltag kennen.</p><p>Bitte bringen Sie nach Möglichkeit einen eigenen Laptop "
        "mit; Leihgeräte sind in begrenzter Zahl vorhanden.</p>",
    ),
    L(
        key="zzs-2027-005",
        slug="digital-health-apps-wearables",
        kind="event",
        title="Digital Health: Gesundheitsförderung mit Apps und Wearables",
        topics=["Digital Health", "Betriebliches Gesundheitsmanagement"],
        termin="10. März 2027, 17:00 Uhr",
        ort="Dresden",
        format="hybrid",
        kosten="kostenfrei",
        zielgruppe="Führungskräfte, Betriebsräte",
        pub=(2026, 10, 14, 11, 0),
        desc="<p>Schrittzähler, Achtsamkeits-Apps und digitale Rückenschulen versprechen "
        "gesündere Belegschaften. Doch was bringt das wirklich, und was ist bei der "
        "Einführung zu beachten?</p><p>Fachleute aus Arbeitsmedizin und Mitbestimmung "
        "geben einen Überblick. Sie können vor Ort in Dresden oder online teilnehmen.</p>",
    ),
    L(
        key="zzs-2027-006",
        slug="fuehrung-auf-distanz-hybride-teams",
        kind="course",
        title="Führung auf Distanz – hybride Teams erfolgreich leiten",
        topics=["Führung auf Distanz", "Führung", "Neue Arbeitsformen"],
        termin="16.03., 23.03. und 30.03.2027, jeweils 9:00 – 12:00 Uhr",
        ort="Online (Zoom)",
        format="Online-Seminar",
        kosten="95 € zzgl. MwSt.",
        zielgruppe="Führungskräfte",
        pub=(2026, 10, 20, 9, 0),
        desc="<p>Wenn ein Teil des Teams im Büro sitzt und der andere zu Hause, verändern sich "
        "Kommunikation und Zusammenarbeit grundlegend. In drei Vormittagsmodulen erarbeiten "
        "Sie Regeln für gute Besprechungen, verbindliche Absprachen und Feedback auf "
        "Distanz.</p><p>Zwischen den Modulen erproben Sie das Gelernte in Ihrem eigenen "
        "Team.</p>",
    ),
    L(
        key="zzs-2027-007",
        slug="betriebsrat-und-digitalisierung-mitbestimmung",
        kind="event",
        title="Betriebsrat und Digitalisierung: Mitbestimmung bei neuen Tools",
        topics=["Betriebsrat und Digitalisierung", "Mitbestimmung"],
        termin="14.04.2027, 9.00 - 16.00 Uhr",
        ort=ZZ_LEIPZIG,
        format="Präsenz",
        kosten="kostenfrei",
        zielgruppe="Betriebsräte",
        pub=(2026, 10, 27, 16, 20),
        desc="<p>Ob neue Zeiterfassung, Kollaborationsplattform oder KI-Assistent: Bei der "
        "Einführung technischer Einrichtungen hat der Betriebsrat nach § 87 Abs. 1 Nr. 6 "
        "BetrVG mitzubestimmen. Der Fachtag zeigt an Beispielen, wie Betriebsvereinbarungen "
        "zu digitalen Werkzeugen gelingen.</p><p><strong>Hinweis:</strong> Eine "
        "Freistellung nach § 37 Abs. 6 BetrVG ist in der Regel möglich.</p>",
    ),
    L(
        key="zzs-2027-008",
        slug="it-sicherheit-phishing-erkennen",
        kind="course",
        title="IT-Sicherheit für Beschäftigte: Phishing erkennen",
        topics=["IT-Sicherheit", "Cybersicherheit"],
        termin="22. April 2027",
        ort="online",
        format="Webinar",
        kosten="Teilnahmegebühr: 49 €",
        zielgruppe="Beschäftigte, Auszubildende",
        pub=(2026, 11, 2, 10, 10),
        desc="<p>Die meisten erfolgreichen Angriffe auf Unternehmen beginnen mit einer E-Mail. "
        "In diesem Kurs üben Sie an echten, entschärften Beispielen, gefälschte Absender, "
        "manipulierte Links und betrügerische Rechnungen zu erkennen.</p><p>Weiterführende "
        'Informationen bietet das <a href="https://www.bsi.bund.de/">Bundesamt für '
        "Sicherheit in der Informationstechnik</a>.</p>",
    ),
    # The one feed item with malicious markup: the sanitiser must strip <script> and onclick.
    L(
        key="zzs-2027-009",
        slug="nachhaltigkeit-werkstattgespraech",
        kind="event",
        title="Nachhaltigkeit im Betrieb: Werkstattgespräch",
        topics=["Nachhaltigkeit", "Klimaschutz"],
        termin="05.05.2027, 17:00 Uhr",
        ort="Chemnitz",
        format="vor Ort",
        kosten="kostenfrei",
        zielgruppe="KMU",
        pub=(2026, 11, 4, 13, 0),
        malicious=True,
        desc="<p>Wie senkt ein Handwerksbetrieb seinen Energieverbrauch, ohne die Produktion zu "
        "gefährden? Im Werkstattgespräch berichten Unternehmerinnen und Unternehmer aus der "
        "Region Chemnitz offen über ihre Erfahrungen mit Energieaudits, Abwärmenutzung und "
        "nachhaltiger Beschaffung.</p><p>Die Plätze sind begrenzt. Anmeldung über unser "
        '<a href="{{BASE}}/zukunftszentrum-sachsen/index.html" onclick="alert(1)">'
        "Veranstaltungsportal</a>.</p><script>alert(1)</script>",
    ),
    L(
        key="zzs-2027-010",
        slug="prozessautomatisierung-no-code",
        kind="course",
        title="Prozessautomatisierung mit No-Code-Werkzeugen",
        topics=["Prozessautomatisierung", "Digitalisierung"],
        termin="07.06.2027 – 09.06.2027",
        ort=ZZ_DRESDEN,
        format="Präsenz",
        kosten="EUR 1.250,-",
        zielgruppe="Beschäftigte, Führungskräfte",
        pub=(2026, 11, 6, 9, 30),
        desc="<p>Rechnungen abgleichen, Formulare weiterleiten, Termine bestätigen – viele "
        "Routineaufgaben lassen sich ohne Programmierkenntnisse automatisieren. Im "
        "dreitägigen Intensivkurs modellieren Sie Ihre eigenen Abläufe und setzen sie mit "
        "gängigen No-Code-Plattformen um.</p><ul><li>Prozesse erfassen und bewerten</li>"
        "<li>Automatisierungen bauen und testen</li><li>Datenschutz und Betriebssicherheit "
        "beachten</li></ul>",
    ),
    L(
        key="zzs-2027-011",
        slug="fachkraefte-sichern-laendlicher-raum",
        kind="event",
        title="Fachkräfte sichern: Arbeitgeberattraktivität im ländlichen Raum",
        topics=["Fachkräftesicherung", "Personalentwicklung"],
        termin="24.06.2027",
        ort="Landkreis Leipzig",
        format="vor Ort",
        kosten="kostenfrei",
        zielgruppe="KMU, Führungskräfte",
        pub=(2026, 11, 10, 8, 0),
        desc="<p>Gerade im ländlichen Raum ist es für kleine Betriebe schwer, Fachkräfte zu "
        "gewinnen und zu halten. Die Veranstaltung stellt Ansätze vor, von flexiblen "
        "Arbeitszeitmodellen bis zur Zusammenarbeit mit Schulen. Der genaue "
        "Veranstaltungsort im Landkreis Leipzig wird mit der Anmeldebestätigung "
        "bekanntgegeben.</p>",
    ),
    L(
        key="zzs-2027-012",
        slug="social-media-kleine-unternehmen",
        kind="course",
        title="Social Media für kleine Unternehmen",
        topics=["Social Media", "Onlinemarketing"],
        termin="08.09. und 15.09.2027, jeweils 17.00 – 18.30 Uhr",
        ort="Online (Zoom)",
        format="Online-Seminar",
        kosten="Teilnahmegebühr: 49 €",
        zielgruppe="KMU, Gründerinnen und Gründer",
        pub=(2026, 11, 12, 15, 45),
        desc="<p>Instagram, LinkedIn oder doch lieber ein WhatsApp-Kanal? Im Kurs klären Sie, "
        "welche Plattformen zu Ihrem Betrieb passen, und entwickeln einen realistischen "
        "Redaktionsplan für wenige Stunden im Monat.</p>",
    ),
    L(
        key="zzs-2027-013",
        slug="zukunftsforum-sachsen-2027",
        kind="event",
        title="Zukunftsforum Sachsen 2027: Arbeit im Wandel",
        topics=["Transformation", "KI im Mittelstand", "Zukunft der Arbeit"],
        termin="23.09.2027 – 24.09.2027",
        ort=ZZ_LEIPZIG,
        format="hybrid",
        kosten="kostenfrei",
        zielgruppe="KMU, Führungskräfte, Betriebsräte",
        pub=(2026, 11, 16, 10, 0),
        desc="<p>Das jährliche <strong>Zukunftsforum</strong> bringt Betriebe, "
        "Beschäftigtenvertretungen, Kammern und Wissenschaft zusammen. Zwei Tage lang "
        "diskutieren wir in Fachforen über Weiterbildung, künstliche Intelligenz und die "
        "Zukunft der Arbeit in Sachsen.</p><p>Das vollständige Programm finden Sie ab Juni "
        'auf unserer <a href="{{BASE}}/zukunftszentrum-sachsen/index.html">Startseite</a>.'
        "</p>",
    ),
    L(
        key="zzs-2027-014",
        slug="datenschutz-und-ki",
        kind="event",
        title="Datenschutz und KI: Was Betriebe jetzt wissen müssen",
        topics=["Datenschutz", "KI im Mittelstand", "Recht"],
        termin="Donnerstag, 14. Oktober 2027, 10:00 – 12:00 Uhr",
        ort="online",
        format="Webinar",
        kosten="kostenfrei",
        zielgruppe="KMU, Betriebsräte",
        pub=(2026, 11, 17, 9, 0),
        desc="<p>Wer KI-Anwendungen mit Kunden- oder Beschäftigtendaten füttert, muss die "
        "Vorgaben der DSGVO und der europäischen KI-Verordnung beachten. Das Webinar "
        "erklärt die wichtigsten Pflichten in verständlicher Sprache und gibt Hinweise für "
        "interne Richtlinien.</p><p>Fragen können Sie vorab bei der Anmeldung "
        "einreichen.</p>",
    ),
    L(
        key="zzs-2027-015",
        slug="onlinemarketing-gruendung",
        kind="course",
        title="Onlinemarketing-Grundlagen für Gründerinnen und Gründer",
        topics=["Onlinemarketing", "Gründung"],
        termin="9. November 2027",
        ort=ZZ_CHEMNITZ,
        format="Präsenz",
        kosten="120,00 €",
        zielgruppe="Gründerinnen und Gründer",
        pub=(2026, 11, 18, 11, 30),
        desc="<p>Sichtbar werden mit kleinem Budget: Der Tageskurs vermittelt die Grundlagen "
        "von Suchmaschinenoptimierung, Unternehmensprofilen in Kartendiensten und "
        "Newsletter-Marketing. Sie gehen mit einem konkreten Maßnahmenplan für die ersten "
        "100 Tage nach der Gründung nach Hause.</p>",
    ),
    L(
        key="zzs-2027-016",
        slug="infoveranstaltung-weiterbildung-arbeitsuchende",
        kind="event",
        title="Digitale Weiterbildung für Arbeitsuchende: Infoveranstaltung",
        topics=["Berufliche Neuorientierung", "Digitale Grundkompetenzen"],
        termin="08.12.2026, 10:00 – 12:00 Uhr",
        ort="Leipzig",
        format="Präsenz",
        kosten="kostenlos",
        zielgruppe="Arbeitsuchende",
        pub=(2026, 11, 19, 8, 30),
        desc="<p>Sie möchten sich beruflich neu orientieren und Ihre digitalen Kenntnisse "
        "ausbauen? Wir stellen geförderte Weiterbildungen aus der Region vor und erklären, "
        "wie Sie einen Bildungsgutschein beantragen.</p><p>Beraterinnen der Agentur für "
        "Arbeit beantworten im Anschluss Ihre Fragen.</p>",
    ),
    # BROKEN: empty <title></title>
    L(
        key="zzs-2027-017",
        slug="netzwerktreffen-dresden-januar",
        kind="event",
        title="",
        topics=["Netzwerk"],
        termin="20.01.2027, 17:00 Uhr",
        ort="Dresden",
        format="Präsenz",
        kosten="kostenfrei",
        zielgruppe="KMU",
        pub=(2026, 11, 20, 12, 0),
        broken={"field": "title", "problem": "empty title (<title></title>)", "value": ""},
        desc="<p>Unser monatliches Netzwerktreffen für Unternehmen aus Dresden und Umgebung. "
        "Diesmal mit Kurzvorträgen zur Fachkräftesicherung.</p>",
    ),
]

# --------------------------------------------------------------------------------------
# Zukunftszentrum Sachsen – HTML site with funding programmes and advice (2 list pages)
# --------------------------------------------------------------------------------------

ZZ_WEB = [
    L(
        slug="digitalisierungszuschuss-kleine-unternehmen",
        kind="funding",
        title="Digitalisierungszuschuss für kleine Unternehmen",
        topics=["Fördermittel für Digitalisierung", "Digitalisierung"],
        frist="31.03.2027",
        foerderung="Zuschuss bis zu 50 % (max. 10.000 Euro)",
        ort="Leipzig",
        zielgruppe="KMU",
        desc="<p>Der Zuschuss unterstützt kleine Unternehmen mit bis zu 49 Beschäftigten bei "
        "der Einführung digitaler Technologien, zum Beispiel Warenwirtschaft, "
        "Onlineterminbuchung oder Cloud-Telefonie.</p><p>Gefördert werden Sachausgaben und "
        "externe Dienstleistungen. <strong>Wichtig:</strong> Der Antrag muss vor Beginn "
        "des Vorhabens gestellt werden.</p>",
    ),
    L(
        slug="foerdermittelberatung-digitalisierung",
        kind="advice",
        title="Fördermittelberatung: Der passende Zuschuss für Ihr Digitalisierungsprojekt",
        topics=["Fördermittel für Digitalisierung", "Digitalisierung"],
        termin="07.01., 04.02. und 04.03.2027, jeweils 9:00 – 12:00 Uhr",
        ort=ZZ_LEIPZIG,
        format="vor Ort",
        kosten="kostenfrei",
        zielgruppe="KMU, Gründerinnen und Gründer",
        desc="<p>Förderprogramme gibt es viele – aber welches passt zu Ihrem Vorhaben? In "
        "unseren Sprechstunden prüfen wir gemeinsam mit Ihnen die Fördervoraussetzungen "
        "und die nächsten Schritte.</p><ul><li>Einzelgespräche à 45 Minuten</li><li>Bitte "
        "eine kurze Projektskizze mitbringen</li><li>Terminvergabe nach Anmeldung</li>"
        "</ul>",
    ),
    L(
        slug="it-sicherheit-handwerk",
        kind="funding",
        title="Förderprogramm IT-Sicherheit im Handwerk",
        topics=["IT-Sicherheit", "Fördermittel für Digitalisierung"],
        frist="laufend",
        foerderung="Zuschuss bis zu 80 % (max. 4.000 Euro)",
        ort="Landkreis Leipzig",
        zielgruppe="KMU",
        desc="<p>Handwerksbetriebe im Landkreis Leipzig können einen Zuschuss für "
        "IT-Sicherheitschecks, Datensicherungslösungen und Schulungen der Beschäftigten "
        "erhalten. Anträge werden laufend entgegengenommen, solange Mittel verfügbar "
        "sind.</p>",
    ),
    L(
        slug="datenschutz-check",
        kind="advice",
        title="Datenschutz-Check für kleine Betriebe",
        topics=["Datenschutz", "DSGVO"],
        termin="12.01.2027, 17:00 – 18:30 Uhr",
        ort=ZZ_DRESDEN,
        format="vor Ort",
        kosten="kostenlos",
        zielgruppe="KMU",
        desc="<p>Sind Ihre Einwilligungen, Ihre Website und Ihr Umgang mit Beschäftigtendaten "
        "DSGVO-konform? Beim Datenschutz-Check gehen wir gemeinsam eine kompakte "
        "Checkliste durch und zeigen, wo Handlungsbedarf besteht.</p><p>Die Beratung "
        "ersetzt keine Rechtsberatung, hilft aber bei der Einordnung.</p>",
    ),
    L(
        slug="weiterbildungsscheck-beschaeftigte",
        kind="funding",
        title="Weiterbildungsscheck für Beschäftigte",
        topics=["Qualifizierung", "Bildungsgutschein"],
        frist="Antragsfrist: 30.06.2027",
        foerderung="Zuschuss bis zu 75 % (max. 2.500 Euro)",
        ort="Chemnitz",
        zielgruppe="Beschäftigte",
        desc="<p>Beschäftigte in kleinen und mittleren Unternehmen können mit dem "
        "Weiterbildungsscheck berufliche Qualifizierungen finanzieren, etwa Kurse zu "
        "Tabellenkalkulation, IT-Sicherheit oder Projektmanagement.</p><p>Voraussetzung "
        "ist ein Wohn- oder Arbeitsort in der Region Chemnitz.</p>",
    ),
    L(
        slug="innovationsgutschein-ki",
        kind="funding",
        title="Innovationsgutschein KI im Mittelstand",
        topics=["KI im Mittelstand", "Innovation"],
        frist="30.09.2027",
        foerderung="Zuschuss bis zu 60 % (max. 20.000 Euro)",
        ort="Dresden",
        zielgruppe="KMU",
        desc="<p>Mit dem Innovationsgutschein können Unternehmen erste KI-Projekte gemeinsam mit "
        "Hochschulen oder spezialisierten Dienstleistern umsetzen. Gefördert werden "
        "Machbarkeitsstudien, Prototypen und die Qualifizierung des Projektteams.</p>"
        "<ul><li>Projektlaufzeit bis zu zwölf Monate</li><li>Kooperation mit einem "
        "externen Partner erforderlich</li></ul>",
    ),
    L(
        slug="homeoffice-arbeitsgestaltung",
        kind="advice",
        title="Beratung zur Arbeitsgestaltung im Homeoffice",
        topics=["Neue Arbeitsformen", "Gesundheit"],
        termin="Dienstag, 9. Februar 2027, 10:00 – 12:00 Uhr",
        ort="Chemnitz",
        format="hybrid",
        kosten="kostenfrei",
        zielgruppe="Führungskräfte, Betriebsräte",
        desc="<p>Mobiles Arbeiten braucht klare Regeln: Erreichbarkeit, Arbeitszeiterfassung, "
        "Ergonomie und Datenschutz am heimischen Schreibtisch. Unsere Beraterinnen "
        "unterstützen Sie dabei, eine passende Vereinbarung für Ihren Betrieb zu "
        "entwickeln.</p>",
    ),
    # --- list page 2 ---
    L(
        slug="gruendungszuschuss-digitale-geschaeftsmodelle",
        kind="funding",
        title="Gründungszuschuss Digitale Geschäftsmodelle",
        topics=["Gründung", "E-Commerce"],
        frist="laufend",
        foerderung="Zuschuss bis zu 40 % (max. 15.000 Euro)",
        ort="Leipzig",
        zielgruppe="Gründerinnen und Gründer",
        desc="<p>Gründerinnen und Gründer mit einem digitalen Geschäftsmodell erhalten in den "
        "ersten zwei Jahren einen Zuschuss zu Investitionen und Beratungsleistungen. Das "
        "Zukunftszentrum unterstützt Sie bei der Vorbereitung des Businessplans.</p>",
    ),
    L(
        slug="sprechstunde-betriebsrat-digitalisierung",
        kind="advice",
        title="Sprechstunde Betriebsrat und Digitalisierung",
        topics=["Betriebsrat und Digitalisierung", "Mitbestimmung"],
        termin="03.03. und 17.03.2027, jeweils 17.00 – 18.30 Uhr",
        ort="online",
        format="Webinar",
        kosten="kostenlos",
        zielgruppe="Betriebsräte",
        desc="<p>In der offenen Online-Sprechstunde beantworten erfahrene Beraterinnen und "
        "Berater Fragen von Betriebsratsmitgliedern rund um die Einführung neuer Software, "
        "Leistungs- und Verhaltenskontrolle sowie Betriebsvereinbarungen.</p><p>Den "
        "Zugangslink erhalten Sie nach der Anmeldung per E-Mail.</p>",
    ),
    L(
        slug="nachhaltigkeitsberatung-foerderung",
        kind="funding",
        title="Förderung betrieblicher Nachhaltigkeitsberatung",
        topics=["Nachhaltigkeit", "Energieeffizienz"],
        frist="15.11.2027",
        foerderung="Zuschuss bis zu 50 % (max. 8.000 Euro)",
        ort="Landkreis Mittelsachsen",
        zielgruppe="KMU",
        desc="<p>Das Programm bezuschusst externe Beratungen zu Energieeffizienz, "
        "Kreislaufwirtschaft und Nachhaltigkeitsberichterstattung. Antragsberechtigt sind "
        "Unternehmen mit Betriebsstätte im Landkreis Mittelsachsen.</p>",
    ),
    L(
        slug="e-commerce-einzelhandel",
        kind="funding",
        title="Zuschuss für E-Commerce-Projekte im Einzelhandel",
        topics=["E-Commerce", "Handel"],
        frist="Antragsfrist: 31.12.2027",
        foerderung="Zuschuss bis zu 50 % (max. 12.000 Euro)",
        ort="Landkreis Zwickau",
        zielgruppe="KMU",
        desc="<p>Inhabergeführte Geschäfte im Landkreis Zwickau können Fördermittel für den "
        "Aufbau eines Onlineshops, die Anbindung an regionale Marktplätze oder ein "
        "Click-&amp;-Collect-System beantragen.</p><ul><li>Förderfähig: Software, "
        "Einrichtung, Schulung</li><li>Nicht förderfähig: laufende Betriebskosten</li>"
        "</ul>",
    ),
    L(
        slug="ki-erstberatung-handwerk",
        kind="advice",
        title="KI-Erstberatung für Handwerksbetriebe",
        topics=["KI im Mittelstand", "Handwerk"],
        termin="20. April 2027",
        ort="Landkreis Leipzig",
        format="vor Ort",
        kosten="kostenfrei",
        zielgruppe="KMU",
        desc="<p>Unsere KI-Lotsinnen kommen in Ihren Betrieb und prüfen gemeinsam mit Ihnen, wo "
        "künstliche Intelligenz Zeit spart – von der Angebotserstellung bis zur "
        "Materialdisposition. Am Ende steht eine Liste konkreter nächster Schritte.</p>",
    ),
    L(
        slug="qualifizierung-betriebsraete",
        kind="funding",
        title="Qualifizierungsförderung für Betriebsräte",
        topics=["Betriebsrat und Digitalisierung", "Qualifizierung"],
        frist="laufend",
        foerderung="Zuschuss bis zu 90 % (max. 3.000 Euro)",
        ort="Dresden",
        zielgruppe="Betriebsräte",
        desc="<p>Betriebsratsgremien aus kleinen Unternehmen können Zuschüsse für Schulungen zu "
        "Digitalisierung, Beschäftigtendatenschutz und Arbeitsorganisation beantragen. Die "
        "Förderung deckt Seminargebühren und Reisekosten.</p>",
    ),
]
ZZ_WEB_PAGES = [ZZ_WEB[:7], ZZ_WEB[7:]]
