"""Every HTTP fault at once, through the real `newswire ingest`, against a real local server.

tests/test_fetch.py checks each fault against the fetch stage alone, and tests/test_ingest.py
runs the command with a 500 and a hanging server. Here one run of the command meets all of
them together (timeout, slow drip, 404, 500, redirect loop, 50 MB body, gzip bomb, a garbage
status line, a reason phrase with terminal escapes, https to a plain-HTTP port) next to a feed
served as text/html and two good feeds: each fault must be one printable line on stderr and one
entry in `errors`, and every good feed must still become stories.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
import unicodedata
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

NEWSWIRE = str(Path(sys.executable).parent / "newswire")
FEEDS = SHARED / "corpora" / "newswire-dev" / "feeds"
MIB = 1024 * 1024
GOOD = {"/pcinpact.xml": "pcinpact.xml", "/torrentfreak.xml": "torrentfreak.xml"}
WRONG_TYPE = ("/as-html.xml", "01net.xml")  # a valid RSS body sent as text/html
# Fault path -> what its error message must say.
FAULTS = {
    "/timeout.xml": "timed out",
    "/drip.xml": "timed out",
    "/missing.xml": "404",
    "/broken.xml": "500",
    "/loop-a.xml": "redirect loop",
    "/huge.xml": "too large",
    "/bomb.xml": "gzip bomb",
    "/garbage.xml": "bad HTTP response",
    "/escape.xml": "HTTP 500",
}
HTTPS_FAULT = "TLS error"


def gzip_bomb(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(MIB)
    return b"".join([*(compressor.compress(zeros) for _ in range(size // MIB)), compressor.flush()])


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    bomb = gzip_bomb(50 * MIB)

    def handle_error(self, request, client_address) -> None:
        pass  # the client hangs up on the drip, the huge body and the bomb, on purpose


class FaultHandler(BaseHTTPRequestHandler):
    server: FaultServer

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        handlers = {
            "/timeout.xml": self.silent,
            "/drip.xml": self.drip,
            "/missing.xml": lambda: self.send_error(404),
            "/broken.xml": lambda: self.send_error(500),
            "/loop-a.xml": lambda: self.redirect("/loop-b.xml"),
            "/loop-b.xml": lambda: self.redirect("/loop-a.xml"),
            "/huge.xml": self.huge,
            "/bomb.xml": self.gzip_bomb,
            "/garbage.xml": lambda: self.wfile.write(b"GARBAGE\x1b[2J\r\n"),
            "/escape.xml": lambda: self.wfile.write(
                b"HTTP/1.0 500 \x1b]0;owned\x07\x1b[2J\rgone\r\nContent-Length: 0\r\n\r\n"
            ),
            WRONG_TYPE[0]: lambda: self.feed(WRONG_TYPE[1], "text/html; charset=utf-8"),
        }
        if self.path in GOOD:
            self.feed(GOOD[self.path], "application/rss+xml")
        elif self.path in handlers:
            handlers[self.path]()
        else:
            self.send_error(404)

    def feed(self, name: str, content_type: str) -> None:
        body = (FEEDS / name).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def silent(self) -> None:
        time.sleep(4)  # longer than --timeout 2, and not a byte sent

    def drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        for _ in range(40):  # one byte every 0.2 s: each read succeeds, the whole never ends
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(0.2)

    def redirect(self, target: str) -> None:
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def huge(self) -> None:
        # No Content-Length: the size is only known by reading, 50 MB of it.
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        chunk = b"<!-- padding -->" * (MIB // 16)
        for _ in range(50):
            self.wfile.write(chunk)

    def gzip_bomb(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(self.server.bomb)))
        self.end_headers()
        self.wfile.write(self.server.bomb)


@pytest.fixture
def fault_server() -> Iterator[str]:
    server = FaultServer(("127.0.0.1", 0), FaultHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_every_http_fault_is_one_error_and_the_good_feeds_are_ingested(
    fault_server: str, tmp_path: Path
) -> None:
    base = f"http://{fault_server}"
    faults = {f"{base}{path}": expected for path, expected in FAULTS.items()}
    faults[f"https://{fault_server}/pcinpact.xml"] = HTTPS_FAULT
    good = [f"{base}{path}" for path in (*GOOD, WRONG_TYPE[0])]
    content = tmp_path / "content"
    (content / "stories").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "registry", content / "registry")
    report_path = tmp_path / "report.json"
    command = [
        NEWSWIRE, "ingest", "--content", str(content), "--state", str(tmp_path / "state.json"),
        "--report", str(report_path), "--timeout", "2", *faults, *good,
    ]  # fmt: skip
    started = time.monotonic()
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    seconds = time.monotonic() - started

    assert process.returncode == 0, process.stderr
    assert "Traceback" not in process.stderr, process.stderr
    report = json.loads(report_path.read_text(encoding="utf-8"))
    errors = {error["source"]: error["error"] for error in report["errors"]}
    assert set(errors) == set(faults), errors
    for source, expected in faults.items():
        assert expected in errors[source], (source, errors[source])
        lines = [line for line in process.stderr.splitlines() if source in line]
        assert len(lines) == 1, (source, lines)
    assert report["counts"]["feeds_failed"] == len(faults)
    # No server's bytes may move the cursor, recolour or split the lines a user reads.
    for char in process.stderr + "".join(errors.values()):
        assert char == "\n" or unicodedata.category(char) not in ("Cc", "Zl", "Zp"), repr(char)
    sources_in_stories = {e["source"] for s in report["stories"] for e in s["entries"]}
    read = {e["source"] for s in report["stories"] for e in s["entries"]} | {
        r["source"] for r in report["rejected"]
    }
    assert set(good) <= read  # every good feed's entries were read, text/html included
    assert {f"{base}{path}" for path in GOOD} <= sources_in_stories
    for story in report["stories"]:
        assert Path(story["path"]).is_file()
    assert seconds < 30  # the faults run in parallel, each bounded by --timeout 2
    print(
        f"http faults: {len(faults)} faults survived in one run ({seconds:.1f} s), "
        f"{len(good)} good feeds read, {len(report['stories'])} stories written"
    )
