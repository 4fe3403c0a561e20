"""The shapes of the JSON API: query parameters in, search results and health out."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from hub.index.base import SearchQuery
from hub.model import DeliveryMode, ListingKind, Place

MAX_PAGE = 1000
MAX_SIZE = 100
MAX_QUERY_LENGTH = 200
MAX_FILTER_VALUES = 20

FilterValue = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class SearchParams(BaseModel):
    """A search as the API and the HTML page receive it; list filters are OR within themselves."""

    model_config = ConfigDict(extra="ignore")

    q: str = Field(
        default="",
        max_length=MAX_QUERY_LENGTH,
        description="Suchbegriffe / free-text search terms",
        examples=["Datenschutz"],
    )
    kind: list[ListingKind] = Field(
        default_factory=list,
        max_length=MAX_FILTER_VALUES,
        description="Angebotsart, wiederholbar / kind of offer, repeatable",
        examples=[["course", "event"]],
    )
    region: list[FilterValue] = Field(
        default_factory=list,
        max_length=MAX_FILTER_VALUES,
        description="Region (ISO 3166-2), wiederholbar / region code, repeatable",
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
    page: int = Field(
        default=1, ge=1, le=MAX_PAGE, description="Seite / page, from 1", examples=[1]
    )
    size: int = Field(
        default=20, ge=1, le=MAX_SIZE, description="Treffer pro Seite / hits per page"
    )

    def to_query(self) -> SearchQuery:
        return SearchQuery(
            text=self.q.strip(),
            kind=tuple(self.kind),
            partner=tuple(self.partner),
            region=tuple(self.region),
            mode=tuple(self.mode),
            page=self.page,
            size=self.size,
        )

    def filters(self) -> dict[str, list[str]]:
        """The active filters by facet field."""
        return {
            "kind": list(self.kind),
            "partner": list(self.partner),
            "region": list(self.region),
            "mode": list(self.mode),
        }


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
    place: Place | None = None
    regions: list[str] = Field(default_factory=list, examples=[["DE-SN"]])
    mode: DeliveryMode | None = Field(default=None, examples=["hybrid"])
    mode_label: str | None = Field(default=None, examples=["Hybrid"])
    price: str | None = Field(
        default=None, description="Preis, deutsch formatiert", examples=["150,00 €"]
    )
    free: bool | None = Field(default=None, description="kostenfrei? None: unbekannt / unknown")
    highlights: HighlightsOut = Field(default_factory=HighlightsOut)
    score: float = Field(examples=[7.25])


class FacetValueOut(BaseModel):
    value: str = Field(examples=["course"])
    label: str = Field(examples=["Weiterbildung"])
    count: int = Field(examples=[12])


class FacetsOut(BaseModel):
    kind: list[FacetValueOut] = Field(default_factory=list)
    partner: list[FacetValueOut] = Field(default_factory=list)
    region: list[FacetValueOut] = Field(default_factory=list)
    mode: list[FacetValueOut] = Field(default_factory=list)


class SearchResponse(BaseModel):
    query: SearchParams
    total: int = Field(examples=[23])
    page: int = Field(examples=[1])
    size: int = Field(examples=[20])
    pages: int = Field(description="Seitenzahl / number of pages (0 without hits)", examples=[2])
    hits: list[HitOut]
    facets: FacetsOut


class ErrorOut(BaseModel):
    detail: str = Field(examples=["No listing with id 'zz-sachsen-0000000000000000'."])


class HealthOk(BaseModel):
    status: Literal["ok"] = "ok"
    listings: int = Field(description="Angebote im Katalog / listings in the store")
    indexed: int = Field(description="Angebote im Suchindex / listings in the search index")


class HealthDegraded(BaseModel):
    status: Literal["degraded"] = "degraded"
    detail: str
