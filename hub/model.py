"""The domain model: what a source said (RawRecord) and what the catalogue holds (Listing)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Literal, NamedTuple

import orjson
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from hub.kinds import KIND_LABELS, LISTING_KINDS  # noqa: F401  (re-exported)

ListingKind = Literal["course", "funding", "advice", "event", "good_practice"]
DeliveryMode = Literal["online", "in_person", "hybrid"]
MODE_LABELS: dict[str, str] = {"online": "Online", "in_person": "Vor Ort", "hybrid": "Hybrid"}
#: the days a listing's dates may fall on: what the search API filters by and the iCal and
#: index backends can hold; a date outside (e.g. 31.12.9999) is a placeholder or a typo
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
#: a schedule that is a statement instead of dates; never "past", filterable (``schedule=``)
ScheduleKind = Literal["ongoing", "on_request"]
SCHEDULE_KINDS: tuple[str, ...] = ("ongoing", "on_request")
SCHEDULE_LABELS: dict[str, str] = {"ongoing": "laufend buchbar", "on_request": "nach Vereinbarung"}


def utcnow() -> datetime:
    return datetime.now(UTC)


def listing_id(source_id: str, key: str) -> str:
    """Stable id of a listing: the same source record gets the same id on every harvest."""
    digest = hashlib.sha256(f"{source_id}\x1f{key}".encode()).hexdigest()[:16]
    return f"{source_id}-{digest}"


class RawRecord(BaseModel):
    """A record exactly as a connector found it, before any normalisation.

    ``key`` is the source's own stable identifier for the record (feed guid, detail URL, API id).
    ``fields`` holds what the source said, as strings or lists of strings, under the field names
    the pipeline understands: title, description, url, date, deadline, place, mode, price,
    funding, audience, topics, kind, published; ``sessions`` is a list of date texts, one a
    session, where a source lists them one by one.
    """

    model_config = ConfigDict(frozen=True)

    source_id: str
    key: str
    url: str | None = None
    fetched_at: datetime = Field(default_factory=utcnow)
    fields: dict[str, Any] = Field(default_factory=dict)

    @property
    def listing_id(self) -> str:
        return listing_id(self.source_id, self.key)


class Partner(BaseModel):
    name: str
    url: str | None = None


class Place(BaseModel):
    text: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    #: the Kreis (Landkreis or kreisfreie Stadt), where known
    district: str | None = None
    lat: float | None = None
    lon: float | None = None


class Session(BaseModel):
    start: AwareDatetime
    end: AwareDatetime | None = None
    all_day: bool = False


class Schedule(BaseModel):
    text: str | None = None
    start: AwareDatetime | None = None
    end: AwareDatetime | None = None
    sessions: list[Session] = Field(default_factory=list)
    registration_deadline: AwareDatetime | None = None
    ongoing: bool = False
    #: "ongoing" (laufend, regular office hours) or "on_request" (nach Vereinbarung): no dates
    #: by the partner's own statement; None for dated (or unread) schedules
    kind: ScheduleKind | None = None
    #: the stated number of sessions when not all are listed ("ab 01.10., 6 Termine")
    session_count: int | None = None


class Price(BaseModel):
    text: str | None = None
    amount: float | None = None
    currency: str | None = None
    free: bool | None = None


class Funding(BaseModel):
    text: str | None = None
    funder: str | None = None
    programme: str | None = None
    aid_type: str | None = None
    max_amount: float | None = None
    share_percent: float | None = None
    deadline: AwareDatetime | None = None
    eligible: str | None = None


class AlternateSource(BaseModel):
    """Another source listing the same offer (a portal re-publishing a provider's course)."""

    listing_id: str
    source_id: str
    partner: Partner
    url: str | None = None


class Listing(BaseModel):
    """One offer in the catalogue, normalised and safe to show."""

    id: str
    source_id: str
    source_key: str
    kind: ListingKind
    partner: Partner
    title: str
    description_text: str = ""
    description_html: str = ""
    url: str | None = None
    topics: list[str] = Field(default_factory=list)
    audiences: list[str] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=list)
    place: Place | None = None
    mode: DeliveryMode | None = None
    schedule: Schedule | None = None
    price: Price | None = None
    funding: Funding | None = None
    provider: str | None = None
    contact: str | None = None
    licence: str | None = None
    attribution: str | None = None
    #: German notes on values the pipeline left empty because it was not sure (for partners)
    flags: list[str] = Field(default_factory=list)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    content_hash: str = ""
    #: other sources listing the same offer; filled from the store's duplicate groups when read
    alternates: list[AlternateSource] = Field(default_factory=list)

    #: fields that describe the harvest, not the offer; excluded from the content hash
    BOOKKEEPING: ClassVar[frozenset[str]] = frozenset(
        {"first_seen", "last_seen", "content_hash", "alternates"}
    )

    def compute_hash(self) -> str:
        content = self.model_dump(mode="json", exclude=set(self.BOOKKEEPING))
        # the bytes json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        # gives, so stored hashes stay valid, in a tenth of its time
        canonical = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
        return hashlib.sha256(canonical).hexdigest()

    def with_hash(self) -> Listing:
        return self.model_copy(update={"content_hash": self.compute_hash()})

    @property
    def start(self) -> datetime | None:
        return self.schedule.start if self.schedule else None


class StoredRow(NamedTuple):
    """A catalogue row as a whole rebuild reads it (``Store.iter_catalogue_rows(raw=True)``):
    the listing's stored JSON undecoded, so it can be handed to another process as it is,
    with ``last_seen`` and the alternates already in their JSON form."""

    id: str
    data: bytes | str
    last_seen: str
    alternates: list[dict[str, Any]]

    def decoded(self) -> dict[str, Any]:
        """The listing as ``Listing.model_dump(mode="json")`` gives it."""
        listing: dict[str, Any] = orjson.loads(self.data)
        listing["last_seen"] = self.last_seen
        listing["alternates"] = self.alternates
        return listing


class Rejection(BaseModel):
    """A raw record the pipeline refused, kept in quarantine with its reason."""

    source_id: str
    key: str
    reason: str
    step: str
    record: dict[str, Any]


class SourceCounts(BaseModel):
    """What one harvest of one source did."""

    source_id: str
    #: "busy": not run, another harvest of the source holds its lock (``Store.source_lock``)
    status: Literal["ok", "failed", "running", "crashed", "busy"] = "running"
    #: "full" (the source listed everything), "incremental" (only changes) or "unchanged" (304)
    mode: str = "full"
    fetched: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    #: listings deleted because the source no longer lists them (see safe synchronisation)
    gone: int = 0
    #: listings missing this time, kept until they are missing often enough
    missing: int = 0
    quarantined: int = 0
    failed: int = 0
    error: str | None = None
    error_kind: str | None = None
    #: errors by kind (``timeout``, ``http_status``, ``parse``, …) and a few samples of them
    errors: dict[str, int] = Field(default_factory=dict)
    error_samples: list[str] = Field(default_factory=list)
    #: why the circuit breaker stopped deletions; the source then needs attention
    attention: str | None = None
    run_id: int | None = None
    duration_s: float = 0.0
    notes: list[str] = Field(default_factory=list)

    def as_row(self) -> dict[str, Any]:
        return self.model_dump()
