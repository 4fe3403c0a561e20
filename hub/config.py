"""Settings (environment) and the sources file (``sources.toml``).

Everything regiohub writes lives under ``REGIOHUB_HOME`` (default ``./.regiohub``).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hub.errors import ConfigError, UnknownSourceError
from hub.model import LISTING_KINDS, ListingKind, Partner

DEMO_SOURCES = "demo-sources.toml"
SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
#: search answers the API keeps unless ``REGIOHUB_ANSWER_CACHE`` says otherwise
ANSWER_CACHE_DEFAULT = 1000
#: records one harvest of a source reads at most unless ``max_records`` says otherwise
MAX_RECORDS_DEFAULT = 100_000


def _count(env: dict[str, str], name: str, default: int) -> int:
    """A whole number ≥ 0 from the environment, or a one-sentence ConfigError."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ConfigError(
            f"{name}='{raw}' ist keine ganze Zahl ≥ 0; setzen Sie z. B. {name}={default}."
        )
    return int(raw)


def _public_url(raw: str) -> str | None:
    """``REGIOHUB_PUBLIC_URL`` without a trailing slash, or a one-sentence ConfigError."""
    raw = raw.strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise ConfigError(
            f"REGIOHUB_PUBLIC_URL='{raw}' ist keine Webadresse; "
            "setzen Sie z. B. REGIOHUB_PUBLIC_URL=https://weiterbildung-sachsen.example."
        )
    return raw.rstrip("/")


def _store_url(raw: str) -> str:
    """``REGIOHUB_STORE`` checked (a bad URL is one German sentence), or empty."""
    from hub.store import check_store_url

    return check_store_url(raw) if raw.strip() else ""


@dataclass(frozen=True)
class Settings:
    """Where regiohub keeps its data and which backends it uses."""

    home: Path
    sources_file: Path
    index_url: str
    admin_token: str | None = None
    #: origins allowed to call the API from a browser (``REGIOHUB_CORS_ORIGINS``, comma-separated)
    cors_origins: tuple[str, ...] = ()
    #: search answers the API keeps (``REGIOHUB_ANSWER_CACHE``; 0 = none), see search_api.answers
    answer_cache: int = ANSWER_CACHE_DEFAULT
    #: the address people reach the hub at (``REGIOHUB_PUBLIC_URL``), for absolute links in
    #: feeds and JSON-LD; never taken from a request's Host header (see docs/security.md)
    public_url: str | None = None
    #: the catalogue store (``REGIOHUB_STORE``): ``sqlite://PATH`` or
    #: ``postgresql://user@host:port/db``; empty means the file ``db_path`` under the home
    store_url: str = ""
    #: seconds a harvest's run stays alive without a renewal (``REGIOHUB_RUN_LEASE_SECONDS``):
    #: after that, the next run of its source closes it as crashed; 0 = the store's default
    run_lease_s: int = 0
    #: worker processes of a harvest (``REGIOHUB_HARVEST_PROCESSES``): 1 = in this process,
    #: 0 (default) = one a core for large harvests of many sources (flows/processes.py)
    harvest_processes: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        home = Path(env.get("REGIOHUB_HOME", ".regiohub")).expanduser().resolve()
        sources = env.get("REGIOHUB_SOURCES")
        if sources:
            sources_file = Path(sources).expanduser().resolve()
        else:
            sources_file = home / "sources.toml"
            # After `regiohub demo`, the other commands work on the demo's sources.
            if not sources_file.exists() and (home / DEMO_SOURCES).exists():
                sources_file = home / DEMO_SOURCES
        index_url = env.get("REGIOHUB_INDEX", f"tantivy://{home / 'index'}")
        return cls(
            home=home,
            sources_file=sources_file,
            index_url=index_url,
            admin_token=env.get("REGIOHUB_ADMIN_TOKEN") or None,
            cors_origins=tuple(
                o.strip() for o in env.get("REGIOHUB_CORS_ORIGINS", "").split(",") if o.strip()
            ),
            answer_cache=_count(env, "REGIOHUB_ANSWER_CACHE", ANSWER_CACHE_DEFAULT),
            public_url=_public_url(env.get("REGIOHUB_PUBLIC_URL", "")),
            store_url=_store_url(env.get("REGIOHUB_STORE", "")),
            run_lease_s=_count(env, "REGIOHUB_RUN_LEASE_SECONDS", 0),
            harvest_processes=_count(env, "REGIOHUB_HARVEST_PROCESSES", 0),
        )

    @property
    def db_path(self) -> Path:
        """The SQLite catalogue file: the one ``store_url`` names, else under the home."""
        from hub.store import sqlite_path

        return (sqlite_path(self.store_url) if self.store_url else None) or (
            self.home / "catalogue.sqlite3"
        )

    @property
    def store(self) -> str:
        """Where the catalogue store is: ``store_url``, or ``sqlite://`` + ``db_path``."""
        return self.store_url or f"sqlite://{self.db_path}"

    def ensure_home(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)


class SyncPolicy(BaseModel):
    """``[source.sync]``: when a listing the source no longer lists is deleted."""

    model_config = ConfigDict(extra="forbid")

    #: consecutive successful full harvests a listing must be missing from before it is deleted
    gone_after: int = Field(default=2, ge=1)
    #: circuit breaker: a full harvest that would remove more than this share deletes nothing
    max_shrink: float = Field(default=0.3, ge=0.0, le=1.0)


#: a harvest of one source may take this long unless its ``max_minutes`` says otherwise
DEFAULT_MAX_MINUTES = 30.0


class SchedulePolicy(BaseModel):
    """``[source.schedule]``: when ``regiohub flows serve`` harvests the source."""

    model_config = ConfigDict(extra="forbid")

    #: every this many minutes
    interval_minutes: float | None = Field(default=None, gt=0)
    #: or a cron expression, e.g. "0 6 * * 1-5" (06:00 on weekdays)
    cron: str | None = None
    timezone: str = "Europe/Berlin"

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value is not None and len(value.split()) not in (5, 6):
            raise ValueError("muss ein cron-Ausdruck mit fünf Feldern sein, z. B. '0 6 * * 1-5'")
        return value

    def model_post_init(self, context: Any) -> None:
        if (self.interval_minutes is None) == (self.cron is None):
            raise ValueError("setzen Sie genau eines von 'interval_minutes' und 'cron'")


class SourceConfig(BaseModel):
    """One ``[[source]]`` entry of ``sources.toml``."""

    model_config = ConfigDict(extra="forbid")

    id: str
    type: str
    kind: ListingKind
    partner: Partner
    options: dict[str, Any] = Field(default_factory=dict)
    enabled: bool = True
    #: extra hosts (``host`` or ``host:port``) the connector may reach besides those in its URLs
    allowed_hosts: list[str] = Field(default_factory=list)
    sync: SyncPolicy = Field(default_factory=SyncPolicy)
    schedule: SchedulePolicy | None = None
    #: records one harvest reads at most; a source yielding more ends as partial, with a note
    max_records: int = Field(default=MAX_RECORDS_DEFAULT, ge=1)
    #: let the connector reach private, link-local and metadata addresses (an intranet source)
    allow_private_hosts: bool = False
    #: wall-clock limit of one harvest of this source; beyond it the run fails with ``timeout``
    max_minutes: float = Field(default=DEFAULT_MAX_MINUTES, gt=0)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SOURCE_ID.match(value):
            raise ValueError(
                "darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten, "
                "z. B. 'zz-sachsen-feed'"
            )
        return value

    def hosts(self) -> set[str]:
        """Hosts this source's connector may fetch from: every host named in its config."""
        hosts = {h.lower() for h in self.allowed_hosts}
        for url in _urls_in(self.options):
            netloc = urlsplit(url).netloc.lower()
            if netloc:
                hosts.add(netloc)
        return hosts


def _urls_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.startswith(("http://", "https://")) else []
    if isinstance(value, dict):
        return [u for v in value.values() for u in _urls_in(v)]
    if isinstance(value, list):
        return [u for v in value for u in _urls_in(v)]
    return []


@dataclass(frozen=True)
class SourcesFile:
    path: Path
    sources: list[SourceConfig]

    def get(self, source_id: str) -> SourceConfig:
        for source in self.sources:
            if source.id == source_id:
                return source
        known = ", ".join(s.id for s in self.sources) or "keine"
        raise UnknownSourceError(
            f"Unbekannte Quellen-ID '{source_id}' — {self.path} definiert: {known}."
        )

    def select(self, ids: list[str] | None) -> list[SourceConfig]:
        if not ids:
            return [s for s in self.sources if s.enabled]
        return [self.get(i) for i in ids]


#: pydantic's error types a sources.toml mostly shows, in German; others keep pydantic's text
_PROBLEMS = {
    "missing": "fehlt",
    "extra_forbidden": "ist hier nicht erlaubt (Tippfehler?)",
    "greater_than": "muss größer als {gt} sein",
    "greater_than_equal": "muss mindestens {ge} sein",
    "less_than_equal": "darf höchstens {le} sein",
    "literal_error": "muss einer dieser Werte sein: {expected}",
    "string_type": "muss ein Text sein",
    "int_parsing": "muss eine ganze Zahl sein",
    "int_type": "muss eine ganze Zahl sein",
    "float_parsing": "muss eine Zahl sein",
    "bool_parsing": "muss true oder false sein",
    "bool_type": "muss true oder false sein",
    "list_type": "muss eine Liste sein",
    "dict_type": "muss eine Tabelle sein",
    "model_type": "muss eine Tabelle sein",
}


def _german_problem(error: Any) -> str:
    """One pydantic error as German text; our own validators already speak German."""
    if error["type"] == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    template = _PROBLEMS.get(error["type"])
    if template is None:
        return str(error["msg"])
    try:
        return template.format(**error.get("ctx", {})).replace("' or '", "' oder '")
    except (KeyError, IndexError):
        return str(error["msg"])


def parse_sources(text: str, path: Path) -> SourcesFile:
    """Parse ``sources.toml`` text; every problem becomes one ConfigError naming file and place."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path} ist kein gültiges TOML: {exc}. Korrigieren Sie diese Zeile und "
            "versuchen Sie es erneut."
        ) from None
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: 'source' muss eine Liste von [[source]]-Tabellen sein.")
    unknown_top = set(data) - {"source"}
    if unknown_top:
        raise ConfigError(
            f"{path}: unbekannte Schlüssel auf oberster Ebene: {', '.join(sorted(unknown_top))}; "
            "erlaubt sind nur [[source]]-Tabellen."
        )
    sources: list[SourceConfig] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        label = f"{path}, [[source]] #{number}"
        if isinstance(entry, dict) and "id" in entry:
            label += f" (id '{entry['id']}')"
        try:
            source = SourceConfig.model_validate(entry)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "Eintrag"
            problem = _german_problem(first)
            if where == "kind":
                problem = f"ist keine der Arten {', '.join(LISTING_KINDS)}"
            raise ConfigError(f"{label}: Feld '{where}' korrigieren: {problem}.") from None
        if source.id in seen:
            raise ConfigError(
                f"{label}: die ID '{source.id}' kommt doppelt vor; IDs müssen eindeutig sein."
            )
        seen.add(source.id)
        sources.append(source)
    return SourcesFile(path=path, sources=sources)


def load_sources(path: Path) -> SourcesFile:
    if not path.exists():
        raise ConfigError(
            f"Keine Quellendatei unter {path}; legen Sie eine an (siehe docs/sources.md) "
            "oder setzen Sie REGIOHUB_SOURCES auf ihren Pfad."
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(
            f"{path} ist kein UTF-8-Text; speichern Sie die Datei als UTF-8."
        ) from None
    return parse_sources(text, path)
