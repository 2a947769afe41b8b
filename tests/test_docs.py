"""The README's command synopses list every option the commands take."""

from __future__ import annotations

import argparse
import re

from conftest import ROOT
from rideau.newswire.cli import build_parser


def _subcommand(name: str) -> argparse.ArgumentParser:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices[name]


def test_ingest_synopsis_names_every_option() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    synopsis = re.search(r"newswire ingest \[.*?```", readme, re.S)
    assert synopsis, "README.md has no `newswire ingest` synopsis"
    options = {
        option
        for action in _subcommand("ingest")._actions
        for option in action.option_strings
        if option.startswith("--") and option not in ("--help", "--verbose")
    }
    missing = sorted(o for o in options if o not in synopsis.group(0))
    assert not missing, f"README.md's synopsis of `newswire ingest` lacks {missing}"
    assert "--workers" in options
