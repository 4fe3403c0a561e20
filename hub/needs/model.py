"""A saved need: the search a firm described plus what only a person can say (people, budget).

The match is the API's own search: ``NeedSpec.search_params()`` is a ``SearchParams`` and its
``to_query()`` the ``SearchQuery`` that ``/api/v1/search`` would run for the same form.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from hub.model import DeliveryMode, ListingKind
from search_api.schemas import MAX_QUERY_LENGTH, MAX_RADIUS_KM, SearchParams

Frequency = Literal["sofort", "taeglich", "woechentlich"]
FREQUENCIES: dict[str, str] = {
    "sofort": "sofort bei neuen Angeboten",
    "taeglich": "täglich gesammelt",
    "woechentlich": "wöchentlich gesammelt",
}
#: hours between two digest e-mails (a little under the period, so a daily run is never late)
DIGEST_HOURS: dict[str, float] = {"sofort": 0.0, "taeglich": 23.0, "woechentlich": 7 * 24 - 1.0}
MAX_TOPICS = 5
#: new listings one need can get from one harvest (the API's largest page; an e-mail shows fewer)
MATCH_PAGE = 100


class NeedSpec(BaseModel):
    """What the form at ``/bedarf`` asks; only what the match and the radar need."""

    model_config = ConfigDict(extra="ignore")

    q: str = Field(default="", max_length=MAX_QUERY_LENGTH)
    topic: list[str] = Field(default_factory=list, max_length=MAX_TOPICS)
    kind: list[ListingKind] = Field(default_factory=list, max_length=5)
    audience: list[str] = Field(default_factory=list, max_length=5)
    #: a place (town, "PLZ Ort", Landkreis) with ``radius`` km, or ``online``
    near: str | None = Field(default=None, max_length=100)
    radius: float | None = Field(default=None, gt=0, le=MAX_RADIUS_KM)
    online: bool = False
    region: list[str] = Field(default_factory=list, max_length=5)
    people: int | None = Field(default=None, ge=1, le=10_000)
    #: most a place may cost per person in euro; None = no limit
    budget: float | None = Field(default=None, ge=0, le=1_000_000)
    free: bool = False
    date_from: date | None = None
    date_to: date | None = None
    frequency: Frequency = "sofort"

    @field_validator("near")
    @classmethod
    def _blank(cls, value: str | None) -> str | None:
        return " ".join(value.split()) if value and value.strip() else None

    def search_params(self, size: int = 20) -> SearchParams:
        """The API search for this need (validated like a search URL: bad places fail here);
        ``size`` hits a page (the matcher asks for ``MATCH_PAGE``)."""
        mode: list[DeliveryMode] = ["online"] if self.online else []
        return SearchParams.model_validate(
            {
                "q": self.q,
                "topic": self.topic,
                "kind": self.kind,
                "audience": self.audience,
                "region": self.region,
                "mode": mode,
                "free": self.free,
                "date_from": self.date_from,
                "date_to": self.date_to,
                "near": None if self.online else self.near,
                "radius": None if self.online or not self.near else self.radius,
                "size": size,
            }
        )

    def within_budget(self, price: dict[str, object] | None) -> bool:
        """A known price above the budget is out; an unknown price stays in (never guessed)."""
        if self.budget is None or not price:
            return True
        if price.get("free"):
            return True
        amount = price.get("amount")
        return not isinstance(amount, int | float) or amount <= self.budget
