"""Hand-written building blocks of the relevance test catalogue: places, partners, phrases.

Written for regiohub (EUPL-1.2). Partners, funders and firms are fictional; cities, postcodes
and coordinates are real places so that geo search can be tried.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    postcode: str
    lat: float
    lon: float
    street: str


@dataclass(frozen=True)
class Land:
    code: str
    name: str
    #: adjective stem as used in programme names ("Sächsischer")
    adj: str
    partners: tuple[str, ...]
    funder: str
    cities: tuple[City, ...]


def _c(name: str, postcode: str, lat: float, lon: float, street: str) -> City:
    return City(name, postcode, lat, lon, street)


LAENDER: tuple[Land, ...] = (
    Land(
        "DE-SN",
        "Sachsen",
        "Sächsischer",
        ("Zukunftszentrum Sachsen", "Weiterbildungsportal Erzgebirge"),
        "Förderlotse Sachsen",
        (
            _c("Leipzig", "04109", 51.340, 12.375, "Markt 5"),
            _c("Dresden", "01067", 51.051, 13.738, "Wilsdruffer Straße 12"),
            _c("Chemnitz", "09111", 50.833, 12.921, "Straße der Nationen 3"),
            _c("Zwickau", "08056", 50.718, 12.496, "Hauptmarkt 7"),
        ),
    ),
    Land(
        "DE-NW",
        "Nordrhein-Westfalen",
        "NRW",
        ("Zukunfts-HUB Ruhr", "Regionalzentrum Ostwestfalen"),
        "Förderlotse NRW",
        (
            _c("Essen", "45127", 51.456, 7.012, "Kettwiger Straße 20"),
            _c("Dortmund", "44135", 51.514, 7.466, "Hansastraße 8"),
            _c("Köln", "50667", 50.938, 6.957, "Hohe Straße 40"),
            _c("Bielefeld", "33602", 52.021, 8.532, "Niederwall 23"),
        ),
    ),
    Land(
        "DE-BY",
        "Bayern",
        "Bayerischer",
        ("Zukunftszentrum Bayern", "Bildungswerk Franken"),
        "Förderlotse Bayern",
        (
            _c("München", "80331", 48.137, 11.575, "Sendlinger Straße 14"),
            _c("Nürnberg", "90402", 49.452, 11.077, "Königstraße 30"),
            _c("Regensburg", "93047", 49.013, 12.101, "Maximilianstraße 9"),
        ),
    ),
    Land(
        "DE-BW",
        "Baden-Württemberg",
        "Baden-Württemberg",
        ("KMU-Hub Baden-Württemberg",),
        "Förderlotse Baden-Württemberg",
        (
            _c("Stuttgart", "70173", 48.778, 9.180, "Königstraße 1"),
            _c("Karlsruhe", "76133", 49.009, 8.404, "Kaiserstraße 60"),
            _c("Freiburg im Breisgau", "79098", 47.995, 7.850, "Bertoldstraße 15"),
        ),
    ),
    Land(
        "DE-NI",
        "Niedersachsen",
        "Niedersächsischer",
        ("Kompetenzzentrum Mittelstand Niedersachsen",),
        "Förderlotse Niedersachsen",
        (
            _c("Hannover", "30159", 52.374, 9.738, "Georgstraße 11"),
            _c("Braunschweig", "38100", 52.264, 10.523, "Bohlweg 2"),
            _c("Osnabrück", "49074", 52.279, 8.047, "Große Straße 50"),
        ),
    ),
    Land(
        "DE-TH",
        "Thüringen",
        "Thüringer",
        ("Zukunftszentrum Thüringen",),
        "Förderlotse Thüringen",
        (
            _c("Erfurt", "99084", 50.978, 11.029, "Anger 18"),
            _c("Jena", "07743", 50.927, 11.586, "Löbderstraße 4"),
        ),
    ),
    Land(
        "DE-ST",
        "Sachsen-Anhalt",
        "Sachsen-Anhalt",
        ("Regionalzentrum Sachsen-Anhalt",),
        "Förderlotse Sachsen-Anhalt",
        (
            _c("Magdeburg", "39104", 52.131, 11.640, "Breiter Weg 120"),
            _c("Halle (Saale)", "06108", 51.482, 11.970, "Leipziger Straße 33"),
        ),
    ),
    Land(
        "DE-BB",
        "Brandenburg",
        "Brandenburger",
        ("Weiterbildungsverbund Brandenburg",),
        "Förderlotse Brandenburg",
        (
            _c("Potsdam", "14467", 52.396, 13.058, "Brandenburger Straße 28"),
            _c("Cottbus", "03046", 51.757, 14.329, "Spremberger Straße 5"),
        ),
    ),
    Land(
        "DE-HE",
        "Hessen",
        "Hessischer",
        ("KMU-Hub Hessen",),
        "Förderlotse Hessen",
        (
            _c("Frankfurt am Main", "60311", 50.110, 8.682, "Zeil 90"),
            _c("Kassel", "34117", 51.313, 9.479, "Königsplatz 2"),
        ),
    ),
    Land(
        "DE-MV",
        "Mecklenburg-Vorpommern",
        "Mecklenburg-Vorpommern",
        ("Zukunftszentrum Mecklenburg-Vorpommern",),
        "Förderlotse Mecklenburg-Vorpommern",
        (
            _c("Rostock", "18055", 54.089, 12.140, "Kröpeliner Straße 25"),
            _c("Schwerin", "19053", 53.629, 11.413, "Mecklenburgstraße 6"),
        ),
    ),
    Land(
        "DE-BE",
        "Berlin",
        "Berliner",
        ("Zukunftszentrum Berlin",),
        "Förderlotse Berlin",
        (_c("Berlin", "10117", 52.517, 13.389, "Friedrichstraße 100"),),
    ),
    Land(
        "DE-HH",
        "Hamburg",
        "Hamburger",
        ("Weiterbildungsverbund Hamburg",),
        "Förderlotse Hamburg",
        (_c("Hamburg", "20095", 53.551, 9.994, "Mönckebergstraße 7"),),
    ),
)

LAENDER_BY_CODE: dict[str, Land] = {land.code: land for land in LAENDER}
#: nationwide programmes and online offers of the federal level
BUND_PARTNER = "Netzwerk Weiterbildung Deutschland"
BUND_FUNDER = "Bundesstelle für Mittelstandsförderung"
BUND_FUNDING: dict[str, tuple[str, ...]] = {
    "digitalisierung": ("Bundesprogramm Digital Jetzt Mittelstand",),
    "qualifizierung": ("Bundeszuschuss Weiterbildung im Betrieb",),
    "ki": ("Bundesförderung KI-Pilotprojekte",),
    "nachhaltigkeit": ("Bundesförderung Energieeffizienz in der Wirtschaft",),
    "gruendung": ("Bundesgründerprogramm",),
    "innovation": ("Bundesprogramm Innovationsgutschein",),
}

FIRMS: tuple[str, ...] = (
    "Tischlerei Berger",
    "Malerbetrieb Sommer",
    "Bäckerei Lindner",
    "Ingenieurbüro Hartmann",
    "Spedition Kowalski",
    "Metallbau Vogt GmbH",
    "Pflegeteam Sonnenhof",
    "Onlinehändler Kleiderliebe",
    "Druckerei Weiß",
    "Autohaus Brandt",
    "Elektro Schubert KG",
    "Steuerbüro Neumann",
)

AUDIENCE_PHRASES: dict[str, tuple[str, ...]] = {
    "Beschäftigte": (
        "Das Angebot richtet sich an Beschäftigte aller Branchen.",
        "Für Mitarbeitende aus Büro, Verwaltung und Produktion.",
        "Für Mitarbeiterinnen und Mitarbeiter kleiner und mittlerer Unternehmen.",
    ),
    "KMU": (
        "Für kleine und mittlere Unternehmen (KMU).",
        "Zielgruppe sind Inhaberinnen und Inhaber kleiner Betriebe.",
    ),
    "Führungskräfte": (
        "Für Führungskräfte und Teamleitungen.",
        "Zielgruppe: Führungskräfte, Geschäftsführung und Abteilungsleitungen.",
    ),
    "Personalverantwortliche": (
        "Für Personalverantwortliche und HR-Teams.",
        "Zielgruppe: Personalabteilungen und Personalverantwortliche.",
    ),
}


LEVEL_PHRASES: dict[str, tuple[str, ...]] = {
    "beginner": (
        "Vorkenntnisse sind nicht nötig; der Kurs richtet sich an Einsteigerinnen und Einsteiger.",
        "Ideal für Anfänger ohne Vorkenntnisse.",
        "Grundlagenkurs für Einsteiger.",
    ),
    "advanced": (
        "Für Fortgeschrittene mit soliden Vorkenntnissen.",
        "Aufbaukurs für Teilnehmende mit Erfahrung.",
    ),
}

COURSE_PATTERNS: dict[str, tuple[str, ...]] = {
    "": ("{name}", "Seminar: {name}", "{name} kompakt", "Schulung {name}", "{name} in der Praxis"),
    "beginner": ("{name} für Einsteiger", "Grundkurs {name}", "{name} – Grundlagen"),
    "advanced": ("{name} für Fortgeschrittene", "Aufbaukurs {name}", "{name} – Vertiefung"),
}

COURSE_FRAMES: tuple[str, ...] = (
    "In diesem Kurs lernen Sie die wichtigsten Werkzeuge kennen.",
    "Das Seminar verbindet kurze Inputs mit vielen Übungen.",
    "Die Schulung arbeitet mit Beispielen aus Ihrem Arbeitsalltag.",
    "Der Lehrgang schließt mit einem Zertifikat ab.",
    "Das Training findet in kleinen Gruppen statt.",
)

EVENT_PATTERNS: tuple[str, ...] = (
    "Workshop: {name}",
    "Webinar: {name}",
    "Infoabend {name}",
    "Praxisworkshop {name}",
)

EVENT_FRAMES: tuple[str, ...] = (
    "Kurze Impulse, Beispiele aus Betrieben und viel Zeit für Austausch.",
    "Expertinnen und Experten beantworten Ihre Fragen.",
    "Die Veranstaltung bietet Gelegenheit zum Netzwerken.",
)

ADVICE_FRAMES: tuple[str, ...] = (
    "Unsere Beraterinnen und Berater kommen auf Wunsch in Ihren Betrieb.",
    "Die Erstberatung dauert etwa zwei Stunden und ist vertraulich.",
    "Gemeinsam klären wir Ihren Bedarf und die nächsten Schritte.",
)

PRACTICE_FRAMES: tuple[str, ...] = (
    "Ein Praxisbeispiel aus unserer Region, das zeigt, wie es gehen kann.",
    "Die Geschäftsführung berichtet, was gut lief und was sie heute anders machen würde.",
)

#: boilerplate some partners append; it mentions other themes and so tests precision
BOILERPLATE: tuple[str, ...] = (
    "Hinweise zum Datenschutz bei der Anmeldung finden Sie auf unserer Website.",
    "Bitte bringen Sie einen Laptop mit; Excel oder ein anderes Tabellenprogramm genügt.",
    "Mehr zu unseren Angeboten rund um Digitalisierung und Weiterbildung finden Sie online.",
)
