"""Sources with nothing to do, found with one conditional request each and recorded at once.

A re-harvest of many feeds and calendars is mostly sources that answer 304: their run is a
lock, a run record, a touch and the same state saved again. Through Prefect each source
still cost a task run of its own, about as much CPU as the whole 304 harvest (issue 17).
``harvest_unchanged`` sends every source the conditional GET its harvest would start with
(``Connector.conditional_request``):

- a source that answers 304 is harvested right there by the same ``harvest_source_records``
  as any other, its 304 handed over (``HttpClient.primed``) so the harvest does not ask
  again: the same run, counts, notes and progress events as before, from one request;
- a changed source's new answer is kept when its declared length fits the budget
  (``KEEP_BYTES`` for all, the source's ``max_bytes`` each) and handed to that source's own
  harvest, which then does not ask again either; a larger one is not read (headers only);
- every other source — without validators, failing, too large, or asked for ``full`` — is
  left to its own harvest, which asks again and records what it finds: a look that goes
  wrong costs one request, never a wrong record.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from connectors.base import HarvestContext
from flows.core import SourceHarvest, harvest_source_records
from hub.config import SourceConfig
from hub.errors import RegiohubError
from hub.http import FetchResult, HttpClient
from hub.runtime import Runtime

log = logging.getLogger(__name__)
#: the look waits at most this long; a slower source is left to its own harvest
PROBE_TIMEOUT_S = 10.0
#: changed answers kept for their harvests, all sources of one look together
KEEP_BYTES = 64 * 1024 * 1024
Primed = dict[tuple[str, str | None, str | None], FetchResult]


@dataclass
class Looked:
    #: sources that answered 304, harvested: by source id
    unchanged: dict[str, SourceHarvest] = field(default_factory=dict)
    #: changed sources whose new answer was read: for their own harvest (``primed=``)
    answers: dict[str, Primed] = field(default_factory=dict)


class _Budget:
    """Bytes that may still be kept; taken before a body is read, the unused part given back."""

    def __init__(self, total: int) -> None:
        self.left = total
        self._lock = threading.Lock()

    def take(self, most: int) -> int:
        with self._lock:
            took = max(0, min(most, self.left))
            self.left -= took
            return took

    def give_back(self, unused: int) -> None:
        with self._lock:
            self.left += unused


def look(runtime: Runtime, source: SourceConfig, budget: _Budget) -> Primed | None:
    """The source's answer to the request its harvest would start with — a 304, or a changed
    answer read whole within ``budget`` — keyed as ``HttpClient.primed`` takes it; None when
    it has no such request or the answer is not worth keeping."""
    http = HttpClient(allowed_hosts=source.hosts(), allow_private=source.allow_private_hosts)
    took, answer = 0, None
    try:
        connector_cls = runtime.registry.connector(source.type)
        context = HarvestContext(source=source, http=http, state=runtime.store.get_state(source.id))
        connector = connector_cls(source, context)
        request = connector.conditional_request()
        if request is None:
            return None
        # the source's own limits, as its harvest would set them
        timeout = getattr(connector.options, "timeout", None) or PROBE_TIMEOUT_S
        http.timeout_s = min(float(timeout), PROBE_TIMEOUT_S)
        http.max_bytes = int(getattr(connector.options, "max_bytes", None) or http.max_bytes)
        http.check_configured_hosts()
        took = budget.take(http.max_bytes)
        url, etag, modified = request
        answer = http.probe(url, etag=etag, last_modified=modified, keep_up_to=took)
    except RegiohubError:  # bad options, a refused host: the source's own harvest says so
        return None
    except Exception:  # never let the look stop a harvest: the source's own run will tell
        log.exception("the conditional look at %s failed", source.id)
        return None
    finally:
        http.close()
        budget.give_back(took - (len(answer.body) if answer is not None else 0))
    return None if answer is None else {request: answer}


def harvest_unchanged(
    runtime: Runtime, sources: list[SourceConfig], *, threads: int = 1, keep_bytes: int = KEEP_BYTES
) -> Looked:
    """Look at every source, ``threads`` at a time; harvest those that answer 304."""
    budget, looked = _Budget(keep_bytes), Looked()

    def one(source: SourceConfig) -> None:
        primed = look(runtime, source, budget)
        if primed is None:
            return
        if next(iter(primed.values())).not_modified:
            looked.unchanged[source.id] = harvest_source_records(runtime, source, primed=primed)
        else:
            looked.answers[source.id] = primed

    with ThreadPoolExecutor(max(1, threads), thread_name_prefix="unchanged") as pool:
        list(pool.map(one, sources))
    return looked
