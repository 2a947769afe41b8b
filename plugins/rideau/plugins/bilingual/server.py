"""The development server of `make serve`: the built site, with its own 404 page.

Pelican's server (`pelican --listen`) closes the connection without any answer when no file
matches an address, and has no option to answer with a page; it also lists a folder without
`index.html`. This one answers a missing address with status 404 and the 404 page of the
address's language site (`/en/...` → `en/404.html`, anything else → `404.html`), and a folder
without `index.html` the same way: a static host does not list folders either.

    python -m rideau.plugins.bilingual.server [--bind 127.0.0.1] [--port 8000] [output]
"""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Sequence
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

NOT_FOUND_PAGE = "404.html"


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves `directory`; answers what is missing with the site's 404 page."""

    def not_found_page(self) -> Path | None:
        """The 404 page of the language site the requested address belongs to: a first folder
        with a 404.html of its own is a language site (`en/`), anything else is the main one."""
        root = Path(self.directory)
        first = self.path.split("?", 1)[0].lstrip("/").split("/", 1)[0]
        candidates = [root / NOT_FOUND_PAGE]
        if first and first not in (".", "..") and "\\" not in first:
            candidates.insert(0, root / first / NOT_FOUND_PAGE)
        return next((page for page in candidates if page.is_file()), None)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = self.not_found_page() if code == HTTPStatus.NOT_FOUND else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def list_directory(self, path: str | os.PathLike):
        # A folder with no index.html (a term or story removed) is a missing page.
        self.send_error(HTTPStatus.NOT_FOUND)
        return None


def make_server(output: str | os.PathLike, bind: str, port: int) -> ThreadingHTTPServer:
    handler = functools.partial(SiteRequestHandler, directory=os.fspath(output))
    return ThreadingHTTPServer((bind, port), handler)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default="output")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    server = make_server(args.output, args.bind, args.port)
    print(f"Serving {args.output}/ at http://{args.bind}:{args.port}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
