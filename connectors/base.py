"""What every connector is: a name, an options model, and ``fetch()`` yielding RawRecords."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from hub.config import SourceConfig
from hub.errors import ConfigError
from hub.http import HttpClient
from hub.model import RawRecord


@dataclass
class HarvestContext:
    """What a connector gets from the hub for one harvest.

    ``state`` is the connector's own memory between harvests (ETag, Last-Modified, cursors);
    the hub persists it after a successful harvest. ``notes`` are problems worth telling the
    operator that did not stop the harvest (e.g. a feed that was not well-formed).
    Set ``not_modified`` when the source says nothing changed since the last harvest,
    ``incremental`` when only changes were listed (a since-cursor, sitemap ``lastmod``), and
    ``partial`` when part of the source could not be read: in all three cases a listing the
    run did not see must not be deleted. ``deleted_keys`` are keys the source itself reports
    as deleted (tombstones of a change feed, a cancelled event): the hub deletes those
    listings after any successful run, incremental ones included, because the source said
    so explicitly. ``kept_keys`` are keys of items the source still lists but that could not
    be read this time (an event without a start, say): their listings are neither updated
    nor counted as gone, so one broken item neither deletes its listing nor makes the whole
    run partial.
    """

    source: SourceConfig
    http: HttpClient
    state: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    not_modified: bool = False
    incremental: bool = False
    partial: bool = False
    deleted_keys: set[str] = field(default_factory=set)
    kept_keys: set[str] = field(default_factory=set)


#: options the pipeline reads for every source type; connectors ignore them
PIPELINE_OPTIONS: frozenset[str] = frozenset({"topic_map", "audience_map"})


#: German words for pydantic's most common complaints about an option (others stay as given)
OPTION_PROBLEMS = {
    "missing": "sie fehlt",
    "extra_forbidden": "diese Option gibt es nicht (Tippfehler?)",
    "string_type": "erwartet ist ein Text",
    "list_type": "erwartet ist eine Liste",
    "dict_type": "erwartet ist eine Tabelle",
    "bool_parsing": "erwartet ist true oder false",
    "int_parsing": "erwartet ist eine ganze Zahl",
    "float_parsing": "erwartet ist eine Zahl",
}


def _option_problem(error: Any) -> str:
    """What is wrong with an option, in German where regiohub words it."""
    kind = str(error.get("type", ""))
    if kind in OPTION_PROBLEMS:
        return OPTION_PROBLEMS[kind]
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        sign = {"greater_than": ">", "greater_than_equal": "≥", "less_than": "<"}.get(kind, "≤")
        limit = next(iter((error.get("ctx") or {}).values()), "")
        shown = f"{limit:g}".replace(".", ",") if isinstance(limit, float) else limit
        return f"der Wert muss {sign} {shown} sein"
    # our own validators speak German already; pydantic prefixes them with "Value error, "
    return str(error.get("msg", "ungültig")).removeprefix("Value error, ")


class ConnectorOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Connector:
    """Base class for connectors. Subclasses set ``name`` and ``Options`` and implement fetch."""

    name: ClassVar[str]
    Options: ClassVar[type[ConnectorOptions]] = ConnectorOptions
    #: what the connector can do besides a full harvest: "conditional_get" (ETag /
    #: Last-Modified), "since_cursor" (asks only for changes), "lastmod" (sitemap dates)
    incremental: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, source: SourceConfig, context: HarvestContext) -> None:
        self.source = source
        self.context = context
        self.options = self.parse_options(source)

    def conditional_request(self) -> tuple[str, str | None, str | None] | None:
        """(url, ETag, Last-Modified) of the one conditional GET this harvest starts with, when
        a 304 to it means there is nothing to do; else None. The default fits connectors that
        declare ``conditional_get``, fetch ``options.url`` and keep its validators as
        ``state["etag"]`` / ``state["last_modified"]`` (feed, ical); a connector that does
        otherwise overrides it (or returns None). A Prefect harvest asks every source this
        first, in one task, and records a source that answers 304 there instead of in a task
        run of its own (flows/harvest.py)."""
        if "conditional_get" not in self.incremental:
            return None
        url = getattr(self.options, "url", None)
        state = self.context.state
        etag, modified = state.get("etag"), state.get("last_modified")
        if url is None or not (etag or modified):
            return None
        return str(url), etag, modified

    @classmethod
    def parse_options(cls, source: SourceConfig) -> Any:
        try:
            own = {k: v for k, v in source.options.items() if k not in PIPELINE_OPTIONS}
            return cls.Options.model_validate(own)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "options"
            raise ConfigError(
                f"Quelle '{source.id}' ({cls.name}): Option '{where}' korrigieren: "
                f"{_option_problem(first)}."
            ) from None

    def record(self, key: str, url: str | None, **fields: Any) -> RawRecord:
        clean = {k: v for k, v in fields.items() if v not in (None, "", [])}
        return RawRecord(source_id=self.source.id, key=key, url=url, fields=clean)

    def fetch(self) -> Iterator[RawRecord]:
        raise NotImplementedError
