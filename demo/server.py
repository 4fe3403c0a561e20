"""Serves the fictional demo partner sites on loopback, like real partner web servers would.

Every ``{{BASE}}`` in a served text file becomes the server's base URL, so feeds can carry
absolute links. Answers conditional GETs (ETag / Last-Modified → 304) like a good server.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from email.utils import formatdate
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

SITES = Path(__file__).parent / "sites"
SOURCES_TEMPLATE = Path(__file__).parent / "sources.toml"
TEXT_TYPES = {".html": "text/html", ".xml": "application/xml", ".txt": "text/plain"}
#: a fixed time so Last-Modified is stable across checkouts and runs
LAST_MODIFIED = formatdate(1_793_000_000, usegmt=True)


class _Handler(BaseHTTPRequestHandler):
    server_version = "DemoPartner/1.0"

    def __init__(self, *args: object, root: Path, base: str, **kwargs: object) -> None:
        self.root, self.base = root, base
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests read output
        return

    def do_GET(self) -> None:
        body, ctype = self._load()
        if body is None:
            self.send_error(HTTPStatus.NOT_FOUND, "Seite nicht gefunden")
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", LAST_MODIFIED)
        self.end_headers()
        self.wfile.write(body)

    def _load(self) -> tuple[bytes | None, str]:
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(self.root) or not target.is_file():
            return None, ""
        suffix = target.suffix.lower()
        if suffix in TEXT_TYPES:
            text = target.read_text(encoding="utf-8").replace("{{BASE}}", self.base)
            ctype = TEXT_TYPES[suffix] + "; charset=utf-8"
            if target.name in ("feed.xml",):
                ctype = "application/rss+xml; charset=utf-8"
            elif target.name == "atom.xml":
                ctype = "application/atom+xml; charset=utf-8"
            return text.encode("utf-8"), ctype
        return target.read_bytes(), mimetypes.guess_type(target.name)[
            0
        ] or "application/octet-stream"


class DemoServer:
    """The demo partner sites on ``http://127.0.0.1:PORT`` in a background thread."""

    def __init__(self, port: int = 0, root: Path = SITES, host: str = "127.0.0.1") -> None:
        self.root = root.resolve()
        self._httpd = ThreadingHTTPServer((host, port), partial(_Handler, root=self.root, base=""))
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://{host}:{self.port}"
        self._httpd.RequestHandlerClass = partial(_Handler, root=self.root, base=self.base_url)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def start(self) -> DemoServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def sources_toml(self) -> str:
        """The demo's sources.toml with this server's base URL filled in."""
        return SOURCES_TEMPLATE.read_text(encoding="utf-8").replace("{{BASE}}", self.base_url)
