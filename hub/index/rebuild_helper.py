"""A rebuild helper process: ``python -m hub.index.rebuild_helper PARENT_PID``.

Started by ``hub.index.tantivy_build`` for a large rebuild. It reads chunks of stored rows
(pickled lists of ``StoredRow``, framed as ``multiprocessing.connection`` messages) from
its standard input and writes, for each chunk, the ``(id, document JSON)`` pairs
``IndexWriter.add_json`` takes to the descriptor it got as standard output; an empty
message (``None``) or the end of its input ends it. It is a module of its own, run with
``-m``, so that it runs only this: a ``multiprocessing`` spawn would import the caller's
main script again in every helper (and run it again, if the script does not guard its work
with ``if __name__ == "__main__"``).
"""

from __future__ import annotations

import os
import signal
import sys
from multiprocessing.connection import Connection


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the rebuild's process handles Ctrl+C
    from hub.children import die_with_parent

    die_with_parent(int(argv[0]))
    requests = Connection(0, writable=False)
    results = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # a stray print must not tear a message
    from hub.index.tantivy_schema import row_json

    try:
        while (rows := requests.recv()) is not None:
            results.send([(row.id, row_json(row.decoded())) for row in rows])
    except EOFError:  # the rebuild ended (or was cancelled) without saying so
        pass
    results.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
