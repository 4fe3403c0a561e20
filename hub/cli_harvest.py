"""``regiohub harvest`` at work: progress bars, the Prefect server the run is recorded on, and
an orderly end on SIGTERM or Ctrl+C.

With Prefect (the default) the harvest runs in this process and is recorded as a flow run on
a Prefect server over its REST API (flows/recorded.py), without importing Prefect: on the
server of ``regiohub up`` or ``PREFECT_API_URL`` if one answers, else on a short-lived server
of our own under ``REGIOHUB_HOME`` that starts while the harvest already runs.

SIGTERM or Ctrl+C unwinds the harvest (each batch is one transaction: nothing half-written),
closes the runs it left open as failed with the reason, marks the flow run cancelled, and
ends the process within seconds, also with a connector that hangs in a thread that cannot be
joined; our own Prefect server ends with the process (``PR_SET_PDEATHSIG``, flows/server.py).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

from hub.runtime import Runtime

#: after SIGTERM/Ctrl+C the process ends after at most this long, whatever still runs
GRACE_S = 5.0
#: how long a starting server of our own may keep the end of a harvest waiting for it
OWN_SERVER_WAIT_S = 240.0
EXIT_CODES: dict[int, int] = {signal.SIGTERM: 143, signal.SIGINT: 130}


class Cancelled(BaseException):
    """SIGTERM or Ctrl+C during a harvest; a BaseException so no ``except Exception`` in a
    connector or in the harvest can swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def signal_name(self) -> str:
        return "SIGTERM" if self.signum == signal.SIGTERM else "Strg+C"

    @property
    def headline(self) -> str:
        return f"Ernte abgebrochen ({self.signal_name})."

    @property
    def reason(self) -> str:
        """Why a source's run ended, as the store keeps it."""
        return f"Ernte abgebrochen ({self.signal_name}), bevor die Quelle fertig war."


@contextlib.contextmanager
def cancellable() -> Iterator[None]:
    """SIGTERM and SIGINT raise ``Cancelled`` in the main thread; a second signal, or a
    cancellation that does not finish within ``GRACE_S``, ends the process at once."""
    fired: list[int] = []

    def handler(signum: int, frame: object) -> None:
        if fired:
            os._exit(EXIT_CODES.get(signum, 1))
        fired.append(signum)
        watchdog = threading.Timer(GRACE_S, os._exit, (EXIT_CODES.get(signum, 1),))
        watchdog.daemon = True
        watchdog.start()
        raise Cancelled(signum)

    previous = {s: signal.signal(s, handler) for s in EXIT_CODES}
    try:
        yield
    finally:
        for signum, action in previous.items():
            signal.signal(signum, action)


def run_harvest(
    source_ids: list[str] | None,
    *,
    use_prefect: bool = True,
    full: bool = False,
    err: Any = None,
    show: Callable[[list[dict[str, Any]]], None] | None = None,
) -> list[dict[str, Any]]:
    """Harvest with live progress bars on ``err`` (a rich Console); returns per-source counts.

    ``show`` gets the counts as soon as the harvest is done, before the run's recording on a
    Prefect server of our own that is still starting is waited for."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from flows.progress import ProgressEvent, listening

    runtime = Runtime.from_env()
    selected = runtime.sources.select(source_ids)  # validates ids before anything starts
    for source in selected:
        runtime.registry.connector(source.type)  # unknown connector type: fail fast, clearly
    ids = [s.id for s in selected]
    open_runs: dict[str, int] = {}  # source id → its run in the store, started, not finished
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=None if len(max(ids, key=len, default="")) < 30 else 10),
        TextColumn("{task.fields[records]} Datensätze"),
        TextColumn("{task.fields[state]}"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    tasks = {
        i: progress.add_task(_short(i, 30), total=None, records=0, state="wartet") for i in ids
    }

    def on_event(event: ProgressEvent) -> None:
        task = tasks.get(event.source_id)
        if task is None:
            return
        if event.stage == "started":
            if event.run_id is not None:
                open_runs[event.source_id] = event.run_id
            progress.update(task, state="erntet")
        elif event.stage == "batch":
            fields = progress.tasks[task].fields
            progress.update(task, records=fields["records"] + event.count)
        else:
            open_runs.pop(event.source_id, None)
            state = "[green]fertig" if event.stage == "finished" else "[red]fehlgeschlagen"
            progress.update(task, total=1, completed=1, state=state)

    def done(rows: list[dict[str, Any]]) -> None:
        progress.stop()
        if show is not None:
            show(rows)

    try:
        with cancellable(), progress, listening(on_event):
            if not use_prefect:
                from flows.core import harvest_plain

                rows = [c.as_row() for c in harvest_plain(runtime, selected, full=full)]
                done(rows)
                return rows
            return _recorded(
                runtime,
                selected,
                full,
                warn=err.print if err else print,
                on_cancel=lambda c: _close_open_runs(runtime, open_runs, c),
                on_rows=done,
            )
    except Cancelled as cancelled:
        _close_open_runs(runtime, open_runs, cancelled)
        print(cancelled.headline, file=sys.stderr, flush=True)
        sys.stdout.flush()
        # threads of a connector that hangs cannot be joined: end without waiting for them
        os._exit(EXIT_CODES.get(cancelled.signum, 1))


def _short(text: str, width: int) -> str:
    from hub.cli_tables import middle_ellipsis

    return middle_ellipsis(text, width)


def _close_open_runs(runtime: Runtime, open_runs: dict[str, int], cancelled: Cancelled) -> None:
    """Close the runs the harvest left open as failed, with why, instead of 'running' until
    the next harvest calls them crashed. A store that cannot write now leaves them to that."""
    from hub.model import SourceCounts
    from hub.store import store_errors

    while open_runs:
        source_id, run_id = open_runs.popitem()
        counts = SourceCounts(
            source_id=source_id,
            status="failed",
            run_id=run_id,
            error=cancelled.reason,
            error_kind="cancelled",
            errors={"cancelled": 1},
        )
        with contextlib.suppress(*store_errors()):
            runtime.store.finish_run(run_id, counts)


def _recorded(
    runtime: Runtime,
    selected: list[Any],
    full: bool,
    warn: Callable[[str], None],
    on_cancel: Callable[[Cancelled], None],
    on_rows: Callable[[list[dict[str, Any]]], None],
) -> list[dict[str, Any]]:
    from flows.recorded import (
        FLUSH_TIMEOUT_S,
        FlowRunRecord,
        PrefectApi,
        harvest_recorded,
        run_title,
    )
    from flows.server import LocalPrefectServer, connect, healthy

    ids = [s.id for s in selected]
    url = connect(runtime.settings.home)
    server = None
    if url is None:  # one of our own, started now, ready while the harvest runs
        server = LocalPrefectServer(runtime.settings.home, services=False, announce=False)
        url = server.launch().api_url
    one = len(ids) == 1
    record = FlowRunRecord(
        PrefectApi(url),
        "harvest-source" if one else "harvest-all",
        run_title(ids),
        {"source_id": ids[0], "full": full} if one else {"source_ids": ids, "full": full},
        ready=server.wait_ready if server else None,
        warn=warn,
    )
    try:
        rows = harvest_recorded(runtime, selected, record, full=full)
        on_rows(rows)
        if server and not healthy(url, timeout=0.2):
            warn(f"Warte auf den Prefect-Server unter {url}, um den Lauf aufzuzeichnen …")
        failed = [r["source_id"] for r in rows if r["status"] != "ok"]
        wait = OWN_SERVER_WAIT_S if server else FLUSH_TIMEOUT_S
        if failed:
            record.finish("FAILED", f"Fehlgeschlagen: {', '.join(failed)}.", timeout=wait)
        else:
            record.finish("COMPLETED", timeout=wait)
    except Cancelled as cancelled:
        on_cancel(cancelled)  # the store first: it is what operators read
        record.finish("CANCELLED", cancelled.headline, timeout=GRACE_S / 3)
        raise  # our server ends with this process (PR_SET_PDEATHSIG): no waiting for it here
    except BaseException as exc:
        record.finish("FAILED", str(exc) or type(exc).__name__, timeout=FLUSH_TIMEOUT_S)
        if server:
            server.stop()
        raise
    if server:
        server.stop()
    return rows
