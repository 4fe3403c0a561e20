"""Sources with nothing to do, found with one conditional request each and recorded at once.

A re-harvest of many feeds and calendars is mostly sources that answer 304: their run is a
lock, a run record, a touch and the same state saved again. Through Prefect each source
still cost a task run of its own, about as much CPU as the whole 304 harvest (issue 17).
``harvest_unchanged`` asks every source the conditional GET its harvest would start with
(``Connector.conditional_request``), reading no body; a source that answers 304 is harvested
right there by the same ``harvest_source_records`` as any other, its 304 handed over
(``HttpClient.primed``) so the harvest does not ask again — the same run, counts, notes and
progress events as before, one request. Every other source — changed, without validators,
failing, or asked for ``full`` — is left to its own harvest, which asks again and records
what it finds: a look that fails costs one request, never a wrong record.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from connectors.base import HarvestContext
from flows.core import SourceHarvest, harvest_source_records
from hub.config import SourceConfig
from hub.errors import RegiohubError
from hub.http import FetchResult, HttpClient
from hub.runtime import Runtime

log = logging.getLogger(__name__)
#: the look for a 304 waits at most this long; a slower source is left to its own harvest
PROBE_TIMEOUT_S = 10.0


def not_modified(
    runtime: Runtime, source: SourceConfig
) -> dict[tuple[str, str | None, str | None], FetchResult] | None:
    """The source's 304 to the request its harvest would start with, keyed as
    ``HttpClient.primed`` takes it; None when it has none to ask or answered otherwise."""
    http = HttpClient(allowed_hosts=source.hosts(), allow_private=source.allow_private_hosts)
    try:
        connector_cls = runtime.registry.connector(source.type)
        context = HarvestContext(source=source, http=http, state=runtime.store.get_state(source.id))
        connector = connector_cls(source, context)
        request = connector.conditional_request()
        if request is None:
            return None
        timeout = getattr(connector.options, "timeout", None)
        http.timeout_s = min(float(timeout or PROBE_TIMEOUT_S), PROBE_TIMEOUT_S)
        http.check_configured_hosts()
        url, etag, modified = request
        answer = http.probe(url, etag=etag, last_modified=modified)
    except RegiohubError:  # bad options, a refused host: the source's own harvest says so
        return None
    except Exception:  # never let the look stop a harvest: the source's own run will tell
        log.exception("the conditional look at %s failed", source.id)
        return None
    finally:
        http.close()
    return None if answer is None else {request: answer}


def harvest_unchanged(
    runtime: Runtime, sources: list[SourceConfig], *, threads: int = 1
) -> dict[str, SourceHarvest]:
    """Harvest the sources that answer 304, ``threads`` at a time; by source id."""

    def one(source: SourceConfig) -> SourceHarvest | None:
        primed = not_modified(runtime, source)
        if primed is None:
            return None
        return harvest_source_records(runtime, source, primed=primed)

    with ThreadPoolExecutor(max(1, threads), thread_name_prefix="unchanged") as pool:
        harvests = list(pool.map(one, sources))
    return {s.id: h for s, h in zip(sources, harvests, strict=True) if h is not None}
