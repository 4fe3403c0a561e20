"""The pipeline's moving parts: a Draft that steps fill in, the Reject signal, and the Pipeline.

A step is any object with ``name``, ``order`` and ``__call__(draft)``. Steps run in ascending
``order``; each reads what the source said (``draft.fields``) and writes Listing fields into
``draft.data``. A step that finds the record unusable raises :class:`Reject` with a reason a
partner can act on; the record then goes to quarantine — it is never silently dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from pydantic import ValidationError

from hub.config import SourceConfig
from hub.model import Listing, RawRecord, Rejection

log = logging.getLogger(__name__)


class Reject(Exception):
    """Raised by a step: this record cannot become a listing, for the reason given."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Draft:
    """One record on its way through the pipeline."""

    raw: RawRecord
    source: SourceConfig
    #: what the source said, by field name (see RawRecord), plus labelled lines found in the text
    fields: dict[str, Any]
    #: Listing fields built so far
    data: dict[str, Any] = field(default_factory=dict)
    #: the day the record speaks from (publication or harvest), for dates without a year
    reference: date | None = None

    def text(self, name: str) -> str:
        """A field as one stripped string ("" when absent); lists are joined with ", "."""
        value = self.fields.get(name)
        if value is None:
            return ""
        if isinstance(value, list | tuple):
            return ", ".join(str(v).strip() for v in value if str(v).strip())
        return str(value).strip()

    def values(self, name: str) -> list[str]:
        """A field as a list of stripped, non-empty strings."""
        value = self.fields.get(name)
        if value is None:
            return []
        items = value if isinstance(value, list | tuple) else [value]
        return [str(v).strip() for v in items if str(v).strip()]


class Step(Protocol):
    name: str
    order: int

    def __call__(self, draft: Draft) -> None: ...


class Pipeline:
    """Runs the registered steps, in order, over raw records of one source."""

    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps: list[Step] = sorted(steps, key=lambda s: (s.order, s.name))

    @property
    def step_names(self) -> list[str]:
        return [s.name for s in self.steps]

    def process(self, raw: RawRecord, source: SourceConfig) -> Listing | Rejection:
        draft = Draft(raw=raw, source=source, fields=dict(raw.fields))
        step_name = "start"
        try:
            for step in self.steps:
                step_name = step.name
                step(draft)
            step_name = "validate"
            listing = Listing.model_validate(
                {
                    "id": raw.listing_id,
                    "source_id": source.id,
                    "source_key": raw.key,
                    "partner": source.partner,
                    **draft.data,
                }
            )
        except Reject as exc:
            return self._reject(raw, step_name, exc.reason)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            return self._reject(raw, step_name, f"Feld '{where}' ungültig: {first['msg']}")
        except Exception as exc:  # a buggy (plugin) step must not lose the record
            log.exception("pipeline step %s failed on %s/%s", step_name, source.id, raw.key)
            reason = f"interner Fehler im Schritt '{step_name}' ({type(exc).__name__}: {exc})"
            return self._reject(raw, step_name, reason + "; bitte dem Betrieb des Hubs melden")
        return listing.with_hash()

    def process_many(
        self, raws: Iterable[RawRecord], source: SourceConfig
    ) -> tuple[list[Listing], list[Rejection]]:
        listings: list[Listing] = []
        rejections: list[Rejection] = []
        for raw in raws:
            result = self.process(raw, source)
            if isinstance(result, Listing):
                listings.append(result)
            else:
                rejections.append(result)
        return listings, rejections

    @staticmethod
    def _reject(raw: RawRecord, step: str, reason: str) -> Rejection:
        return Rejection(
            source_id=raw.source_id,
            key=raw.key,
            reason=reason,
            step=step,
            record=raw.model_dump(mode="json"),
        )
