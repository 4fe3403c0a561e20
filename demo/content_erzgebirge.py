"""Demo content of the fictional Weiterbildungsportal Erzgebirge: its courses and providers.

Hand-written data only; ``demo/generate.py`` renders and checks it. All partners, people,
firms and addresses are fictional (EUPL-1.2, like the project).
"""

from __future__ import annotations

from demo.content_common import KFC_CHEMNITZ, L

# --------------------------------------------------------------------------------------
# Weiterbildungsportal Erzgebirge – HTML course site (3 list pages)
# --------------------------------------------------------------------------------------

BWO = "Bildungswerk Obererzgebirge e. V."
TAW = "Technikakademie Westerzgebirge GmbH"
LWF = "Lernwerkstatt Freiberg gGmbH"
DSZ = "Digitalschule Zwickau"
KFC = "Kompetenzforum Chemnitz"
WZM = "Weiterbildungszentrum Marienberg"

ERZ_KURSE = [
    L(
        slug="excel-fuer-einsteiger",
        kind="course",
        anbieter=BWO,
        title="Excel für Einsteiger",
        topics=["Office-Anwendungen", "Tabellenkalkulation", "Excel"],
        termin="11.01.2027, 9.00 - 16.00 Uhr",
        ort="Annaberg-Buchholz",
        format="Präsenz",
        kosten="150,00 €",
        zielgruppe="Beschäftigte",
        desc="<p>Der Tageskurs führt Schritt für Schritt in die Tabellenkalkulation ein: "
        "Tabellen anlegen, einfache Formeln und Summen, Zahlenformate und Drucklayout. Alle "
        "Übungen stammen aus dem kaufmännischen Alltag kleiner Betriebe.</p>"
        "<p>Vorkenntnisse sind nicht erforderlich.</p>",
    ),
    L(
        slug="datenschutz-dsgvo-grundkurs",
        kind="course",
        anbieter=TAW,
        title="Datenschutz nach DSGVO – Grundkurs für Beschäftigte",
        topics=["Datenschutz", "DSGVO"],
        termin="19.01.2027",
        ort="Aue",
        format="Präsenz",
        kosten="95 € zzgl. MwSt.",
        zielgruppe="Beschäftigte",
        desc="<p>Wer im Betrieb mit Kunden- oder Personaldaten arbeitet, muss die Grundregeln "
        "des Datenschutzes kennen. Der Grundkurs erklärt die DSGVO anhand typischer "
        "Situationen aus Büro, Werkstatt und Außendienst.</p><ul><li>Grundsätze der "
        "Datenverarbeitung</li><li>Rechte der Betroffenen</li><li>Sicherer Umgang mit "
        "E-Mail und Cloud</li></ul><p>Sie erhalten eine Teilnahmebescheinigung.</p>",
    ),
    L(
        slug="ki-im-mittelstand-praxisworkshop",
        kind="course",
        anbieter=KFC,
        title="KI im Mittelstand: Praxisworkshop Sprachmodelle & Co.",
        topics=["KI im Mittelstand", "Digitalisierung"],
        termin="02.02. und 09.02.2027, jeweils 17.00 – 18.30 Uhr",
        ort="Online (Zoom)",
        format="Online-Seminar",
        kosten="Teilnahmegebühr: 49 €",
        zielgruppe="KMU, Führungskräfte",
        desc="<p>Textgeneratoren, Übersetzungsdienste und Bildwerkzeuge sind frei verfügbar – "
        "aber wie setzt man sie sinnvoll und rechtssicher im Betrieb ein? Im Workshop "
        "testen Sie verschiedene Werkzeuge an eigenen Aufgaben und entwickeln Spielregeln "
        "für Ihr Team.</p>",
    ),
    L(
        slug="it-sicherheit-kleinbetrieb",
        kind="course",
        anbieter=WZM,
        title="IT-Sicherheit im Kleinbetrieb",
        topics=["IT-Sicherheit"],
        termin="15.02.2027 – 16.02.2027",
        ort="Marienberg",
        format="Präsenz",
        kosten="EUR 890,-",
        zielgruppe="KMU, Beschäftigte",
        desc="<p>Zwei Tage Praxis für alle, die im Betrieb „nebenbei“ für die IT zuständig "
        "sind: Datensicherung, Updates, sichere Passwörter, WLAN-Absicherung und "
        "Notfallplan. Nach dem Kurs wissen Sie, was im Ernstfall zu tun ist.</p>",
    ),
    L(
        slug="stressmanagement-resilienz",
        kind="course",
        anbieter=KFC,
        title="Stressmanagement und Resilienz am Arbeitsplatz",
        topics=["Stressmanagement", "Gesundheit"],
        termin="4. März 2027",
        ort="Chemnitz",
        format="Präsenz",
        kosten="Teilnahmegebühr: 75 €",
        zielgruppe="Beschäftigte, Auszubildende",
        desc="<p>Termindruck, Schichtarbeit und ständige Veränderungen können auf Dauer krank "
        "machen. In diesem Seminar lernen Sie, eigene Stresssignale früh zu erkennen und "
        "mit Atem- und Entspannungstechniken gegenzusteuern.</p>",
    ),
    L(
        slug="fuehrung-auf-distanz-grundlagen",
        kind="course",
        anbieter=DSZ,
        title="Führung auf Distanz – Grundlagen",
        topics=["Führung auf Distanz", "Führung"],
        termin="10.03.2027, 9.00 - 16.00 Uhr",
        ort="Zwickau",
        format="Präsenz",
        kosten="320,00 €",
        zielgruppe="Führungskräfte",
        desc="<p>Immer mehr Teams arbeiten standortübergreifend oder teilweise mobil. Das "
        "Seminar vermittelt Grundlagen der Führung auf Distanz: Vertrauen aufbauen, "
        "Ergebnisse vereinbaren und digitale Kommunikationskanäle bewusst wählen.</p>",
    ),
    L(
        slug="onlinemarketing-handwerk",
        kind="course",
        anbieter=BWO,
        title="Onlinemarketing für Handwerksbetriebe",
        topics=["Onlinemarketing", "Handwerk"],
        termin="16.03., 23.03. und 30.03.2027, jeweils 9:00 – 12:00 Uhr",
        ort="online",
        format="Online-Seminar",
        kosten="180 € zzgl. MwSt.",
        zielgruppe="KMU",
        desc="<p>Heute sind die Auftragsbücher voll – aber wie finden Sie morgen Kundschaft und "
        "Nachwuchs? Sie lernen, wie Sie Ihre Website, Ihr <strong>Unternehmensprofil in "
        "Kartendiensten</strong> und Bewertungsportale gezielt einsetzen.</p>",
    ),
    L(
        slug="e-commerce-onlineshop",
        kind="course",
        anbieter=LWF,
        title="E-Commerce: Der eigene Onlineshop in fünf Tagen",
        topics=["E-Commerce", "Onlinemarketing"],
        termin="12.04.2027 – 16.04.2027",
        ort="Freiberg",
        format="Präsenz",
        kosten="EUR 1.250,-",
        zielgruppe="KMU, Gründerinnen und Gründer",
        desc="<p>Von der Auswahl des Shopsystems über Produktfotos und Zahlungsarten bis zu "
        "rechtssicheren AGB: In fünf Tagen bauen Sie einen funktionsfähigen Onlineshop "
        "auf. Gearbeitet wird in Kleingruppen mit persönlicher Betreuung.</p><ul><li>"
        "Shopsysteme im Vergleich</li><li>Versand und Retouren organisieren</li><li>"
        "Rechtliche Pflichten im Onlinehandel</li></ul>",
    ),
    # --- list page 2 ---
    L(
        slug="social-media-azubis",
        kind="course",
        anbieter=BWO,
        title="Social Media im Betrieb für Auszubildende",
        topics=["Social Media", "Ausbildung"],
        termin="Dienstag, 20. April 2027, 10:00 – 12:00 Uhr",
        ort="Annaberg-Buchholz",
        format="vor Ort",
        kosten="kostenlos",
        zielgruppe="Auszubildende",
        desc="<p>Was darf ich über meinen Ausbildungsbetrieb posten, und was lieber nicht? Der "
        "Workshop vermittelt Auszubildenden einen verantwortungsvollen Umgang mit sozialen "
        "Netzwerken und zeigt, wie sie ihren Betrieb positiv darstellen können.</p>",
    ),
    L(
        slug="excel-aufbaukurs",
        kind="course",
        anbieter=TAW,
        title="Excel-Aufbaukurs: Formeln, Pivot und Auswertungen",
        topics=["Excel", "Tabellenkalkulation", "Office-Anwendungen"],
        termin="26.04.2027, 9.00 - 16.00 Uhr",
        ort="Aue",
        format="Präsenz",
        kosten="150,00 €",
        zielgruppe="Beschäftigte",
        desc="<p>Aufbauend auf dem Einsteigerkurs lernen Sie verschachtelte WENN-Funktionen, "
        "Verweisfunktionen und Pivot-Tabellen kennen. Zum Abschluss erstellen Sie ein "
        "kleines Auswertungs-Dashboard für Ihre eigenen Daten.</p>",
    ),
    # BROKEN: empty <h1 class="kurs-titel"></h1>
    L(
        slug="cnc-programmierung-grundlagen",
        kind="course",
        anbieter=TAW,
        title="",
        teaser="CNC-Programmierung Grundlagen",
        topics=["Metallbearbeitung", "CNC"],
        termin="03.05.2027 – 07.05.2027",
        ort="Aue",
        format="Präsenz",
        kosten="EUR 1.250,-",
        zielgruppe="Beschäftigte, Arbeitsuchende",
        broken={
            "field": "title",
            "problem": 'empty title element (<h1 class="kurs-titel"></h1>)',
            "value": "",
        },
        desc="<p>Einführung in die Programmierung von CNC-Dreh- und Fräsmaschinen nach "
        "PAL-Standard. Mit praktischen Übungen an der Maschine.</p>",
    ),
    L(
        slug="digital-health-pflege",
        kind="course",
        anbieter=DSZ,
        title="Digital Health in der Pflege: Dokumentation und Telemedizin",
        topics=["Digital Health", "Pflege"],
        termin="5. Mai 2027",
        ort="Zwickau",
        format="hybrid",
        kosten="95 € zzgl. MwSt.",
        zielgruppe="Beschäftigte",
        desc="<p>Digitale Pflegedokumentation und Videosprechstunden verändern den Alltag in "
        "ambulanten Diensten und Pflegeheimen. Die Fortbildung zeigt Anwendungen, "
        "rechtliche Rahmenbedingungen und Tipps für die Einführung im Team.</p>",
    ),
    L(
        slug="prozessautomatisierung-verwaltung",
        kind="course",
        anbieter=KFC,
        title="Prozessautomatisierung in der Verwaltung",
        topics=["Prozessautomatisierung"],
        termin="18.05.2027, 17:00 – 18:30 Uhr",
        ort="online",
        format="Webinar",
        kosten="kostenfrei",
        zielgruppe="KMU, Beschäftigte",
        desc="<p>Das Webinar gibt einen Einstieg in die Automatisierung von "
        "Verwaltungsabläufen: digitale Eingangsrechnungen, automatische Ablage und "
        "Formular-Workflows. Am Praxisbeispiel eines Zulieferbetriebs aus Marienberg wird "
        "gezeigt, wie viel Zeit sich einsparen lässt.</p>",
    ),
    L(
        slug="nachhaltigkeitsmanagement-kmu",
        kind="course",
        anbieter=KFC,
        title="Nachhaltigkeitsmanagement für KMU",
        topics=["Nachhaltigkeit", "Management"],
        termin="14.06.2027 – 16.06.2027",
        ort="Chemnitz",
        format="Präsenz",
        kosten="EUR 890,-",
        zielgruppe="KMU, Führungskräfte",
        desc="<p>Kundinnen, Banken und Auftraggeber fragen zunehmend nach "
        "Nachhaltigkeitskennzahlen. Im dreitägigen Kurs lernen Sie, wie Sie Energie- und "
        "Materialverbräuche erfassen, Ziele festlegen und einen schlanken "
        "Nachhaltigkeitsbericht erstellen.</p>",
    ),
    L(
        slug="betriebsrat-digitalisierung-software",
        kind="course",
        anbieter=WZM,
        title="Betriebsrat und Digitalisierung: Mitbestimmung bei Software-Einführungen",
        topics=["Betriebsrat und Digitalisierung", "Mitbestimmung"],
        termin="15.06. und 22.06.2027, jeweils 17.00 – 18.30 Uhr",
        ort="Marienberg",
        format="Präsenz",
        kosten="Teilnahmegebühr: 49 €",
        zielgruppe="Betriebsräte",
        desc="<p>Neue Software bringt oft neue Möglichkeiten der Leistungs- und "
        "Verhaltenskontrolle mit sich. Das Seminar zeigt Betriebsräten, welche Rechte sie "
        "haben und wie sie ihre Beteiligung frühzeitig einfordern.</p>",
    ),
    L(
        slug="cad-einstieg-metall",
        kind="course",
        anbieter=TAW,
        title="CAD-Einstieg für Metallberufe",
        topics=["CAD", "Metallbearbeitung"],
        termin="05.07.2027 – 09.07.2027",
        ort="Aue",
        format="Präsenz",
        kosten="EUR 1.250,-",
        zielgruppe="Arbeitsuchende, Beschäftigte",
        desc="<p>In fünf Tagen lernen Sie die Grundlagen des rechnergestützten Konstruierens: "
        "2D-Zeichnungen, einfache 3D-Modelle und normgerechte Bemaßung. Der Kurs ist über "
        "Bildungsgutschein förderfähig.</p>",
    ),
    # BROKEN: impossible date
    L(
        slug="lagerlogistik-digital",
        kind="course",
        anbieter=LWF,
        title="Lagerlogistik digital: Scanner, Barcodes und Bestandsführung",
        topics=["Logistik", "Digitalisierung"],
        termin="31.02.2027",
        ort="Freiberg",
        format="Präsenz",
        kosten="150,00 €",
        zielgruppe="Beschäftigte",
        broken={"field": "date", "problem": "impossible date (31 February)", "value": "31.02.2027"},
        desc="<p>Der Kurs zeigt, wie kleine Lager mit Barcode-Scannern und einfacher Software "
        "ihre Bestände in Echtzeit führen können.</p>",
    ),
    # --- list page 3 ---
    L(
        slug="datenschutz-fuehrungskraefte",
        kind="course",
        anbieter=DSZ,
        title="Datenschutz für Führungskräfte: Haftung und Pflichten",
        topics=["Datenschutz", "DSGVO", "Führung"],
        termin="Mittwoch, 8. September 2027, 10:00 – 12:00 Uhr",
        ort="online",
        format="Online-Seminar",
        kosten="95 € zzgl. MwSt.",
        zielgruppe="Führungskräfte",
        desc="<p>Führungskräfte tragen Verantwortung dafür, dass in ihrem Bereich "
        "datenschutzkonform gearbeitet wird. Das Online-Seminar klärt, welche Pflichten "
        "bestehen, wann Bußgelder drohen und wie Sie Ihr Team wirksam sensibilisieren.</p>",
    ),
    L(
        slug="textverarbeitung-serienbriefe",
        kind="course",
        anbieter=LWF,
        title="Textverarbeitung: Serienbriefe und Vorlagen",
        topics=["Office-Anwendungen", "Textverarbeitung"],
        termin="13. September 2027, 17:00 Uhr",
        ort="Freiberg",
        format="Präsenz",
        kosten="Teilnahmegebühr: 75 €",
        zielgruppe="Beschäftigte, Arbeitsuchende",
        desc="<p>Der Abendkurs zeigt, wie Sie mit Dokumentvorlagen, Formatvorlagen und "
        "Serienbriefen viel Zeit bei der Korrespondenz sparen. Geübt wird an Briefen, "
        "Etiketten und Rechnungsvorlagen.</p>",
    ),
    L(
        slug="agiles-projektmanagement-kanban",
        kind="course",
        anbieter=KFC,
        title="Agiles Projektmanagement mit Kanban",
        topics=["Projektmanagement", "Neue Arbeitsformen"],
        termin="27.09.2027 – 28.09.2027",
        ort=KFC_CHEMNITZ,
        format="Präsenz",
        kosten="EUR 890,-",
        zielgruppe="Führungskräfte, Beschäftigte",
        desc="<p>Kanban macht Arbeit sichtbar und hilft Teams, Engpässe früh zu erkennen. Im "
        "zweitägigen Kurs richten Sie ein Kanban-Board für Ihr eigenes Team ein und lernen "
        "Kennzahlen wie Durchlaufzeit und Work-in-Progress-Limits kennen.</p>",
    ),
    L(
        slug="ki-assistenten-sicher-nutzen",
        kind="course",
        anbieter=BWO,
        title="KI-Assistenten sicher nutzen",
        topics=["KI im Mittelstand", "IT-Sicherheit"],
        termin="12.10.2027",
        ort="Annaberg-Buchholz",
        format="vor Ort",
        kosten="Teilnahmegebühr: 49 €",
        zielgruppe="Beschäftigte",
        desc="<p>KI-Assistenten schreiben E-Mails, fassen Protokolle zusammen und beantworten "
        "Fragen. Der Kurs zeigt, wie Sie die Werkzeuge produktiv einsetzen, ohne "
        "vertrauliche Informationen preiszugeben, und wie Sie die Ergebnisse kritisch "
        "prüfen.</p>",
    ),
    L(
        slug="digitale-bewerbung",
        kind="course",
        anbieter=DSZ,
        title="Digitale Bewerbung und Online-Profil",
        topics=["Bewerbung", "Digitale Grundkompetenzen"],
        termin="02.11., 09.11. und 16.11.2027, jeweils 9:00 – 12:00 Uhr",
        ort="Zwickau",
        format="Präsenz",
        kosten="kostenlos",
        zielgruppe="Arbeitsuchende",
        desc="<p>An drei Vormittagen erstellen Sie Ihre Bewerbungsunterlagen als PDF, richten "
        "ein professionelles Profil in einem Karrierenetzwerk ein und üben "
        "Vorstellungsgespräche per Video.</p><p>Für Arbeitsuchende mit Wohnsitz im "
        "Erzgebirgskreis oder im Landkreis Zwickau ist die Teilnahme kostenlos.</p>",
    ),
]
ERZ_PAGES = [ERZ_KURSE[:8], ERZ_KURSE[8:17], ERZ_KURSE[17:]]

# Linked from list page 1 inside ul.kursliste, but disallowed by robots.txt.
ERZ_INTERN = L(
    slug="geheim",
    kind="course",
    anbieter="Weiterbildungsportal Erzgebirge (intern)",
    title="Interne Honorarübersicht Dozentinnen und Dozenten 2027",
    teaser="Honorarübersicht 2027 (nur intern)",
    topics=["Intern"],
    termin="01.12.2027",
    ort="Annaberg-Buchholz",
    format="Präsenz",
    kosten="kostenfrei",
    zielgruppe="Beschäftigte",
    desc="<p>Nur für den internen Gebrauch: Übersicht der vereinbarten Tagessätze und "
    "Fahrtkostenpauschalen unserer Dozentinnen und Dozenten für 2027. Diese Seite darf "
    "nicht von Suchmaschinen oder Katalogen erfasst werden.</p>",
)
