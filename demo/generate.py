#!/usr/bin/env python3
"""Generate the fictional demo partner sites and feeds for regiohub.

Run ``python demo/generate.py``. It rewrites everything under ``demo/sites/`` and
``demo/expected.json`` from the data below. Standard library only, deterministic output
(no randomness, no current date). The literal ``{{BASE}}`` in .xml/.html/.txt files is
replaced by the demo server with the real base URL, e.g. ``http://127.0.0.1:8765``.

All partners, people, firms and addresses are fictional. Content written for regiohub,
licensed EUPL-1.2 like the project.
"""

# ruff: noqa: E501  (HTML templates and German prose are kept on long lines on purpose)

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import uuid
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITES = HERE / "sites"
EXPECTED = HERE / "expected.json"

TODAY = dt.date(2026, 11, 23)
VALID_FROM = dt.date(2026, 12, 1)
VALID_TO = dt.date(2027, 12, 31)

KIND_LABEL = {
    "event": "Veranstaltung",
    "course": "Weiterbildung",
    "funding": "Förderung",
    "advice": "Beratung",
    "good_practice": "Praxisbeispiel",
}

ZZ = "Zukunftszentrum Sachsen"
RUHR = "Zukunfts-HUB Ruhr"
ERZ = "Weiterbildungsportal Erzgebirge"

ZZ_LEIPZIG = "Zukunftszentrum Sachsen, Petersstraße 12, 04109 Leipzig"
ZZ_DRESDEN = "Zukunftszentrum Sachsen, Büro Dresden, Schweriner Straße 21, 01067 Dresden"
ZZ_CHEMNITZ = "Zukunftszentrum Sachsen, Standort Chemnitz, Brückenstraße 8, 09111 Chemnitz"
RUHR_ESSEN = "Zukunfts-HUB Ruhr, Kettwiger Straße 20, 45127 Essen"
RUHR_BOCHUM = "Zukunfts-HUB Ruhr, Standort Bochum, Universitätsstraße 142, 44799 Bochum"
RUHR_DORTMUND = "Zukunfts-HUB Ruhr, Standort Dortmund, Rheinlanddamm 5, 44139 Dortmund"
KFC_CHEMNITZ = "Kompetenzforum Chemnitz, Annaberger Straße 73, 09111 Chemnitz"


def L(**kw):  # short constructor for the data tables below
    """One listing. Keys: slug, kind, title, desc, topics, termin | frist, ort, format,
    kosten | foerderung, zielgruppe; optional: key, pub, broken, anbieter, teaser, ..."""
    kw.setdefault("format", None)
    kw.setdefault("broken", None)
    return kw


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
    # BROKEN: an event without a usable date
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
        broken={
            "field": "date",
            "problem": "unparseable date for an event",
            "value": "Termin folgt im Frühjahr",
        },
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

# --------------------------------------------------------------------------------------
# Date strings: the formats regiohub's parser supports, checked here before writing
# --------------------------------------------------------------------------------------

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        start=1,
    )
}
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
_T = r"(\d{1,2})[:.](\d{2})"
_RANGE_T = rf"{_T}(?: [–-] {_T})?"
_MONTH = "|".join(MONTHS)
_WD = "|".join(WEEKDAYS)

DATE_PATTERNS = {
    "dd.mm.yyyy[, HH:MM[ – HH:MM] Uhr]": re.compile(
        rf"(?:Antragsfrist: )?(\d{{2}})\.(\d{{2}})\.(\d{{4}})(?:, {_RANGE_T} Uhr)?"
    ),
    "dd.mm.yyyy – dd.mm.yyyy": re.compile(r"(\d{2})\.(\d{2})\.(\d{4}) – (\d{2})\.(\d{2})\.(\d{4})"),
    "[Weekday, ]d. Monat yyyy[, HH:MM[ – HH:MM] Uhr]": re.compile(
        rf"(?:({_WD}), )?(\d{{1,2}})\. ({_MONTH}) (\d{{4}})(?:, {_RANGE_T} Uhr)?"
    ),
    "dd.mm.[, dd.mm.] und dd.mm.yyyy, jeweils HH:MM – HH:MM Uhr": re.compile(
        rf"((?:\d{{2}}\.\d{{2}}\., )*\d{{2}}\.\d{{2}}\.) und (\d{{2}})\.(\d{{2}})\.(\d{{4}}), "
        rf"jeweils {_T} [–-] {_T} Uhr"
    ),
}


def parse_date(text: str) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) of a date string; None for 'laufend'; ValueError if invalid."""
    if text == "laufend":
        return None
    if m := DATE_PATTERNS["dd.mm.yyyy[, HH:MM[ – HH:MM] Uhr]"].fullmatch(text):
        d = dt.date(int(m[3]), int(m[2]), int(m[1]))
        _check_times(m.groups()[3:])
        return d, d
    if m := DATE_PATTERNS["dd.mm.yyyy – dd.mm.yyyy"].fullmatch(text):
        a = dt.date(int(m[3]), int(m[2]), int(m[1]))
        b = dt.date(int(m[6]), int(m[5]), int(m[4]))
        if b <= a:
            raise ValueError(f"range ends before it starts: {text!r}")
        return a, b
    if m := DATE_PATTERNS["[Weekday, ]d. Monat yyyy[, HH:MM[ – HH:MM] Uhr]"].fullmatch(text):
        d = dt.date(int(m[4]), MONTHS[m[3]], int(m[2]))
        if m[1] and WEEKDAYS[d.weekday()] != m[1]:
            raise ValueError(f"{text!r}: {d} is a {WEEKDAYS[d.weekday()]}")
        _check_times(m.groups()[4:])
        return d, d
    if m := DATE_PATTERNS["dd.mm.[, dd.mm.] und dd.mm.yyyy, jeweils HH:MM – HH:MM Uhr"].fullmatch(
        text
    ):
        year = int(m[4])
        days = [
            dt.date(year, int(mo), int(da)) for da, mo in re.findall(r"(\d{2})\.(\d{2})\.", m[1])
        ]
        days.append(dt.date(year, int(m[3]), int(m[2])))
        if days != sorted(set(days)):
            raise ValueError(f"sessions not in order: {text!r}")
        _check_times(m.groups()[4:])
        return days[0], days[-1]
    raise ValueError(f"unsupported date format: {text!r}")


def _check_times(groups) -> None:
    vals = [int(g) for g in groups if g is not None]
    times = [vals[i] * 60 + vals[i + 1] for i in range(0, len(vals), 2)]
    for t in times:
        if not 0 <= t < 24 * 60:
            raise ValueError("bad time")
    if len(times) == 2 and times[1] <= times[0]:
        raise ValueError("end time before start time")


PRICE_PATTERNS = [
    re.compile(r"kostenfrei|kostenlos"),
    re.compile(r"\d{1,3}(?:\.\d{3})*,\d{2} €"),
    re.compile(r"EUR \d{1,3}(?:\.\d{3})*,-"),
    re.compile(r"\d+ € zzgl\. MwSt\."),
    re.compile(r"Teilnahmegebühr: \d+ €"),
]
FUNDING_PATTERN = re.compile(r"Zuschuss bis zu \d{1,3} % \(max\. \d{1,3}(?:\.\d{3})* Euro\)")
PLACE_PATTERN = re.compile(
    r"online|Online \(Zoom\)|Landkreis [A-ZÄÖÜ][\wäöüß-]+|[A-ZÄÖÜ][\wäöüß-]+"
    r"|[^,]+(?:, [^,]+)*, \d{5} [A-ZÄÖÜ][\wäöüß-]+"
)
MODES = {"Präsenz", "vor Ort", "Online-Seminar", "Webinar", "hybrid"}
AUDIENCES = {
    "KMU",
    "Beschäftigte",
    "Führungskräfte",
    "Betriebsräte",
    "Auszubildende",
    "Arbeitsuchende",
    "Gründerinnen und Gründer",
}


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    return xml_text(text).replace('"', "&quot;")


def strip_malicious(desc: str) -> str:
    """The harmless version of a description, for our own JS-free HTML pages."""
    desc = re.sub(r"<script\b.*?</script>", "", desc, flags=re.S)
    return re.sub(r'\s+on\w+="[^"]*"', "", desc)


def first_sentence(desc: str) -> str:
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", desc))).strip()
    m = re.match(r"(.+?[.?!:])(?: |$)", text)
    return m[1] if m else text


def berlin(y, mo, d, h, mi) -> dt.datetime:
    """A local time in Germany in 2026 (DST from 29 March to 25 October 2026)."""
    naive = dt.datetime(y, mo, d, h, mi)
    summer = dt.datetime(2026, 3, 29, 2) <= naive < dt.datetime(2026, 10, 25, 3)
    return naive.replace(tzinfo=dt.timezone(dt.timedelta(hours=2 if summer else 1)))


def rfc3339(d: dt.datetime) -> str:
    return d.isoformat(timespec="seconds")


def atom_id(slug: str) -> str:
    return "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"https://ruhr-hub.example/angebote/{slug}")
    )


def facts(it: dict) -> list[tuple[str, str]]:
    """The labelled facts of a listing in the order the partners print them."""
    rows = []
    if it["kind"] == "funding":
        rows.append(("Antragsfrist", it["frist"]))
    elif "termin" in it:
        rows.append(("Termin", it["termin"]))
    rows.append(("Ort", it["ort"]))
    if it.get("format"):
        rows.append(("Format", it["format"]))
    if it["kind"] == "funding":
        rows.append(("Förderung", it["foerderung"]))
    elif "kosten" in it:
        rows.append(("Kosten", it["kosten"]))
    rows.append(("Zielgruppe", it["zielgruppe"]))
    return rows


def facts_html(it: dict) -> str:
    return "".join(f"<p><strong>{label}:</strong> {esc(value)}</p>" for label, value in facts(it))


def write(rel: str, text: str) -> None:
    path = SITES / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text, encoding="utf-8", newline="\n")


FICTION_NOTE = (
    "Fiktives Demo-Angebot des Projekts regiohub – alle Organisationen, Personen "
    "und Adressen sind erfunden."
)

# --------------------------------------------------------------------------------------
# Zukunftszentrum Sachsen – page layout
# --------------------------------------------------------------------------------------

ZZ_ROOT = "/zukunftszentrum-sachsen"


def zz_page(title: str, body: str, canonical: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} – Zukunftszentrum Sachsen</title>
<link rel="canonical" href="{{{{BASE}}}}{canonical}">
<link rel="stylesheet" href="{ZZ_ROOT}/css/zz.css">
<link rel="alternate" type="application/rss+xml" title="Veranstaltungen und Weiterbildungen" href="{{{{BASE}}}}{ZZ_ROOT}/feed.xml">
</head>
<body>
<header class="kopf">
  <a class="logo" href="{ZZ_ROOT}/">Zukunftszentrum Sachsen</a>
  <p class="claim">Regionales Zukunftszentrum für Leipzig, Dresden und Chemnitz</p>
  <nav class="hauptnavigation" aria-label="Hauptnavigation">
    <ul>
      <li><a href="{ZZ_ROOT}/index.html">Start</a></li>
      <li><a href="{ZZ_ROOT}/angebote/index.html">Förderung &amp; Beratung</a></li>
      <li><a href="{ZZ_ROOT}/veranstaltungen/index.html">Veranstaltungen</a></li>
      <li><a href="{ZZ_ROOT}/feed.xml">RSS-Feed</a></li>
    </ul>
  </nav>
</header>
{body}
<footer class="fuss">
  <p>Zukunftszentrum Sachsen · Petersstraße 12 · 04109 Leipzig · Telefon 0341 555 0190</p>
  <p><a href="{ZZ_ROOT}/impressum.html">Impressum</a> · <a href="{ZZ_ROOT}/impressum.html#barrierefreiheit">Barrierefreiheit</a></p>
  <p class="hinweis">{FICTION_NOTE}</p>
</footer>
</body>
</html>
"""


def zz_web_detail(it: dict) -> str:
    rows = []
    if it["kind"] == "funding":
        rows.append(("Antragsfrist", "frist", it["frist"]))
        rows.append(("Förderung", "foerderung", it["foerderung"]))
        rows.append(("Region", "ort", it["ort"]))
    else:
        rows.append(("Termin", "termin", it["termin"]))
        rows.append(("Ort", "ort", it["ort"]))
        rows.append(("Format", "format", it["format"]))
        rows.append(("Kosten", "kosten", it["kosten"]))
    rows.append(("Zielgruppe", "zielgruppe", it["zielgruppe"]))
    table = "\n".join(
        f'    <tr><th scope="row">{label}</th><td class="{cls}">{esc(value)}</td></tr>'
        for label, cls, value in rows
    )
    tags = "".join(f"<li>{esc(t)}</li>" for t in it["topics"])
    art = KIND_LABEL[it["kind"]]
    contact = (
        "Team Fördermittel, foerderung@zukunftszentrum-sachsen.example"
        if it["kind"] == "funding"
        else "Team Beratung, beratung@zukunftszentrum-sachsen.example"
    )
    body = f"""<main class="angebot" id="inhalt">
  <p class="brotkrumen"><a href="{ZZ_ROOT}/index.html">Start</a> › <a href="{ZZ_ROOT}/angebote/index.html">Förderung &amp; Beratung</a></p>
  <p class="kategorie">Angebotsart: <span class="angebotsart">{art}</span></p>
  <h1 class="titel">{esc(it["title"])}</h1>
  <section class="beschreibung">{it["desc"]}</section>
  <table class="eckdaten">
    <caption>Eckdaten</caption>
{table}
  </table>
  <h2>Schlagworte</h2>
  <ul class="schlagworte">{tags}</ul>
  <aside class="ansprechpartner"><h2>Kontakt</h2><p>{esc(contact)}</p></aside>
</main>"""
    return zz_page(it["title"], body, f"{ZZ_ROOT}/angebote/{it['slug']}.html")


def zz_web_list(page_no: int, items: list[dict], n_pages: int) -> str:
    teasers = "\n".join(
        f"""    <div class="angebot-teaser">
      <span class="teaser-art">{KIND_LABEL[it["kind"]]}</span>
      <h2 class="angebot-titel"><a href="{ZZ_ROOT}/angebote/{it["slug"]}.html">{esc(it["title"])}</a></h2>
      <p class="teaser-text">{esc(first_sentence(it["desc"]))}</p>
    </div>"""
        for it in items
    )
    nav = []
    if page_no > 1:
        prev = "index.html" if page_no == 2 else f"seite-{page_no - 1}.html"
        nav.append(
            f'<a class="vorherige" rel="prev" href="{ZZ_ROOT}/angebote/{prev}">‹ Vorherige Seite</a>'
        )
    nav.append(f'<span class="seitenzahl">Seite {page_no} von {n_pages}</span>')
    if page_no < n_pages:
        nav.append(
            f'<a class="naechste" rel="next" href="{ZZ_ROOT}/angebote/seite-{page_no + 1}.html">Nächste Seite ›</a>'
        )
    this = "index.html" if page_no == 1 else f"seite-{page_no}.html"
    body = f"""<main class="uebersicht" id="inhalt">
  <h1>Förderprogramme und Beratungsangebote</h1>
  <p class="einleitung">Hier finden Sie aktuelle Förderprogramme für Unternehmen in Sachsen und unsere kostenfreien Beratungsangebote rund um Digitalisierung, Weiterbildung und gute Arbeit.</p>
  <div class="angebotsliste">
{teasers}
  </div>
  <nav class="seitennavigation" aria-label="Seiten">
    {" ".join(nav)}
  </nav>
</main>"""
    return zz_page("Förderung und Beratung", body, f"{ZZ_ROOT}/angebote/{this}")


def zz_event_page(it: dict) -> str:
    rows = "\n".join(
        f'    <tr><th scope="row">{label}</th><td>{esc(value)}</td></tr>'
        for label, value in facts(it)
    )
    body = f"""<main class="veranstaltung" id="inhalt">
  <p class="brotkrumen"><a href="{ZZ_ROOT}/index.html">Start</a> › <a href="{ZZ_ROOT}/veranstaltungen/index.html">Veranstaltungen</a></p>
  <p class="kategorie">{KIND_LABEL[it["kind"]]}</p>
  <h1 class="titel">{esc(it["title"])}</h1>
  <section class="beschreibung">{strip_malicious(it["desc"])}</section>
  <table class="eckdaten">
{rows}
  </table>
  <p><a class="anmeldung" href="mailto:veranstaltungen@zukunftszentrum-sachsen.example">Jetzt anmelden</a></p>
</main>"""
    return zz_page(it["title"], body, f"{ZZ_ROOT}/veranstaltungen/{it['slug']}.html")


def zz_event_index(items: list[dict]) -> str:
    lis = "\n".join(
        f'    <li><a href="{ZZ_ROOT}/veranstaltungen/{it["slug"]}.html">{esc(it["title"])}</a> – {esc(it["termin"])}</li>'
        for it in items
    )
    body = f"""<main class="uebersicht" id="inhalt">
  <h1>Veranstaltungen und Weiterbildungen</h1>
  <p>Alle Termine gibt es auch als <a href="{ZZ_ROOT}/feed.xml">RSS-Feed</a>.</p>
  <ul class="terminliste">
{lis}
  </ul>
</main>"""
    return zz_page("Veranstaltungen", body, f"{ZZ_ROOT}/veranstaltungen/index.html")


def zz_home() -> str:
    body = f"""<main class="startseite" id="inhalt">
  <h1>Willkommen beim Zukunftszentrum Sachsen</h1>
  <p>Wir begleiten kleine und mittlere Unternehmen, Beschäftigte und Betriebsräte in Sachsen durch den digitalen und ökologischen Wandel – mit Weiterbildung, Beratung und Vernetzung an unseren Standorten in Leipzig, Dresden und Chemnitz.</p>
  <ul class="einstiege">
    <li><a href="{ZZ_ROOT}/angebote/index.html">Förderprogramme und Beratung</a></li>
    <li><a href="{ZZ_ROOT}/veranstaltungen/index.html">Veranstaltungen und Weiterbildungen</a></li>
    <li><a href="{ZZ_ROOT}/feed.xml">Termine als RSS-Feed abonnieren</a></li>
  </ul>
</main>"""
    return zz_page("Start", body, f"{ZZ_ROOT}/")


def zz_impressum() -> str:
    body = f"""<main class="impressum" id="inhalt">
  <h1>Impressum</h1>
  <p>Zukunftszentrum Sachsen (fiktiv)<br>Petersstraße 12<br>04109 Leipzig</p>
  <p>Telefon: 0341 555 0190<br>E-Mail: info@zukunftszentrum-sachsen.example</p>
  <p>Vertreten durch: Dr. Henrike Voigtländer (Projektleitung)</p>
  <h2 id="barrierefreiheit">Barrierefreiheit</h2>
  <p>Wir bemühen uns, diese Website barrierearm zu gestalten. Hinweise nehmen wir gern per E-Mail entgegen.</p>
  <h2>Hinweis</h2>
  <p>{FICTION_NOTE} Die Inhalte dienen ausschließlich der Demonstration und stehen unter der EUPL-1.2.</p>
</main>"""
    return zz_page("Impressum", body, f"{ZZ_ROOT}/impressum.html")


ZZ_CSS = """body{font-family:"Source Sans 3",Arial,sans-serif;margin:0;color:#1d2b36}
.kopf{background:#00594f;color:#fff;padding:1rem 2rem}.kopf a{color:#fff}
.hauptnavigation ul{list-style:none;display:flex;gap:1.5rem;padding:0}
main{max-width:60rem;margin:2rem auto;padding:0 1rem}
.angebotsart,.teaser-art{background:#e3f1ee;padding:.1rem .5rem;border-radius:.25rem}
.eckdaten th{text-align:left;padding-right:1rem}
.fuss{border-top:1px solid #ccc;padding:1rem 2rem;font-size:.9rem}
"""

# --------------------------------------------------------------------------------------
# RSS feed (Zukunftszentrum Sachsen)
# --------------------------------------------------------------------------------------


def zz_rss() -> str:
    items = []
    for it in ZZ_FEED:
        cats = [KIND_LABEL[it["kind"]], *it["topics"]]
        cat_xml = "\n      ".join(f"<category>{xml_text(c)}</category>" for c in cats)
        description = it["desc"] + facts_html(it)
        assert "]]>" not in description
        items.append(f"""    <item>
      <title>{xml_text(it["title"])}</title>
      <link>{{{{BASE}}}}{ZZ_ROOT}/veranstaltungen/{it["slug"]}.html</link>
      <guid isPermaLink="false">{it["key"]}</guid>
      <pubDate>{format_datetime(berlin(*it["pub"]))}</pubDate>
      {cat_xml}
      <description><![CDATA[{description}]]></description>
    </item>""")
    build = format_datetime(berlin(2026, 11, 20, 12, 5))
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Zukunftszentrum Sachsen – Veranstaltungen und Weiterbildungen</title>
    <link>{{{{BASE}}}}{ZZ_ROOT}/</link>
    <atom:link href="{{{{BASE}}}}{ZZ_ROOT}/feed.xml" rel="self" type="application/rss+xml"/>
    <description>Termine des Regionalen Zukunftszentrums Sachsen in Leipzig, Dresden und Chemnitz (fiktives Demo-Angebot)</description>
    <language>de-de</language>
    <copyright>Inhalte für regiohub erstellt, EUPL-1.2</copyright>
    <lastBuildDate>{build}</lastBuildDate>
    <ttl>360</ttl>
{chr(10).join(items)}
  </channel>
</rss>
"""


# --------------------------------------------------------------------------------------
# Zukunfts-HUB Ruhr – Atom feed, pages, good-practice stories
# --------------------------------------------------------------------------------------

RUHR_ROOT = "/ruhr-hub"


def ruhr_atom() -> str:
    entries = []
    for n, it in enumerate(RUHR_ATOM):
        cats = [KIND_LABEL[it["kind"]], *it["topics"]]
        cat_xml = "\n    ".join(f'<category term="{xml_attr(c)}"/>' for c in cats)
        body = xml_text(it["desc"] + facts_html(it))
        # Most entries carry <content>; every fourth only a <summary> (both are type="html").
        element = "summary" if n % 4 == 3 else "content"
        published = berlin(*it["pub"])
        updated = published + dt.timedelta(days=2, hours=3) if n % 3 == 0 else published
        entries.append(f"""  <entry>
    <title type="text">{xml_text(it["title"])}</title>
    <link rel="alternate" type="text/html" href="{{{{BASE}}}}{RUHR_ROOT}/angebote/{it["slug"]}.html"/>
    <id>{atom_id(it["slug"])}</id>
    <published>{rfc3339(published)}</published>
    <updated>{rfc3339(updated)}</updated>
    {cat_xml}
    <{element} type="html">{body}</{element}>
  </entry>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title>Zukunfts-HUB Ruhr – Termine und Angebote</title>
  <subtitle>Veranstaltungen, Weiterbildungen und Beratung für KMU in Essen, Dortmund, Bochum, Duisburg und Gelsenkirchen (fiktives Demo-Angebot)</subtitle>
  <link rel="self" type="application/atom+xml" href="{{{{BASE}}}}{RUHR_ROOT}/atom.xml"/>
  <link rel="alternate" type="text/html" href="{{{{BASE}}}}{RUHR_ROOT}/"/>
  <id>urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, "https://ruhr-hub.example/atom.xml")}</id>
  <updated>{rfc3339(berlin(2026, 11, 20, 16, 0))}</updated>
  <author><name>Zukunfts-HUB Ruhr</name><email>redaktion@ruhr-hub.example</email></author>
  <rights>Inhalte für regiohub erstellt, EUPL-1.2</rights>
  <generator>regiohub demo/generate.py</generator>
{chr(10).join(entries)}
</feed>
"""


def ruhr_page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | Zukunfts-HUB Ruhr</title>
<link rel="stylesheet" href="{RUHR_ROOT}/assets/hub.css">
<link rel="alternate" type="application/atom+xml" title="Termine und Angebote" href="{{{{BASE}}}}{RUHR_ROOT}/atom.xml">
</head>
<body class="hub">
<div class="page">
<header class="site-header">
  <a class="brand" href="{{{{BASE}}}}{RUHR_ROOT}/">Zukunfts-HUB <b>Ruhr</b></a>
  <nav class="main-nav">
    <a href="{{{{BASE}}}}{RUHR_ROOT}/index.html">Start</a>
    <a href="{{{{BASE}}}}{RUHR_ROOT}/angebote/index.html">Termine</a>
    <a href="{{{{BASE}}}}{RUHR_ROOT}/praxisbeispiele/index.html">Praxisbeispiele</a>
    <a href="{{{{BASE}}}}{RUHR_ROOT}/atom.xml">Atom-Feed</a>
  </nav>
</header>
{body}
<footer class="site-footer">
  <span>Zukunfts-HUB Ruhr · Kettwiger Straße 20 · 45127 Essen</span>
  <a href="{{{{BASE}}}}{RUHR_ROOT}/impressum.html">Impressum</a>
  <small class="fiction">{FICTION_NOTE}</small>
</footer>
</div>
</body>
</html>
"""


def ruhr_offer_page(it: dict) -> str:
    rows = "\n".join(
        f'      <li><span class="label">{label}</span> {esc(value)}</li>'
        for label, value in facts(it)
    )
    tags = " ".join(f'<span class="tag">{esc(t)}</span>' for t in it["topics"])
    body = f"""<main class="content offer">
  <div class="offer-type">{KIND_LABEL[it["kind"]]}</div>
  <h1 class="offer-title">{esc(it["title"])}</h1>
  <div class="offer-body">{it["desc"]}</div>
  <ul class="offer-facts">
{rows}
  </ul>
  <div class="offer-tags">{tags}</div>
</main>"""
    return ruhr_page(it["title"], body)


def ruhr_offer_index() -> str:
    cards = "\n".join(
        f'  <li><a href="{{{{BASE}}}}{RUHR_ROOT}/angebote/{it["slug"]}.html">{esc(it["title"])}</a> '
        f'<span class="when">{esc(it.get("termin") or "Antragsfrist " + it.get("frist", ""))}</span></li>'
        for it in RUHR_ATOM
        if not it["broken"]
    )
    body = f"""<main class="content">
  <h1>Termine und Angebote</h1>
  <p>Unsere Veranstaltungen, Weiterbildungen und Beratungsangebote gibt es auch als <a href="{{{{BASE}}}}{RUHR_ROOT}/atom.xml">Atom-Feed</a>.</p>
  <ul class="offer-list">
{cards}
  </ul>
</main>"""
    return ruhr_page("Termine und Angebote", body)


def ruhr_praxis_detail(it: dict) -> str:
    tags = " ".join(f'<span class="pb-tag">{esc(t)}</span>' for t in it["topics"])
    body = f"""<main class="content">
  <article class="praxisbeispiel">
    <header>
      <p class="pb-rubrik">Praxisbeispiel</p>
      <h1 class="pb-titel">{esc(it["title"])}</h1>
    </header>
    <div class="pb-story">{it["desc"]}</div>
    <ul class="pb-fakten">
      <li>Standort: <span class="pb-ort">{esc(it["ort"])}</span></li>
      <li>Branche: <span class="pb-branche">{esc(it["branche"])}</span></li>
      <li>Beschäftigte: <span class="pb-groesse">{it["mitarbeitende"]}</span></li>
      <li>Zielgruppe: <span class="pb-zielgruppe">{esc(it["zielgruppe"])}</span></li>
    </ul>
    <p class="pb-tags">Themen: {tags}</p>
    <p class="pb-zurueck"><a href="{{{{BASE}}}}{RUHR_ROOT}/praxisbeispiele/index.html">Alle Praxisbeispiele</a></p>
  </article>
</main>"""
    return ruhr_page(it["title"], body)


def ruhr_praxis_list() -> str:
    cards = "\n".join(
        f"""    <article class="beispiel-karte">
      <h2><a class="beispiel-link" href="{{{{BASE}}}}{RUHR_ROOT}/praxisbeispiele/{it["slug"]}.html">{esc(it["title"])}</a></h2>
      <p>{esc(first_sentence(it["desc"]))}</p>
    </article>"""
        for it in RUHR_PRAXIS
    )
    body = f"""<main class="content">
  <h1>Praxisbeispiele aus dem Revier</h1>
  <p class="intro">So gehen Betriebe im Ruhrgebiet die Digitalisierung an: sechs Geschichten von kleinen und mittleren Unternehmen, die der Zukunfts-HUB Ruhr begleitet hat.</p>
  <section class="beispiele">
{cards}
  </section>
</main>"""
    return ruhr_page("Praxisbeispiele", body)


def ruhr_home() -> str:
    body = f"""<main class="content">
  <h1>Zukunfts-HUB Ruhr</h1>
  <p class="intro">Der Zukunfts-HUB Ruhr unterstützt kleine und mittlere Unternehmen in Essen, Dortmund, Bochum, Duisburg und Gelsenkirchen bei Digitalisierung, Weiterbildung und Fachkräftesicherung.</p>
  <ul>
    <li><a href="{{{{BASE}}}}{RUHR_ROOT}/angebote/index.html">Termine und Angebote</a> (auch als <a href="{{{{BASE}}}}{RUHR_ROOT}/atom.xml">Atom-Feed</a>)</li>
    <li><a href="{{{{BASE}}}}{RUHR_ROOT}/praxisbeispiele/index.html">Praxisbeispiele</a></li>
  </ul>
</main>"""
    return ruhr_page("Start", body)


def ruhr_impressum() -> str:
    body = f"""<main class="content">
  <h1>Impressum</h1>
  <p>Zukunfts-HUB Ruhr (fiktiv)<br>Kettwiger Straße 20<br>45127 Essen</p>
  <p>Telefon: 0201 555 0470<br>E-Mail: kontakt@ruhr-hub.example</p>
  <p>Verantwortlich für den Inhalt: Murat Özdemir, Koordination</p>
  <p>{FICTION_NOTE} Die Inhalte dienen ausschließlich der Demonstration und stehen unter der EUPL-1.2.</p>
</main>"""
    return ruhr_page("Impressum", body)


RUHR_CSS = """body.hub{font-family:Inter,Helvetica,sans-serif;background:#f6f6f4;margin:0}
.page{max-width:64rem;margin:0 auto;background:#fff}
.site-header{display:flex;justify-content:space-between;padding:1rem;background:#ffcc00}
.main-nav a{margin-left:1rem;color:#111}
.content{padding:1.5rem}
.offer-type,.pb-rubrik{text-transform:uppercase;font-size:.8rem;color:#666}
.tag,.pb-tag{display:inline-block;background:#eee;padding:0 .4rem;margin-right:.3rem}
.site-footer{padding:1rem;background:#222;color:#ddd}.site-footer a{color:#fff}
"""

# --------------------------------------------------------------------------------------
# Weiterbildungsportal Erzgebirge
# --------------------------------------------------------------------------------------

ERZ_ROOT = "/erzgebirge"


def erz_page(title: str, body: str, depth: int) -> str:
    """depth: directories below /erzgebirge/ (0 for /erzgebirge/x.html, 1 for kurse/...)."""
    up = "../" * depth
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} · Weiterbildungsportal Erzgebirge</title>
<link rel="stylesheet" href="{up}stil/portal.css">
</head>
<body>
<header class="portal-kopf">
  <div class="portal-name"><a href="{up}index.html">Weiterbildungsportal Erzgebirge</a></div>
  <p class="portal-slogan">Kurse finden. Fachkräfte stärken. Zwischen Annaberg-Buchholz, Aue, Marienberg, Chemnitz, Zwickau und Freiberg.</p>
  <ul class="portal-menue">
    <li><a href="{up}index.html">Startseite</a></li>
    <li><a href="{up}kurse/index.html">Kurssuche</a></li>
    <li><a href="{up}anbieter.html">Für Bildungsanbieter</a></li>
    <li><a href="{up}impressum.html">Impressum</a></li>
  </ul>
</header>
{body}
<footer class="portal-fuss">
  <p>Weiterbildungsportal Erzgebirge · Buchholzer Straße 4 · 09456 Annaberg-Buchholz</p>
  <p><a href="{up}impressum.html">Impressum</a> | <a href="{up}anbieter.html">Kurs melden</a></p>
  <p class="fiktion">{FICTION_NOTE}</p>
</footer>
</body>
</html>
"""


def erz_detail(it: dict, depth: int = 1) -> str:
    themen = " ".join(f'<span class="thema">{esc(t)}</span>' for t in it["topics"])
    body = f"""<main id="inhalt">
<p class="pfad"><a href="../kurse/index.html">Kurssuche</a> › Kursdetails</p>
<article class="kurs">
  <h1 class="kurs-titel">{esc(it["title"])}</h1>
  <div class="kurs-text">{it["desc"]}</div>
  <dl class="kurs-daten">
    <dt>Termin</dt><dd class="termin">{esc(it["termin"])}</dd>
    <dt>Ort</dt><dd class="ort">{esc(it["ort"])}</dd>
    <dt>Format</dt><dd class="format">{esc(it["format"])}</dd>
    <dt>Kosten</dt><dd class="kosten">{esc(it["kosten"])}</dd>
    <dt>Zielgruppe</dt><dd class="zielgruppe">{esc(it["zielgruppe"])}</dd>
    <dt>Themen</dt><dd class="themen">{themen}</dd>
    <dt>Anbieter</dt><dd class="anbieter">{esc(it["anbieter"])}</dd>
  </dl>
  <p class="kurs-anfrage"><a href="mailto:kurse@weiterbildung-erzgebirge.example?subject={attr(it["slug"])}">Unverbindlich anfragen</a></p>
</article>
</main>"""
    return erz_page(it["title"] or it.get("teaser", "Kurs"), body, depth)


def erz_list(page_no: int, items: list[dict], n_pages: int, total: int) -> str:
    def entry(it: dict, href: str) -> str:
        label = it.get("teaser") or it["title"]
        return (
            f'  <li class="kurs-eintrag"><a class="kurs-link" href="{href}">{esc(label)}</a>'
            f' <span class="kurs-meta">{esc(it["termin"])} · {esc(it["ort"])} · '
            f"{esc(it['anbieter'])}</span></li>"
        )

    lines = [entry(it, f"{it['slug']}.html") for it in items]
    if page_no == 1:
        # a CMS slip: an internal page in the public list (robots.txt disallows it)
        lines.insert(4, entry(ERZ_INTERN, "../intern/geheim.html"))
    pager = []
    if page_no > 1:
        prev = "index.html" if page_no == 2 else f"seite-{page_no - 1}.html"
        pager.append(f'<a class="zurueck" href="{prev}">« zurück</a>')
    for n in range(1, n_pages + 1):
        target = "index.html" if n == 1 else f"seite-{n}.html"
        pager.append(
            f'<span class="aktuell">{n}</span>'
            if n == page_no
            else f'<a class="seitenzahl" href="{target}">{n}</a>'
        )
    if page_no < n_pages:
        pager.append(f'<a class="weiter" href="seite-{page_no + 1}.html">weiter »</a>')
    teaser = ""
    if page_no == 1:
        teaser = (
            '<aside class="kurs-des-monats"><h2>Kurs des Monats</h2>'
            '<a class="teaser-link" href="excel-fuer-einsteiger.html">Excel für Einsteiger</a>'
            "</aside>\n"
        )
    body = f"""<main id="inhalt">
<h1>Kursangebote im Erzgebirge</h1>
<p class="treffer">{total} Kurse gefunden – Seite {page_no} von {n_pages}</p>
{teaser}<ul class="kursliste">
{chr(10).join(lines)}
</ul>
<nav class="blaettern" aria-label="Seiten">{" ".join(pager)}</nav>
</main>"""
    return erz_page(f"Kurssuche – Seite {page_no}", body, 1)


def erz_home() -> str:
    body = """<main id="inhalt">
<h1>Weiterbildung im Erzgebirge</h1>
<p>Das Weiterbildungsportal Erzgebirge bringt Betriebe und Bildungsanbieter der Region zusammen. Finden Sie passende Kurse für Ihre Beschäftigten – von Office-Anwendungen über IT-Sicherheit bis zur Führung auf Distanz.</p>
<p><a href="kurse/index.html">Zur Kurssuche</a></p>
</main>"""
    return erz_page("Startseite", body, 0)


def erz_anbieter() -> str:
    providers = "".join(f"<li>{esc(p)}</li>" for p in [BWO, TAW, LWF, DSZ, KFC, WZM])
    body = f"""<main id="inhalt">
<h1>Für Bildungsanbieter</h1>
<p>Sie bieten Weiterbildungen im Erzgebirge oder in Südwestsachsen an? Melden Sie Ihre Kurse kostenfrei über kurse@weiterbildung-erzgebirge.example.</p>
<h2>Unsere Partner</h2>
<ul class="anbieterliste">{providers}</ul>
</main>"""
    return erz_page("Für Bildungsanbieter", body, 0)


def erz_impressum() -> str:
    body = f"""<main id="inhalt">
<h1>Impressum</h1>
<p>Weiterbildungsportal Erzgebirge (fiktiv)<br>c/o Bildungswerk Obererzgebirge e. V.<br>Buchholzer Straße 4<br>09456 Annaberg-Buchholz</p>
<p>Telefon: 03733 555 012<br>E-Mail: kurse@weiterbildung-erzgebirge.example</p>
<p>Vertretungsberechtigter Vorstand: Uwe Schreckenbach</p>
<p>{FICTION_NOTE} Die Inhalte dienen ausschließlich der Demonstration und stehen unter der EUPL-1.2.</p>
</main>"""
    return erz_page("Impressum", body, 0)


ERZ_CSS = """body{font-family:Georgia,serif;margin:0;background:#fbfaf7}
.portal-kopf{background:#3d4f2f;color:#fff;padding:1rem}.portal-kopf a{color:#fff}
.portal-menue{list-style:none;padding:0;display:flex;gap:1rem}
#inhalt{max-width:56rem;margin:1rem auto;padding:0 1rem}
.kursliste{list-style:none;padding:0}.kurs-eintrag{padding:.5rem 0;border-bottom:1px dotted #999}
.kurs-meta{display:block;font-size:.85rem;color:#555}
.kurs-daten dt{font-weight:bold}.thema{background:#e8eddf;padding:0 .3rem;margin-right:.2rem}
.portal-fuss{background:#eee;padding:1rem;font-size:.85rem}
"""

# --------------------------------------------------------------------------------------
# Root files
# --------------------------------------------------------------------------------------

ROBOTS = """# robots.txt der regiohub-Demo
# Alles darf gelesen werden, außer interne Seiten.
User-agent: *
Disallow: /intern/
Disallow: /erzgebirge/intern/
Allow: /
"""


def root_index() -> str:
    return """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>regiohub – Demo-Partner</title>
</head>
<body>
<h1>regiohub – fiktive Demo-Partner</h1>
<p>Diese Websites und Feeds sind erfunden und dienen nur der Demonstration von regiohub.</p>
<ul>
  <li><a href="{{BASE}}/zukunftszentrum-sachsen/">Zukunftszentrum Sachsen</a> – <a href="{{BASE}}/zukunftszentrum-sachsen/feed.xml">RSS-Feed</a>, <a href="{{BASE}}/zukunftszentrum-sachsen/angebote/index.html">Förderung &amp; Beratung</a></li>
  <li><a href="{{BASE}}/ruhr-hub/">Zukunfts-HUB Ruhr</a> – <a href="{{BASE}}/ruhr-hub/atom.xml">Atom-Feed</a>, <a href="{{BASE}}/ruhr-hub/praxisbeispiele/index.html">Praxisbeispiele</a></li>
  <li><a href="{{BASE}}/erzgebirge/">Weiterbildungsportal Erzgebirge</a> – <a href="{{BASE}}/erzgebirge/kurse/index.html">Kurssuche</a></li>
</ul>
</body>
</html>
"""


# --------------------------------------------------------------------------------------
# Checks and expected.json
# --------------------------------------------------------------------------------------


def check_listing(it: dict, where: str) -> tuple[dt.date | None, dt.date | None]:
    """Assert a valid listing uses only the supported formats; return its date span."""
    assert it["title"].strip(), where
    assert len(set(it["topics"])) == len(it["topics"]), where
    assert not set(it["topics"]) & set(KIND_LABEL.values()), (where, "topic equals a kind label")
    assert "<script" not in strip_malicious(it["desc"]), where
    if it["kind"] == "good_practice":
        return None, None
    date_text = it["frist"] if it["kind"] == "funding" else it["termin"]
    if it["kind"] != "funding":
        assert date_text != "laufend" and not date_text.startswith("Antragsfrist"), where
    span = parse_date(date_text)
    if span:
        assert VALID_FROM <= span[0] <= span[1] <= VALID_TO, (where, span)
    if it["kind"] == "funding":
        assert FUNDING_PATTERN.fullmatch(it["foerderung"]), where
        assert not it.get("format"), where
    else:
        assert any(p.fullmatch(it["kosten"]) for p in PRICE_PATTERNS), (where, it["kosten"])
        assert it["format"] in MODES, where
    assert PLACE_PATTERN.fullmatch(it["ort"]), (where, it["ort"])
    assert set(it["zielgruppe"].split(", ")) <= AUDIENCES, where
    return span or (None, None)


def listing_entry(source_id: str, key: str, it: dict, url_path: str) -> dict:
    first, last = check_listing(it, f"{source_id}:{key}")
    entry = {"key": key, "title": it["title"], "kind": it["kind"], "url_path": url_path}
    if it["kind"] == "funding":
        entry["deadline"] = it["frist"]
        entry["funding"] = it["foerderung"]
    elif it["kind"] != "good_practice":
        entry["date"] = it["termin"]
        entry["price"] = it["kosten"]
        entry["mode"] = it["format"]
    entry["date_first"] = first.isoformat() if first else None
    entry["date_last"] = last.isoformat() if last else None
    entry["place"] = it["ort"]
    entry["audience"] = it["zielgruppe"]
    entry["topics"] = it["topics"]
    return entry


def check_broken(it: dict) -> None:
    if it["broken"]["field"] == "title":
        assert it["title"] == ""
        parse_date(it["termin"])  # everything else is fine
    else:
        try:
            parse_date(it["termin"])
        except ValueError:
            return
        raise AssertionError(f"broken date parses: {it['termin']}")


def build_expected() -> dict:
    sources: dict[str, dict] = {}

    def add(
        source_id: str, type_: str, fmt: str, entry_url: str, rows: list[tuple[str, dict, str]]
    ):
        listings, broken = [], []
        for key, it, url_path in rows:
            if it["broken"]:
                check_broken(it)
                broken.append({"key": key, "url_path": url_path, **it["broken"]})
            else:
                listings.append(listing_entry(source_id, key, it, url_path))
        kinds: dict[str, int] = {}
        for e in listings:
            kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
        ds = [e["title"] for e in listings if re.search(r"datenschutz", e["title"], re.I)]
        ds_word = [e["title"] for e in listings if re.search(r"\bDatenschutz\b", e["title"])]
        assert ds == ds_word, "keep 'Datenschutz' a separate word in titles"
        valid_rows = [(key, it) for key, it, _ in rows if not it["broken"]]
        anywhere = [
            key
            for key, it in valid_rows
            if re.search(r"datenschutz", it["title"] + " " + strip_malicious(it["desc"]), re.I)
        ]
        sources[source_id] = {
            "type": type_,
            "format": fmt,
            "entry_url_path": entry_url,
            "valid": len(listings),
            "broken": len(broken),
            "kinds": kinds,
            "broken_records": broken,
            "datenschutz_titles": ds,
            "datenschutz_anywhere_keys": anywhere,
            "listings": listings,
        }

    add(
        "zz-sachsen-feed",
        "feed",
        "rss2",
        f"{ZZ_ROOT}/feed.xml",
        [(it["key"], it, f"{ZZ_ROOT}/veranstaltungen/{it['slug']}.html") for it in ZZ_FEED],
    )
    add(
        "zz-sachsen-web",
        "html",
        "html",
        f"{ZZ_ROOT}/angebote/index.html",
        [
            (f"{ZZ_ROOT}/angebote/{it['slug']}.html", it, f"{ZZ_ROOT}/angebote/{it['slug']}.html")
            for it in ZZ_WEB
        ],
    )
    add(
        "ruhr-hub-atom",
        "feed",
        "atom",
        f"{RUHR_ROOT}/atom.xml",
        [(atom_id(it["slug"]), it, f"{RUHR_ROOT}/angebote/{it['slug']}.html") for it in RUHR_ATOM],
    )
    add(
        "erzgebirge-kurse",
        "html",
        "html",
        f"{ERZ_ROOT}/kurse/index.html",
        [
            (f"{ERZ_ROOT}/kurse/{it['slug']}.html", it, f"{ERZ_ROOT}/kurse/{it['slug']}.html")
            for it in ERZ_KURSE
        ],
    )
    add(
        "ruhr-hub-praxis",
        "html",
        "html",
        f"{RUHR_ROOT}/praxisbeispiele/index.html",
        [
            (
                f"{RUHR_ROOT}/praxisbeispiele/{it['slug']}.html",
                it,
                f"{RUHR_ROOT}/praxisbeispiele/{it['slug']}.html",
            )
            for it in RUHR_PRAXIS
        ],
    )

    totals = {"valid": 0, "broken": 0, "kinds": {}}
    for s in sources.values():
        totals["valid"] += s["valid"]
        totals["broken"] += s["broken"]
        for k, n in s["kinds"].items():
            totals["kinds"][k] = totals["kinds"].get(k, 0) + n
    totals["kinds"] = dict(sorted(totals["kinds"].items()))
    assert totals["valid"] - totals["kinds"].get("good_practice", 0) >= 64
    assert all(totals["kinds"][k] >= 8 for k in ("course", "funding", "advice", "event"))

    mal = [it for it in ZZ_FEED if it.get("malicious")]
    assert len(mal) == 1
    all_ds = [t for s in sources.values() for t in s["datenschutz_titles"]]
    for sid in ("zz-sachsen-feed", "ruhr-hub-atom", "erzgebirge-kurse"):
        assert sources[sid]["datenschutz_titles"], sid

    return {
        "_about": (
            "Facts about the fictional demo partners in demo/sites/, generated by "
            "demo/generate.py. Keys: feeds use the guid/id, HTML sources the detail URL "
            "path (append it to the server's base URL). 'date_first'/'date_last' are the "
            "first and last calendar day the date string names (for funding: the "
            "deadline; null for 'laufend'). 'datenschutz_titles': titles containing the "
            "word Datenschutz; 'datenschutz_anywhere_keys': valid listings whose title or "
            "description contains the letters 'datenschutz' (any case, also inside "
            "compounds such as 'datenschutzkonform')."
        ),
        "reference_date": TODAY.isoformat(),
        "base_placeholder": "{{BASE}}",
        "totals": totals,
        "datenschutz_titles": all_ds,
        "malicious_html": [
            {
                "source": "zz-sachsen-feed",
                "key": mal[0]["key"],
                "title": mal[0]["title"],
                "contains": ["<script>alert(1)</script>", 'onclick="alert(1)"'],
                "must_not_contain_after_sanitising": ["<script", "onclick"],
            }
        ],
        "robots_disallowed": [
            {
                "source": "erzgebirge-kurse",
                "url_path": f"{ERZ_ROOT}/intern/geheim.html",
                "linked_from": f"{ERZ_ROOT}/kurse/index.html",
                "title": ERZ_INTERN["title"],
                "robots_rule": "Disallow: /erzgebirge/intern/",
            }
        ],
        "html_crawl": {
            "zz-sachsen-web": {
                "list_pages": [
                    f"{ZZ_ROOT}/angebote/index.html",
                    f"{ZZ_ROOT}/angebote/seite-2.html",
                ],
                "detail_links": len(ZZ_WEB),
            },
            "erzgebirge-kurse": {
                "list_pages": [
                    f"{ERZ_ROOT}/kurse/index.html",
                    f"{ERZ_ROOT}/kurse/seite-2.html",
                    f"{ERZ_ROOT}/kurse/seite-3.html",
                ],
                "detail_links": len(ERZ_KURSE) + 1,
                "detail_links_note": "valid + broken pages + 1 robots-disallowed link",
            },
            "ruhr-hub-praxis": {
                "list_pages": [f"{RUHR_ROOT}/praxisbeispiele/index.html"],
                "detail_links": len(RUHR_PRAXIS),
            },
        },
        "sources": sources,
    }


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def main() -> None:
    expected = build_expected()  # validates all data first

    if SITES.exists():
        shutil.rmtree(SITES)
    SITES.mkdir(parents=True)

    write("robots.txt", ROBOTS)
    write("index.html", root_index())

    # Zukunftszentrum Sachsen
    write("zukunftszentrum-sachsen/feed.xml", zz_rss())
    write("zukunftszentrum-sachsen/index.html", zz_home())
    write("zukunftszentrum-sachsen/impressum.html", zz_impressum())
    write("zukunftszentrum-sachsen/css/zz.css", ZZ_CSS)
    valid_feed = [it for it in ZZ_FEED if not it["broken"]]
    write("zukunftszentrum-sachsen/veranstaltungen/index.html", zz_event_index(valid_feed))
    for it in valid_feed:
        write(f"zukunftszentrum-sachsen/veranstaltungen/{it['slug']}.html", zz_event_page(it))
    for n, page in enumerate(ZZ_WEB_PAGES, start=1):
        name = "index.html" if n == 1 else f"seite-{n}.html"
        write(f"zukunftszentrum-sachsen/angebote/{name}", zz_web_list(n, page, len(ZZ_WEB_PAGES)))
    for it in ZZ_WEB:
        write(f"zukunftszentrum-sachsen/angebote/{it['slug']}.html", zz_web_detail(it))

    # Zukunfts-HUB Ruhr
    write("ruhr-hub/atom.xml", ruhr_atom())
    write("ruhr-hub/index.html", ruhr_home())
    write("ruhr-hub/impressum.html", ruhr_impressum())
    write("ruhr-hub/assets/hub.css", RUHR_CSS)
    write("ruhr-hub/angebote/index.html", ruhr_offer_index())
    for it in RUHR_ATOM:
        if not it["broken"]:
            write(f"ruhr-hub/angebote/{it['slug']}.html", ruhr_offer_page(it))
    write("ruhr-hub/praxisbeispiele/index.html", ruhr_praxis_list())
    for it in RUHR_PRAXIS:
        write(f"ruhr-hub/praxisbeispiele/{it['slug']}.html", ruhr_praxis_detail(it))

    # Weiterbildungsportal Erzgebirge
    write("erzgebirge/index.html", erz_home())
    write("erzgebirge/impressum.html", erz_impressum())
    write("erzgebirge/anbieter.html", erz_anbieter())
    write("erzgebirge/stil/portal.css", ERZ_CSS)
    total = len(ERZ_KURSE)
    for n, page in enumerate(ERZ_PAGES, start=1):
        name = "index.html" if n == 1 else f"seite-{n}.html"
        write(f"erzgebirge/kurse/{name}", erz_list(n, page, len(ERZ_PAGES), total))
    for it in ERZ_KURSE:
        write(f"erzgebirge/kurse/{it['slug']}.html", erz_detail(it))
    write("erzgebirge/intern/geheim.html", erz_detail(ERZ_INTERN))

    EXPECTED.write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n"
    )
    files = sorted(p for p in SITES.rglob("*") if p.is_file())
    print(
        f"wrote {len(files)} files under {SITES.relative_to(HERE.parent)}/ and "
        f"{EXPECTED.relative_to(HERE.parent)}"
    )
    for sid, s in expected["sources"].items():
        print(f"  {sid:18} valid {s['valid']:2}  broken {s['broken']}  {s['kinds']}")
    print(f"  total valid {expected['totals']['valid']}, broken {expected['totals']['broken']}")


if __name__ == "__main__":
    main()
