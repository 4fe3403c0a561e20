"""Response shapes of the catalogue endpoints: suggestions, partners, source status, admin."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from hub.model import ListingKind
from search_api.schemas import FacetsOut


class SuggestOut(BaseModel):
    prefix: str = Field(examples=["Daten"])
    suggestions: list[str] = Field(examples=[["Datenschutz im Betrieb"]])


class FacetsResponse(BaseModel):
    total: int = Field(examples=[23])
    facets: FacetsOut


class PartnerSourceOut(BaseModel):
    id: str = Field(examples=["zz-sachsen-kurse"])
    kind: ListingKind = Field(examples=["course"])
    kind_label: str = Field(examples=["Weiterbildung"])
    enabled: bool = True
    listings: int = Field(description="Angebote im Katalog / listings in the catalogue")


class PartnerCentreOut(BaseModel):
    name: str = Field(examples=["Zukunftszentrum Sachsen"])
    url: str | None = Field(default=None, examples=["https://zukunftszentrum-sachsen.example"])
    listings: int = Field(examples=[42])
    search_url: str = Field(examples=["/suche?partner=Zukunftszentrum+Sachsen"])
    sources: list[PartnerSourceOut]


class PartnersOut(BaseModel):
    partners: list[PartnerCentreOut]


class SourceStatusOut(BaseModel):
    id: str = Field(examples=["zz-sachsen-kurse"])
    partner: str | None = Field(default=None, examples=["Zukunftszentrum Sachsen"])
    kind: ListingKind | None = Field(default=None, examples=["course"])
    enabled: bool = True
    listings: int = Field(examples=[42])
    last_run_at: str | None = Field(default=None, description="Ende des letzten Laufs (ISO 8601)")
    last_run_status: str | None = Field(default=None, examples=["ok"])
    last_success_at: str | None = Field(
        default=None, description="Ende des letzten erfolgreichen Laufs / last successful harvest"
    )


class SourcesOut(BaseModel):
    sources: list[SourceStatusOut]


class HarvestRequest(BaseModel):
    sources: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="Quellen-IDs; leer: alle aktiven / source ids; empty: all enabled",
    )


class HarvestStatusOut(BaseModel):
    running: bool
    started: list[str] = Field(default_factory=list)
    last: list[dict[str, Any]] = Field(
        default_factory=list, description="Zählungen des letzten Laufs / counts of the last run"
    )
    error: str | None = None


class QuarantineEntryOut(BaseModel):
    source_id: str
    record_key: str
    run_id: int | None = None
    reason: str
    step: str
    record: dict[str, Any]
    first_seen: str
    last_seen: str


class QuarantineOut(BaseModel):
    total: int
    entries: list[QuarantineEntryOut]
