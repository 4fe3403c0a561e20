"""Demo content of the fictional Zukunfts-HUB Ruhr: its Atom feed and good-practice stories.

Hand-written data only; ``demo/generate.py`` renders and checks it. All partners, people,
firms and addresses are fictional (EUPL-1.2, like the project).
"""

from __future__ import annotations

from demo.content_common import RUHR_BOCHUM, RUHR_DORTMUND, RUHR_ESSEN, L

# --------------------------------------------------------------------------------------
# Zukunfts-HUB Ruhr – Atom feed (events, courses, advice, one funding programme)
# --------------------------------------------------------------------------------------

RUHR_ATOM = [
    L(
        slug="digitalisierungsfruehstueck-ki-werkzeuge",
        kind="event",
        title="Digitalisierungsfrühstück Ruhr: KI-Werkzeuge im Büroalltag",
        topics=["KI im Mittelstand", "Digitalisierung"],
        termin="15.12.2026, 08:30 – 10:00 Uhr",
        ort=RUHR_ESSEN,
        format="Präsenz",
        kosten="kostenfrei",
        zielgruppe="KMU, Beschäftigte",
        pub=(2026, 10, 2, 9, 0),
        desc="<p>Bei Kaffee und Brötchen zeigen wir in 90 Minuten, wie KI-Werkzeuge beim "
        "Protokollieren, Übersetzen und Zusammenfassen von Dokumenten helfen. Sie probieren "
        "die Werkzeuge direkt am eigenen Gerät aus.</p>",
    ),
    L(
        slug="netzwerkabend-e-commerce",
        kind="event",
        title="Netzwerkabend E-Commerce & Onlinehandel im Revier",
        topics=["E-Commerce", "Netzwerk"],
        termin="21. Januar 2027, 17:00 Uhr",
        ort="Dortmund",
        format="Präsenz",
        kosten="kostenfrei",
        zielgruppe="KMU, Gründerinnen und Gründer",
        pub=(2026, 10, 5, 14, 0),
        desc="<p>Händlerinnen und Händler aus dem Ruhrgebiet berichten, wie sie ihren "
        "Onlineshop aufgebaut haben – inklusive aller Umwege. Danach ist Zeit für "
        "Austausch bei Getränken und Imbiss.</p>",
    ),
    L(
        slug="excel-fortgeschrittene-pivot",
        kind="course",
        title="Excel für Fortgeschrittene: Pivot-Tabellen und Diagramme",
        topics=["Excel", "Tabellenkalkulation"],
        termin="18.01. und 25.01.2027, jeweils 17.00 – 18.30 Uhr",
        ort="online",
        format="Online-Seminar",
        kosten="95 € zzgl. MwSt.",
        zielgruppe="Beschäftigte",
        pub=(2026, 10, 7, 10, 30),
        desc="<p>Sie beherrschen die Grundlagen der Tabellenkalkulation und möchten große "
        "Datenmengen schneller auswerten? An zwei Abendterminen lernen Sie Pivot-Tabellen, "
        "dynamische Diagramme und den sicheren Umgang mit SVERWEIS und XVERWEIS.</p>",
    ),
    L(
        slug="cybersicherheit-live-hacking",
        kind="event",
        title="Cybersicherheit im Mittelstand: Live-Hacking",
        topics=["IT-Sicherheit", "Cybersicherheit"],
        termin="Dienstag, 16. Februar 2027, 10:00 – 12:00 Uhr",
        ort=RUHR_BOCHUM,
        format="Präsenz",
        kosten="kostenlos",
        zielgruppe="KMU, Führungskräfte",
        pub=(2026, 10, 12, 8, 15),
        desc="<p>Ein Sicherheitsexperte zeigt live, wie schnell sich ungesicherte Router, "
        "schwache Passwörter und veraltete Software ausnutzen lassen. Anschließend erhalten "
        "Sie eine <strong>Checkliste mit zehn Sofortmaßnahmen</strong> für Ihren "
        "Betrieb.</p>",
    ),
    L(
        slug="prozessautomatisierung-buero",
        kind="course",
        title="Prozessautomatisierung im Büro: Workflows ohne Programmierung",
        topics=["Prozessautomatisierung", "Digitalisierung"],
        termin="08.02.2027 – 10.02.2027",
        ort=RUHR_ESSEN,
        format="Präsenz",
        kosten="EUR 1.250,-",
        zielgruppe="Beschäftigte, Führungskräfte",
        pub=(2026, 10, 15, 11, 0),
        desc="<p>Der dreitägige Praxiskurs zeigt, wie Sie wiederkehrende Abläufe wie "
        "Urlaubsanträge, Rechnungsfreigaben oder Terminbestätigungen automatisieren. Sie "
        "arbeiten an Beispielen aus Ihrem eigenen Betrieb.</p><p>Im Preis enthalten sind "
        "Schulungsunterlagen, Mittagessen und Getränke.</p>",
    ),
    L(
        slug="datenschutz-sprechstunde-handwerk",
        kind="advice",
        title="Datenschutz-Sprechstunde für Handwerksbetriebe",
        topics=["Datenschutz", "DSGVO", "Handwerk"],
        termin="24.02.2027, 17:00 Uhr",
        ort=RUHR_ESSEN,
        format="vor Ort",
        kosten="kostenfrei",
        zielgruppe="KMU",
        pub=(2026, 10, 19, 9, 45),
        desc="<p>Ob Kundenkartei, Baustellenfotos oder Mitarbeiterdaten: In der Sprechstunde "
        "beantworten unsere Datenschutzfachleute Ihre konkreten Fragen. Bringen Sie gern "
        "Ihre Unterlagen mit, etwa Muster-Einwilligungen oder "
        "Auftragsverarbeitungsverträge.</p>",
    ),
    L(
        slug="digitalisierungs-check-kmu",
        kind="advice",
        title="Digitalisierungs-Check für KMU im Ruhrgebiet",
        topics=["Digitalisierung", "Fördermittel für Digitalisierung"],
        termin="10. März 2027",
        ort="Bochum",
        format="vor Ort",
        kosten="kostenfrei",
        zielgruppe="KMU",
        pub=(2026, 10, 21, 13, 0),
        desc="<p>Beim Digitalisierungs-Check bewerten wir gemeinsam mit Ihnen den digitalen "
        "Reifegrad Ihres Betriebs. Sie erhalten einen kurzen Ergebnisbericht mit "
        "Empfehlungen und passenden Förderprogrammen.</p>",
    ),
    L(
        slug="aktionstag-digital-health",
        kind="event",
        title="Gesundes Arbeiten digital: Aktionstag Digital Health",
        topics=["Digital Health", "Gesundheit"],
        termin="11.03.2027",
        ort="Gelsenkirchen",
        format="vor Ort",
        kosten="kostenfrei",
        zielgruppe="Beschäftigte, Betriebsräte",
        pub=(2026, 10, 23, 10, 0),
        desc="<p>Am Aktionstag stellen Krankenkassen, Start-ups und Arbeitsschutzfachleute "
        "digitale Angebote zur Gesundheitsförderung vor. Besucherinnen und Besucher können "
        "Apps testen und sich an Infoständen beraten lassen.</p><ul><li>Kurzvorträge im "
        "Stundentakt</li><li>Ergonomie-Check am Bildschirmarbeitsplatz</li></ul>",
    ),
    L(
        slug="onlinemarketing-kompakt",
        kind="course",
        title="Onlinemarketing kompakt: Suchmaschinen, Newsletter, Anzeigen",
        topics=["Onlinemarketing", "Social Media"],
        termin="12.04., 19.04. und 26.04.2027, jeweils 9:00 – 12:00 Uhr",
        ort="Online (Zoom)",
        format="Online-Seminar",
        kosten="150,00 €",
        zielgruppe="KMU, Gründerinnen und Gründer",
        pub=(2026, 10, 28, 15, 0),
        desc="<p>Drei Vormittage, drei Kanäle: Sie lernen, wie Ihre Website bei Suchmaschinen "
        "besser gefunden wird, wie ein rechtssicherer Newsletter aufgebaut ist und wann "
        "sich bezahlte Anzeigen lohnen.</p>",
    ),
    L(
        slug="stressmanagement-teamberatung",
        kind="advice",
        title="Stressmanagement-Beratung für Teams im Wandel",
        topics=["Stressmanagement", "Gesundheit"],
        termin="13.04.2027, 9.00 - 16.00 Uhr",
        ort="Dortmund",
        format="Präsenz",
        kosten="95 € zzgl. MwSt.",
        zielgruppe="Beschäftigte, Führungskräfte",
        pub=(2026, 11, 2, 9, 0),
        desc="<p>Veränderungen im Betrieb führen oft zu Unsicherheit und Überlastung. In einer "
        "ganztägigen Teamberatung analysieren wir Belastungsfaktoren und entwickeln "
        "gemeinsam Entlastungsmaßnahmen, die zu Ihrem Arbeitsalltag passen.</p>",
    ),
    L(
        slug="digitalbonus-ruhr",
        kind="funding",
        title="Digitalbonus Ruhr für Kleinstunternehmen",
        topics=["Fördermittel für Digitalisierung", "Digitalisierung"],
        frist="30.04.2027",
        foerderung="Zuschuss bis zu 50 % (max. 5.000 Euro)",
        ort="Essen",
        zielgruppe="KMU",
        pub=(2026, 11, 3, 12, 0),
        desc="<p>Kleinstunternehmen mit bis zu neun Beschäftigten erhalten einen Zuschuss für "
        "Hard- und Software, IT-Sicherheit und die Entwicklung digitaler Angebote. Der "
        "Zukunfts-HUB Ruhr berät kostenfrei bei der Antragstellung.</p>",
    ),
    L(
        slug="fuehrung-auf-distanz-werkzeugkasten",
        kind="course",
        title="Führung auf Distanz: Werkzeugkasten für hybride Teams",
        topics=["Führung auf Distanz", "Führung"],
        termin="6. Mai 2027",
        ort=RUHR_DORTMUND,
        format="Präsenz",
        kosten="Teilnahmegebühr: 75 €",
        zielgruppe="Führungskräfte",
        pub=(2026, 11, 5, 10, 0),
        desc="<p>Wie halte ich Kontakt zu Mitarbeitenden, die ich nur selten persönlich sehe? "
        "Der Tagesworkshop vermittelt Methoden für virtuelle Teambesprechungen, "
        "Zielvereinbarungen und Konfliktgespräche per Video.</p><p><strong>Maximal 12 "
        "Teilnehmende.</strong></p>",
    ),
    L(
        slug="social-media-sprechstunde-gruendung",
        kind="advice",
        title="Social-Media-Sprechstunde für Gründerinnen und Gründer",
        topics=["Social Media", "Gründung"],
        termin="Montag, 7. Juni 2027, 10:00 – 12:00 Uhr",
        ort="online",
        format="Webinar",
        kosten="kostenlos",
        zielgruppe="Gründerinnen und Gründer",
        pub=(2026, 11, 9, 11, 15),
        desc="<p>Sie haben gerade gegründet und wissen nicht, wo Sie mit Social Media anfangen "
        "sollen? In der offenen Online-Sprechstunde bekommen Sie individuelles Feedback zu "
        "Ihren Profilen und Beiträgen.</p>",
    ),
    L(
        slug="nachhaltigkeitstag-ruhr",
        kind="event",
        title="Nachhaltigkeitstag Ruhr: Klimaschutz im Kleinbetrieb",
        topics=["Nachhaltigkeit", "Klimaschutz"],
        termin="09.06.2027 – 10.06.2027",
        ort="Duisburg",
        format="hybrid",
        kosten="Teilnahmegebühr: 49 €",
        zielgruppe="KMU",
        pub=(2026, 11, 11, 9, 30),
        desc="<p>Zwei Tage rund um Energie, Ressourcen und Mobilität: Der Nachhaltigkeitstag "
        "zeigt, wie kleine Unternehmen ihren CO₂-Fußabdruck erfassen und mit überschaubarem "
        "Aufwand senken können. Die Vorträge werden zusätzlich im Livestream "
        "übertragen.</p>",
    ),
    # FLAGGED: an event without a usable date is still a listing (dates empty, a hint for the
    # partner in Listing.flags); only a missing title or an impossible day is quarantined
    L(
        slug="zukunftskonferenz-ruhr-2027",
        kind="event",
        title="Zukunftskonferenz Ruhr 2027",
        topics=["Transformation"],
        termin="Termin folgt im Frühjahr",
        ort="Essen",
        format="Präsenz",
        kosten="kostenfrei",
        zielgruppe="KMU, Führungskräfte, Betriebsräte",
        pub=(2026, 11, 13, 8, 0),
        unread_date=True,
        desc="<p>Die große Konferenz des Zukunfts-HUB Ruhr mit Workshops, Praxisberichten und "
        "Ausstellung. Merken Sie sich das Thema schon jetzt vor – der genaue Termin wird "
        "in Kürze bekanntgegeben.</p>",
    ),
    L(
        slug="webinar-datenschutz-social-media",
        kind="event",
        title="Webinar: Datenschutz bei Social Media und Messenger-Diensten",
        topics=["Datenschutz", "Social Media"],
        termin="02.09.2027, 17:00 – 18:30 Uhr",
        ort="Online (Zoom)",
        format="Webinar",
        kosten="kostenfrei",
        zielgruppe="KMU, Beschäftigte",
        pub=(2026, 11, 16, 14, 0),
        desc="<p>Darf der Betrieb Kundenanfragen per Messenger beantworten? Was gilt für Fotos "
        "von Beschäftigten auf Instagram? Das Webinar gibt praxisnahe Antworten und zeigt "
        "datenschutzfreundliche Alternativen.</p>",
    ),
    L(
        slug="digitale-grundkompetenzen-wiedereinstieg",
        kind="course",
        title="Digitale Grundkompetenzen für den Wiedereinstieg",
        topics=["Digitale Grundkompetenzen", "Wiedereinstieg"],
        termin="04.10.2027 – 08.10.2027",
        ort="Gelsenkirchen",
        format="vor Ort",
        kosten="kostenlos",
        zielgruppe="Arbeitsuchende",
        pub=(2026, 11, 18, 10, 0),
        desc="<p>Die einwöchige Qualifizierung richtet sich an Menschen, die nach einer Pause "
        "in den Beruf zurückkehren möchten. Auf dem Programm stehen E-Mail und Kalender, "
        "Videokonferenzen, Online-Bewerbung und sicheres Surfen.</p><p>Mit "
        "Bildungsgutschein ist die Teilnahme kostenlos.</p>",
    ),
]


# --------------------------------------------------------------------------------------
# Zukunfts-HUB Ruhr – good-practice stories (single list page)
# --------------------------------------------------------------------------------------

RUHR_PRAXIS = [
    L(
        slug="baeckerei-bochum-vorbestellung",
        kind="good_practice",
        title="Bäckerei in Bochum: Vorbestellung per App statt Zettelwirtschaft",
        ort="Bochum",
        branche="Lebensmittelhandwerk",
        mitarbeitende=23,
        zielgruppe="KMU",
        topics=["E-Commerce", "Digitalisierung", "Handwerk"],
        desc="<p>Die Backstube Wiesenhöfer in Bochum-Langendreer hat jahrelang Vorbestellungen "
        "per Telefon und auf Zetteln angenommen. Seit 2025 bestellen Stammkundschaft und "
        "Firmenkunden über eine einfache Web-App; die Backliste für die Nacht entsteht "
        "automatisch.</p><p>„Wir backen heute gezielter und werfen deutlich weniger Ware "
        "weg“, sagt Inhaberin Sandra Wiesenhöfer. Der Zukunfts-HUB Ruhr hat bei der Auswahl "
        "der Software und beim Förderantrag unterstützt.</p><ul><li>Retouren um rund ein "
        "Drittel gesenkt</li><li>Telefonzeiten am Morgen halbiert</li></ul>",
    ),
    L(
        slug="schreinerei-gelsenkirchen-aufmass",
        kind="good_practice",
        title="Schreinerei in Gelsenkirchen: Aufmaß mit dem Tablet",
        ort="Gelsenkirchen",
        branche="Holzhandwerk",
        mitarbeitende=11,
        zielgruppe="KMU",
        topics=["Digitalisierung", "Handwerk", "Prozessautomatisierung"],
        desc="<p>Früher wurden Maße auf der Baustelle mit Bleistift notiert und im Büro "
        "abgetippt. Heute erfasst das Team der Schreinerei Brosowski das Aufmaß mit "
        "Laser-Entfernungsmesser und Tablet; die Daten landen direkt in der "
        "Angebotssoftware.</p><p>Übertragungsfehler sind seitdem praktisch verschwunden, "
        "und Angebote gehen oft noch am selben Tag hinaus.</p>",
    ),
    L(
        slug="pflegedienst-dortmund-tourenplanung",
        kind="good_practice",
        title="Pflegedienst in Dortmund: Tourenplanung digital",
        ort="Dortmund",
        branche="Ambulante Pflege",
        mitarbeitende=48,
        zielgruppe="KMU, Beschäftigte",
        topics=["Digital Health", "Pflege", "Digitalisierung"],
        desc="<p>Ein ambulanter Pflegedienst aus Dortmund-Hörde plant seine Touren inzwischen "
        "mit einer digitalen Lösung, die Verkehrslage, Qualifikationen der Pflegekräfte und "
        "Wünsche der Patientinnen und Patienten berücksichtigt. Die Pflegedokumentation "
        "erfolgt direkt am Smartphone.</p><p>Wichtig war dem Betrieb, die Beschäftigten "
        "und die Mitarbeitervertretung von Anfang an einzubeziehen. Gemeinsam wurde eine "
        "Vereinbarung zur Nutzung der Standortdaten getroffen.</p>",
    ),
    L(
        slug="metallbau-duisburg-wartung",
        kind="good_practice",
        title="Metallbau in Duisburg: Vorausschauende Wartung mit Sensoren",
        ort="Duisburg",
        branche="Metallverarbeitung",
        mitarbeitende=65,
        zielgruppe="KMU",
        topics=["KI im Mittelstand", "Industrie 4.0"],
        desc="<p>Ungeplante Maschinenstillstände kosteten den Duisburger Metallbaubetrieb jedes "
        "Jahr mehrere zehntausend Euro. Nachgerüstete Schwingungs- und Temperatursensoren "
        "melden nun frühzeitig, wenn ein Lager verschleißt.</p><p>Ein einfaches KI-Modell, "
        "entwickelt mit einer Hochschule aus der Region, wertet die Messdaten aus. Die "
        "Instandhaltung kann Reparaturen so in ruhige Schichten legen.</p>",
    ),
    L(
        slug="buchhandlung-essen-onlineshop",
        kind="good_practice",
        title="Buchhandlung in Essen: Onlineshop und Lieferdienst im Quartier",
        ort="Essen",
        branche="Einzelhandel",
        mitarbeitende=7,
        zielgruppe="KMU",
        topics=["E-Commerce", "Social Media", "Onlinemarketing"],
        desc="<p>Die inhabergeführte Buchhandlung im Essener Stadtteil Rüttenscheid verkauft "
        "seit zwei Jahren auch online. Bestellungen bis 14 Uhr werden noch am selben Tag "
        "per Lastenrad im Viertel ausgeliefert.</p><p>Auf Instagram stellt das Team "
        "wöchentlich Lieblingsbücher vor – inzwischen kommen viele Kundinnen und Kunden "
        "gezielt wegen dieser Empfehlungen in den Laden.</p>",
    ),
    L(
        slug="steuerbuero-bochum-digitale-belege",
        kind="good_practice",
        title="Steuerbüro in Bochum: Digitale Belege statt Papierordner",
        ort="Bochum",
        branche="Steuerberatung",
        mitarbeitende=14,
        zielgruppe="KMU",
        topics=["Prozessautomatisierung", "Digitalisierung"],
        desc="<p>Mandantinnen und Mandanten laden ihre Belege heute per Smartphone hoch, statt "
        "Pendelordner ins Büro zu bringen. Eine Texterkennung ordnet die Belege "
        "automatisch zu, die Mitarbeitenden prüfen nur noch Sonderfälle.</p><p>Die frei "
        "gewordene Zeit nutzt das Büro für Beratung. Besonders wichtig war eine sorgfältige "
        "Schulung aller Beschäftigten zu IT-Sicherheit und Vertraulichkeit.</p>",
    ),
]
