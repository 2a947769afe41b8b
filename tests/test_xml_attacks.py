"""Full-size XML attacks through the real `newswire ingest`, bounded in time and memory.

The test builds each attack itself (the shared xml-attacks/ corpus holds scaled-down samples):
a 10-level billion laughs, a quadratic blow-up, and external entities (general, parameter and
XInclude) pointing at a canary file with a random token. Each run must end within 60 s under a
1 GiB address-space limit, exit 0, neutralise the feed, and leak the canary nowhere: not in the
report, not in the content folder, not in the built site.
"""

from __future__ import annotations

import json
import resource
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, run_pelican

NEWSWIRE = str(Path(sys.executable).parent / "newswire")
GIB = 1024**3
TIME_LIMIT = 60
ATTACK_TITLE = "Police shut down Allostream after a raid"


def limit_memory() -> None:
    """preexec_fn: the ingest process may not map more than 1 GiB."""
    resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))


def rss(doctype: str, title: str, description: str, namespaces: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}\n'
        f'<rss version="2.0"{namespaces}><channel><title>Attack wire</title>'
        "<link>https://attack.example/</link><language>en</language><description>d</description>"
        f"<item><title>{title}</title><link>https://attack.example/1</link>"
        f"<description>{description}</description>"
        "<pubDate>Tue, 05 Nov 2019 11:00:00 +0000</pubDate></item></channel></rss>\n"
    )


def billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    ]
    doctype = "<!DOCTYPE rss [\n" + "\n".join(entities) + "\n]>"
    return rss(doctype, f"{ATTACK_TITLE} &lol9;", "Allostream was shut down by police. &lol9;")


def quadratic() -> str:
    doctype = f'<!DOCTYPE rss [<!ENTITY a "{"B" * 50_000}">]>'
    return rss(doctype, ATTACK_TITLE, "Allostream was shut down. " + "&a;" * 50_000)


def external_entity(canary: Path) -> str:
    doctype = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{canary.as_uri()}">]>'
    return rss(doctype, f"{ATTACK_TITLE} &xxe;", "Allostream was shut down by police: &xxe;")


def parameter_entity(canary: Path) -> str:
    # The parameter entity pulls the canary into the DTD, which then declares a general entity.
    dtd = canary.with_name("evil.dtd")
    dtd.write_text(f'<!ENTITY % file SYSTEM "{canary.as_uri()}">\n%file;\n', encoding="utf-8")
    doctype = (
        f'<!DOCTYPE rss [<!ENTITY % remote SYSTEM "{dtd.as_uri()}">%remote;'
        f'<!ENTITY % inner SYSTEM "{canary.as_uri()}">%inner;]>'
    )
    return rss(doctype, ATTACK_TITLE, "Allostream was shut down by police.")


def xinclude(canary: Path) -> str:
    include = f'<xi:include href="{canary.as_uri()}" parse="text"/>'
    return rss(
        "",
        f"{ATTACK_TITLE} {include}",
        f"Allostream was shut down by police. {include}",
        ' xmlns:xi="http://www.w3.org/2001/XInclude"',
    )


ATTACKS: dict[str, Callable[[Path], str]] = {
    "billion-laughs": lambda _canary: billion_laughs(),
    "quadratic-blowup": lambda _canary: quadratic(),
    "external-entity": external_entity,
    "parameter-entity": parameter_entity,
    "xinclude": xinclude,
}


@dataclass(frozen=True)
class AttackRun:
    returncode: int
    stderr: str
    report: dict
    report_text: str
    seconds: float
    content: Path


def run_attack(tmp_path: Path, feed: Path) -> AttackRun:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "registry", content / "registry")
    (content / "stories").mkdir()
    settings = tmp_path / "conf.py"
    settings.write_text(f'PATH = "{content}"\nNEWSWIRE_STATUS = "published"\n', encoding="utf-8")
    report = tmp_path / "report.json"
    command = [
        NEWSWIRE, "ingest", "--settings", str(settings), "--content", str(content),
        "--state", str(tmp_path / "state.json"), "--report", str(report), str(feed),
    ]  # fmt: skip
    started = time.monotonic()
    process = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=TIME_LIMIT,
        preexec_fn=limit_memory,
    )  # fmt: skip
    seconds = time.monotonic() - started
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    return AttackRun(
        process.returncode, process.stderr, json.loads(text or "{}"), text, seconds, content
    )


def files_containing(folder: Path, token: bytes) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and token in p.read_bytes()]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_xml_attack_is_refused_or_neutralised(tmp_path: Path, name: str) -> None:
    token = f"CANARY-{secrets.token_hex(16)}"
    canary = tmp_path / "canary.txt"
    canary.write_text(token + "\n", encoding="utf-8")
    feed = tmp_path / f"{name}.xml"
    feed.write_text(ATTACKS[name](canary), encoding="utf-8")

    run = run_attack(tmp_path, feed)

    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr and "MemoryError" not in run.stderr, run.stderr[-3000:]
    errors = {error["source"]: error["error"] for error in run.report["errors"]}
    stories = run.report["stories"]
    if str(feed) not in errors:
        # Not refused: whatever was kept must carry no expanded entity text.
        for story in stories:
            for entry in story["entries"]:
                assert "lollollol" not in entry["title"] and "BBBBBBBB" not in entry["title"]
    assert token not in run.report_text and token not in run.stderr
    assert files_containing(run.content, token.encode()) == []
    assert "lollollollol" not in run.report_text and "B" * 1000 not in run.report_text
    output = tmp_path / "output"
    build = run_pelican(run.content, output)
    assert build.returncode == 0, (build.stdout + build.stderr)[-3000:]
    assert files_containing(output, token.encode()) == []
    assert files_containing(output, b"lollollollol") == []
    outcome = f"refused: {errors[str(feed)]}" if str(feed) in errors else f"{len(stories)} stories"
    print(f"xml attack {name}: exit 0 in {run.seconds:.1f} s, {outcome}, canary not leaked")
