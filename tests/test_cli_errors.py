"""Every error a `newswire` command can explain is one line, `newswire: <message>`, and a
non-zero exit: never a traceback."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from feeds import item, rss, write_feed
from rideau.newswire import cli
from rideau.newswire.lock import content_lock
from rideau.storyfile.edit import StoryWriteError
from rideau.storyfile.parse import Problem, StoryError


@pytest.fixture
def site(registry_only: Path) -> Path:
    """A site folder: pelicanconf.py (no NEWSWIRE_* settings) beside `content/`."""
    settings = registry_only.parent / "pelicanconf.py"
    settings.write_text('PATH = "content"\n', encoding="utf-8")
    return settings


def feed(site: Path) -> Path:
    return write_feed(
        site.parent / "feeds" / "a.xml", rss([item("Zorgstream", "https://a.example/1")])
    )


def newswire(capsys, site: Path, *args: str) -> tuple[int, str]:
    """Run `newswire ARGS --settings SITE`; the exit code and the message it printed."""
    command, *rest = args
    code = cli.main([command, "--settings", str(site), *rest])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newswire: "), err
    assert code != 0
    return code, lines[0]


def story(content: Path, slug: str = "zorgstream-2024-03-01") -> Path:
    path = content / "stories" / "2024" / f"{slug}.en.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: Zorgstream blocked\nslug: {slug}\nlang: en\ndate: 2024-03-01\n"
        "summary: A summary.\nsites: [Zorgstream]\nstatus: draft\nsources: []\n---\nText.\n",
        encoding="utf-8",
    )
    return path


# -- SettingsError: pelicanconf.py ---------------------------------------------------------


def test_languages_without_a_main_site_are_a_settings_error(site, capsys) -> None:
    site.write_text('RIDEAU_LANGUAGES = {"fr": "fr", "en": "en"}\n', encoding="utf-8")
    _code, message = newswire(capsys, site, "review")
    assert "RIDEAU_LANGUAGES" in message and "exactly one language" in message


def test_an_unknown_story_status_is_a_settings_error(site, capsys) -> None:
    site.write_text('NEWSWIRE_STATUS = "live"\n', encoding="utf-8")
    _code, message = newswire(capsys, site, "review")
    assert message == f"newswire: {site}: NEWSWIRE_STATUS 'live' is not draft, published or hidden"


def test_feeds_that_are_not_a_list_are_a_settings_error(site, capsys) -> None:
    site.write_text('NEWSWIRE_FEEDS = "https://a.example/feed"\n', encoding="utf-8")
    _code, message = newswire(capsys, site, "review")
    assert message == f"newswire: {site}: NEWSWIRE_FEEDS must be a list of feeds"


@pytest.mark.parametrize(
    ("feeds", "reason"),
    [
        ('[{"outlet": "A"}]', "NEWSWIRE_FEEDS entry 1 needs a 'url'"),
        ('[{"url": "https://a.example/f", "lang": "de"}]',
         "NEWSWIRE_FEEDS entry 1: lang 'de' is not fr or en"),
    ],
)  # fmt: skip
def test_a_feed_entry_without_url_or_with_another_language_is_a_settings_error(
    site, capsys, feeds, reason
) -> None:
    site.write_text(f"NEWSWIRE_FEEDS = {feeds}\n", encoding="utf-8")
    _code, message = newswire(capsys, site, "ingest", "--dry-run")
    assert message == f"newswire: {site}: {reason}"


def test_a_count_that_is_not_a_whole_number_is_a_settings_error(site, capsys) -> None:
    site.write_text("NEWSWIRE_MAX_NEW_STORIES = -1\n", encoding="utf-8")
    _code, message = newswire(capsys, site, "review")
    assert "NEWSWIRE_MAX_NEW_STORIES must be a whole number" in message


# -- RegistryError ------------------------------------------------------------------------


def test_a_broken_registry_is_one_line(site, capsys) -> None:
    (site.parent / "content" / "registry" / "sites.yaml").write_text(
        "- name: [unclosed\n", encoding="utf-8"
    )
    _code, message = newswire(capsys, site, "ingest", "--dry-run", str(feed(site)))
    assert "sites.yaml" in message


def test_ingest_reads_the_registry_named_by_the_settings(site, capsys) -> None:
    # RIDEAU_REGISTRY_PATH, not content/registry: its broken file is what stops the run.
    broken = site.parent / "content" / "other-registry"
    broken.mkdir()
    (broken / "sites.yaml").write_text("- name: [unclosed\n", encoding="utf-8")
    site.write_text('RIDEAU_REGISTRY_PATH = "other-registry"\n', encoding="utf-8")
    _code, message = newswire(capsys, site, "ingest", "--dry-run", str(feed(site)))
    assert "other-registry" in message and "sites.yaml" in message


# -- StoryError, StoryWriteError, EditorError: story files and editors' commands -------------


def test_a_story_error_reaching_the_command_is_one_line(site, capsys, monkeypatch) -> None:
    def failing(_content: Path) -> list:
        raise StoryError([Problem("stories/2024/x.en.md", "front matter", "no closing '---'")])

    monkeypatch.setattr(cli, "check_content", failing)
    _code, message = newswire(capsys, site, "check")
    assert message == "newswire: stories/2024/x.en.md: front matter: no closing '---'"


def test_a_story_write_error_is_one_line(site, capsys, monkeypatch) -> None:
    story(site.parent / "content")

    def refusing(self, story_id: str, *, as_is: bool = False) -> list[str]:
        raise StoryWriteError(f"{story_id}: could not change `status` without touching others")

    monkeypatch.setattr(cli.Archive, "publish", refusing)
    _code, message = newswire(capsys, site, "publish", "zorgstream-2024-03-01")
    assert "could not change `status`" in message


def test_an_unknown_story_is_one_line(site, capsys) -> None:
    _code, message = newswire(capsys, site, "publish", "no-such-story")
    assert "no-such-story" in message


def test_a_source_in_another_language_is_one_line(site, capsys) -> None:
    _code, message = newswire(
        capsys, site, "new", "--no-input", "--title-fr", "T", "--title-en", "T",
        "--date", "2024-03-01", "--source", "https://a.example/1 | A | de | 2024-03-01 | T",
    )  # fmt: skip
    assert message.endswith("lang must be fr or en")


# -- ContentBusyError, StateError ---------------------------------------------------------


def test_content_another_command_is_writing_is_one_line(site, capsys, monkeypatch) -> None:
    content = site.parent / "content"
    story(content)
    monkeypatch.setattr(cli, "content_lock", functools.partial(content_lock, wait=0.0))
    with content_lock(content):
        _code, message = newswire(capsys, site, "publish", "zorgstream-2024-03-01", "--as-is")
    assert "is still writing to" in message


def test_a_state_path_that_is_a_folder_is_one_line(site, capsys) -> None:
    folder = site.parent / "state"
    folder.mkdir()
    _code, message = newswire(capsys, site, "ingest", "--state", str(folder), str(feed(site)))
    assert "the state path is a folder" in message


# -- the command line itself ----------------------------------------------------------------


def test_a_missing_content_folder_is_one_line(site, capsys, tmp_path) -> None:
    _code, message = newswire(capsys, site, "review", "--content", str(tmp_path / "nowhere"))
    assert message == f"newswire: content folder {tmp_path / 'nowhere'} does not exist"


def test_no_feed_at_all_is_one_line(site, capsys) -> None:
    _code, message = newswire(capsys, site, "ingest")
    assert message == "newswire: no source given and NEWSWIRE_FEEDS is empty"


def test_a_report_into_a_folder_is_one_line(site, capsys, tmp_path) -> None:
    _code, message = newswire(capsys, site, "ingest", "--report", str(tmp_path), str(feed(site)))
    assert "is a folder; give a file name" in message


def test_ingest_names_sites_from_the_registry_the_settings_name(site, capsys) -> None:
    """Not an error: with the registry elsewhere (RIDEAU_REGISTRY_PATH), a site it lists is
    known, not a name to add."""
    content = site.parent / "content"
    (content / "registry").rename(content / "names")
    site.write_text('RIDEAU_REGISTRY_PATH = "names"\n', encoding="utf-8")
    report = site.parent / "report.json"
    allostream = write_feed(
        site.parent / "feeds" / "b.xml", rss([item("Allostream", "https://a.example/2")])
    )
    code = cli.main(["ingest", "--settings", str(site), "--dry-run", "--report", str(report),
                     str(allostream)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    written = json.loads(report.read_text(encoding="utf-8"))
    assert written["proposed_sites"] == []
    assert [s["sites"] for s in written["stories"]] == [["Allostream"]]
