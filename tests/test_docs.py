"""The docs say what the code does: the README's synopses, the architecture page's modules."""

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


ARCHITECTURE = ROOT / "docs" / "architecture.md"


def test_architecture_names_only_modules_that_exist() -> None:
    import importlib

    text = ARCHITECTURE.read_text(encoding="utf-8")
    names = sorted(set(re.findall(r"`(rideau(?:\.\w+)*)`", text)))
    assert len(names) > 50, names
    missing = []
    for name in names:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            # A function of a module (`rideau.settings.build_settings`) names it too.
            module, _, attribute = name.rpartition(".")
            if not hasattr(importlib.import_module(module), attribute):
                missing.append(name)
    assert not missing, f"docs/architecture.md names modules that do not exist: {missing}"


def test_architecture_lists_every_module_of_the_package() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    package = ROOT / "plugins" / "rideau"
    modules = {
        ".".join(("rideau", *path.relative_to(package).with_suffix("").parts))
        for path in package.rglob("*.py")
        if path.name != "__init__.py"
    }
    unnamed = sorted(m for m in modules if f"`{m}`" not in text)
    assert not unnamed, f"docs/architecture.md does not place {unnamed}"


def test_architecture_gives_the_plugins_in_their_loading_order() -> None:
    from pelican.settings import read_settings

    text = ARCHITECTURE.read_text(encoding="utf-8")
    plugins = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    end = text.index("End of a language build")
    finalized = [
        p for p in plugins if p.rsplit(".", 1)[-1] in ("incremental", "search", "bilingual")
    ]
    positions = [text.index(f"`{p}`", end) for p in finalized]
    assert positions == sorted(positions), finalized
