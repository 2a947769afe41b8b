"""The record itself: every published story of content/ is whole, sourced and tagged right."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, run_pelican
from rideau.newswire.urls import canonical_url
from rideau.registry import load_registry
from rideau.storyfile.parse import load_front_matter, split_front_matter
from rideau.storyfile.vocabulary import OUTCOME_IDS

CONTENT = ROOT / "content"
LANGUAGES = {"fr", "en"}


def published() -> dict[str, dict[str, dict]]:
    """slug -> lang -> front matter, for every published story file."""
    stories: dict[str, dict[str, dict]] = defaultdict(dict)
    for path in sorted((CONTENT / "stories").rglob("*.md")):
        relative = path.relative_to(CONTENT).as_posix()
        front, _body, _ = split_front_matter(relative, path.read_text(encoding="utf-8"))
        data = load_front_matter(front)
        if data.get("status", "published") == "published":
            stories[data["slug"]][data["lang"]] = {**data, "_path": relative}
    return dict(stories)


STORIES = published()


def test_the_archive_spans_the_years_it_claims() -> None:
    years = {str(files["en"]["date"])[:4] for files in STORIES.values() if "en" in files}
    assert len(STORIES) >= 60
    assert len({y for y in years if "2000" <= y <= "2025"}) >= 15


@pytest.mark.parametrize("slug", sorted(STORIES))
def test_a_published_story_is_whole_sourced_and_tagged(slug: str) -> None:
    files = STORIES[slug]
    assert set(files) == LANGUAGES, f"{slug}: published in {sorted(files)} only"
    registry = load_registry(CONTENT / "registry")
    known = {
        taxonomy: {entry.name for entry in registry.entries(taxonomy)}
        for taxonomy in ("sites", "studios")
    }
    tags = set()
    for data in files.values():
        where = data["_path"]
        sources = data.get("sources") or []
        assert sources, f"{where}: no source"
        urls = [str(source["url"]) for source in sources]
        for url in urls:
            parts = urlsplit(url)
            assert parts.scheme in ("http", "https") and parts.hostname, f"{where}: {url}"
            assert not any(c.isspace() for c in url), f"{where}: {url!r}"
        keys = [canonical_url(url) for url in urls]
        assert len(set(keys)) == len(keys), f"{where}: a source is cited twice"
        for taxonomy in ("sites", "studios"):
            unknown = set(data.get(taxonomy) or []) - known[taxonomy]
            assert not unknown, f"{where}: {taxonomy} {sorted(unknown)} not in the registry"
        outcomes = data.get("outcomes") or []
        assert outcomes and set(outcomes) <= set(OUTCOME_IDS), f"{where}: outcomes {outcomes}"
        assert data.get("sites") or data.get("studios"), f"{where}: neither site nor studio"
        tags.add(
            (
                tuple(sorted(data.get("sites") or [])),
                tuple(sorted(data.get("studios") or [])),
                tuple(outcomes),
                tuple(sorted(keys)),
                str(data["date"]),
            )
        )
    assert len(tags) == 1, f"{slug}: the two languages differ in tags, sources or date"


def test_every_site_and_studio_of_the_registry_has_both_descriptions() -> None:
    registry = load_registry(CONTENT / "registry")
    for taxonomy in ("sites", "studios"):
        for entry in registry.entries(taxonomy):
            assert set(entry.description) >= LANGUAGES, f"{taxonomy}: {entry.name}"
            assert entry.kind, f"{taxonomy}: {entry.name} has no kind"


def test_the_record_checks_clean() -> None:
    from rideau.storyfile.checks import check_content

    problems = check_content(Path(CONTENT))
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.slow
def test_the_whole_record_builds_for_publishing(tmp_path) -> None:
    """What `make publish` does, on the shipped content: strict checks, every warning fatal."""
    output = tmp_path / "output"
    built = run_pelican(
        CONTENT, output, "publishconf.py", "--fatal", "warnings",
        env={"RIDEAU_SITEURL": "https://archive.example.org"},
    )  # fmt: skip
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    for slug, files in STORIES.items():
        year = str(files["fr"]["date"])[:4]
        assert (output / year / slug / "index.html").is_file(), slug
        assert (output / "en" / year / slug / "index.html").is_file(), slug
