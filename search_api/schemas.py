"""The shapes of the JSON API: query parameters in, search results and health out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from hub.index.base import SearchQuery, SortOrder
from hub.model import FIRST_DAY, LAST_DAY, DeliveryMode, ListingKind, Place, ScheduleKind
from search_api.places import resolve_place
from search_api.schemas_search import DidYouMeanOut, RelaxedOut, UnderstoodOut

MAX_PAGE = 1000
MAX_SIZE = 100
MAX_QUERY_LENGTH = 200
MAX_FILTER_VALUES = 20
MAX_PLACE_LENGTH = 100
MAX_RADIUS_KM = 500
MAX_CURSOR_LENGTH = 1000
#: OpenAPI string format of ``near``: a German town, "PLZ Ort" or "lat,lon" (see docs/search.md)
PLACE_FORMAT = "regiohub-place"
#: the years FIRST_DAY..LAST_DAY as the OpenAPI schema states them for date_from / date_to
DAY_PATTERN = "^(19|20|21)[0-9]{2}-"

FilterValue = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class SearchParams(BaseModel):
    """A search as the API and the HTML page receive it; list filters are OR within themselves.

    Field order matters: validators of later fields (``date_to``, ``radius``, ``sort``) look at
    earlier ones, so a bad combination is reported under the parameter that breaks it.
    """

    model_config = ConfigDict(extra="ignore")

    q: str = Field(
        default="",
        max_length=MAX_QUERY_LENGTH,
        description='Suchbegriffe / free-text search terms (German stemming, "phrases")',
        examples=["Datenschutz"],
    )
    kind: list[ListingKind] = Field(
        default_factory=list,
        max_length=MAX_FILTER_VALUES,
        description="Angebotsart, wiederholbar / kind of offer, repeatable",
        examples=[["course", "event"]],
    )
    topic: list[FilterValue] = Field(
        default_factory=list,
        max_length=MAX_FILTER_VALUES,
        description="Thema (Code der Taxonomie), wiederholbar / topic code, repeatable",
        examples=[["datenschutz"]],
    )
    audience: list[FilterValue] = Field(
        default_factory=list,
        max_length=MAX_FILTER_VALUES,
        description="Zielgruppe, wiederholbar / audience, repeatable",
        examples=[["KMU"]],
    )
    region: list[FilterValue] = Field(
        default_factory=list,
        max_length=MAX_FILTER_VALUES,
        description="Region (ISO 3166-2, hierarchisch), wiederholbar / region code, repeatable",
        examples=[["DE-SN"]],
    )
    partner: list[FilterValue] = Field(
        default_factory=list,
        max_length=MAX_FILTER_VALUES,
        description="Partner, wie in den Facetten / partner as listed in the facets, repeatable",
        examples=[["Zukunftszentrum Sachsen"]],
    )
    mode: list[DeliveryMode] = Field(
        default_factory=list,
        max_length=MAX_FILTER_VALUES,
        description="Format, wiederholbar / delivery mode, repeatable",
        examples=[["online"]],
    )
    free: bool = Field(default=False, description="nur kostenfreie / only free offers")
    schedule: ScheduleKind | None = Field(
        default=None,
        description=(
            "ohne feste Termine: ongoing = laufend buchbar, on_request = nach Vereinbarung / "
            "offers without fixed dates by the partner's statement"
        ),
        examples=["ongoing"],
    )
    date_from: date | None = Field(
        default=None,
        description="Termine ab (JJJJ-MM-TT, 1900–2199) / dated offers from this day on",
        examples=["2027-06-01"],
        json_schema_extra={"pattern": DAY_PATTERN},
    )
    date_to: date | None = Field(
        default=None,
        description=(
            "Termine bis (JJJJ-MM-TT, 1900–2199) / dated offers up to this day "
            "(before date_from: an empty period)"
        ),
        examples=["2027-06-30"],
        json_schema_extra={"pattern": DAY_PATTERN},
    )
    upcoming: bool | None = Field(
        default=None,
        description=(
            "nur kommende / only offers not yet over; default: past courses and events hidden, "
            "false: no date filter"
        ),
    )
    open_deadline: bool = Field(
        default=False, description="nur Förderungen mit offener Frist / only open funding calls"
    )
    near: str | None = Field(
        default=None,
        max_length=MAX_PLACE_LENGTH,
        description=(
            "in der Nähe von: Ort, „PLZ Ort“ oder „Breite,Länge“ / town or lat,lon; "
            "a name the gazetteer does not know is refused with 422"
        ),
        examples=["Leipzig"],
        # a place name is checked against the gazetteer: say so in the schema, so that a
        # schema-driven client (or schemathesis) knows an arbitrary string is not a place
        json_schema_extra={"format": PLACE_FORMAT},
    )
    radius: float | None = Field(
        default=None,
        gt=0,
        le=MAX_RADIUS_KM,
        description="Umkreis in km um `near` / radius in km around `near` (ignored without it)",
        examples=[25],
    )
    sort: SortOrder = Field(
        default="relevance",
        description=(
            "Reihenfolge / order: relevance, date (soonest first), distance (from `near`; "
            "without it: relevance)"
        ),
    )
    cursor: str | None = Field(
        default=None,
        max_length=MAX_CURSOR_LENGTH,
        description="Tiefes Blättern: `next_cursor` der vorigen Seite / deep paging cursor",
    )
    page: int = Field(
        default=1, ge=1, le=MAX_PAGE, description="Seite / page, from 1", examples=[1]
    )
    size: int = Field(
        default=20, ge=1, le=MAX_SIZE, description="Treffer pro Seite / hits per page"
    )

    @field_validator("near")
    @classmethod
    def _placeable(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        resolve_place(value)  # raises ValueError with the reason
        return " ".join(value.split())

    @field_validator("date_from", "date_to")
    @classmethod
    def _plausible(cls, value: date | None) -> date | None:
        # index backends store instants in a bounded range; far-off years are typos anyway
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise ValueError(f"muss zwischen {FIRST_DAY} und {LAST_DAY} liegen")
        return value

    # date_to before date_from is an empty period: answered with no dated offers rather
    # than refused, because OpenAPI cannot declare a bound between two parameters

    # radius and sort=distance measure from `near`; without a place they are accepted and
    # ignored (documented on the parameters), as OpenAPI cannot declare that dependency
    @field_validator("radius")
    @classmethod
    def _needs_place(cls, value: float | None, info: ValidationInfo) -> float | None:
        return value if info.data.get("near") else None

    @field_validator("sort")
    @classmethod
    def _distance_needs_place(cls, value: SortOrder, info: ValidationInfo) -> SortOrder:
        return "relevance" if value == "distance" and not info.data.get("near") else value

    def to_query(self) -> SearchQuery:
        return SearchQuery(
            text=self.q.strip(),
            kind=tuple(self.kind),
            topic=tuple(self.topic),
            audience=tuple(self.audience),
            partner=tuple(self.partner),
            region=tuple(self.region),
            mode=tuple(self.mode),
            free_only=self.free,
            schedule=(self.schedule,) if self.schedule else (),
            date_from=self.date_from,
            date_to=self.date_to,
            upcoming_only=self.upcoming,
            open_deadline=self.open_deadline,
            near=resolve_place(self.near) if self.near else None,
            radius_km=self.radius,
            sort=self.sort,
            search_after=self.cursor,
            page=self.page,
            size=self.size,
        )

    def filters(self) -> dict[str, list[str]]:
        """The active list filters by facet field."""
        return {field: list(getattr(self, field)) for field in LIST_FILTERS}


#: query parameters that are lists, i.e. repeatable and shown as facets
LIST_FILTERS: tuple[str, ...] = ("kind", "topic", "audience", "partner", "region", "mode")


class PartnerOut(BaseModel):
    name: str = Field(examples=["Zukunftszentrum Sachsen"])
    url: str | None = Field(default=None, examples=["https://zukunftszentrum-sachsen.example"])


class HighlightsOut(BaseModel):
    """HTML snippets: matches are wrapped in ``<mark>``, everything else is HTML-escaped."""

    title: str | None = Field(default=None, examples=["<mark>Datenschutz</mark> im Betrieb"])
    body: str | None = Field(
        default=None, examples=["… die neue <mark>Datenschutz</mark>-Grundlage …"]
    )


class HitOut(BaseModel):
    id: str = Field(examples=["zz-sachsen-3f2a9c0d1e4b5a6c"])
    title: str = Field(examples=["Datenschutz im Betrieb"])
    summary: str = Field(
        default="", description="Anfang der Beschreibung, Klartext / plain-text excerpt"
    )
    kind: ListingKind = Field(examples=["course"])
    kind_label: str = Field(examples=["Weiterbildung"])
    partner: PartnerOut
    url: str | None = Field(default=None, description="Seite beim Partner / the partner's page")
    detail_url: str = Field(examples=["/angebote/zz-sachsen-3f2a9c0d1e4b5a6c"])
    api_url: str = Field(examples=["/api/v1/listings/zz-sachsen-3f2a9c0d1e4b5a6c"])
    start: datetime | None = Field(default=None, examples=["2027-06-02T17:00:00+02:00"])
    end: datetime | None = Field(default=None, examples=["2027-06-02T19:00:00+02:00"])
    schedule_kind: ScheduleKind | None = Field(
        default=None,
        description="ohne feste Termine: ongoing, on_request / no dates by the partner's word",
        examples=["on_request"],
    )
    schedule_label: str | None = Field(default=None, examples=["nach Vereinbarung"])
    place: Place | None = None
    regions: list[str] = Field(default_factory=list, examples=[["DE-SN"]])
    mode: DeliveryMode | None = Field(default=None, examples=["hybrid"])
    mode_label: str | None = Field(default=None, examples=["Hybrid"])
    price: str | None = Field(
        default=None, description="Preis, deutsch formatiert", examples=["150,00 €"]
    )
    free: bool | None = Field(default=None, description="kostenfrei? None: unbekannt / unknown")
    topics: list[str] = Field(default_factory=list, examples=[["datenschutz"]])
    audiences: list[str] = Field(default_factory=list, examples=[["KMU"]])
    deadline: datetime | None = Field(
        default=None, description="Antrags- oder Anmeldefrist / application or booking deadline"
    )
    distance_km: float | None = Field(
        default=None, description="Entfernung von `near` / distance from `near`", examples=[3.2]
    )
    highlights: HighlightsOut = Field(default_factory=HighlightsOut)
    partial: bool = Field(
        default=False,
        description="enthält nicht alle Suchwörter (siehe `relaxed`) / lacks some of the words",
    )
    dates: list[datetime] = Field(
        default_factory=list,
        description="alle Termine einer Reihe / every date of a series (one hit per series)",
    )
    dates_label: str | None = Field(default=None, examples=["6 Termine ab 6. Oktober 2026"])
    score: float = Field(examples=[7.25])


class FacetValueOut(BaseModel):
    value: str = Field(examples=["course"])
    label: str = Field(examples=["Weiterbildung"])
    count: int = Field(examples=[12])


class FacetsOut(BaseModel):
    """Counts per value, each counted under the text and every *other* active filter."""

    kind: list[FacetValueOut] = Field(default_factory=list)
    topic: list[FacetValueOut] = Field(default_factory=list)
    audience: list[FacetValueOut] = Field(default_factory=list)
    partner: list[FacetValueOut] = Field(default_factory=list)
    region: list[FacetValueOut] = Field(default_factory=list)
    mode: list[FacetValueOut] = Field(default_factory=list)
    free: list[FacetValueOut] = Field(default_factory=list, description="free / paid")
    deadline: list[FacetValueOut] = Field(default_factory=list, description="open / closed")


class SearchResponse(BaseModel):
    query: SearchParams
    total: int = Field(examples=[23])
    page: int = Field(examples=[1])
    size: int = Field(examples=[20])
    pages: int = Field(description="Seitenzahl / number of pages (0 without hits)", examples=[2])
    next_cursor: str | None = Field(
        default=None, description="für `cursor`: die nächste Seite / cursor of the next page"
    )
    hits: list[HitOut]
    facets: FacetsOut
    relaxed: RelaxedOut | None = Field(
        default=None, description="gelockerte Suche / what a relaxed search did"
    )
    did_you_mean: DidYouMeanOut | None = None
    understood: list[UnderstoodOut] = Field(
        default_factory=list,
        description="Wörter, die als Filter wirken / words taken as filters or boosts",
    )


class InvalidParamOut(BaseModel):
    parameter: str = Field(examples=["radius"])
    #: where the parameter was sent: query, path, header or body
    location: str = Field(default="query", examples=["query"])
    reason: str = Field(examples=["needs a place in 'near' to measure from"])


class ProblemOut(BaseModel):
    """An error as RFC 9457 problem details (``application/problem+json``)."""

    type: str = Field(default="about:blank", examples=["about:blank"])
    title: str = Field(examples=["Unprocessable Content"])
    status: int = Field(examples=[422])
    detail: str = Field(examples=["Parameter 'radius': needs a place in 'near' to measure from."])
    instance: str | None = Field(default=None, examples=["/api/v1/search"])
    errors: list[InvalidParamOut] = Field(
        default_factory=list, description="je ungültigem Parameter / one per invalid parameter"
    )


class HealthOk(BaseModel):
    status: Literal["ok"] = "ok"
    listings: int = Field(description="Angebote im Katalog / listings in the store")
    indexed: int = Field(description="Angebote im Suchindex / listings in the search index")


class HealthDegraded(BaseModel):
    status: Literal["degraded"] = "degraded"
    detail: str
