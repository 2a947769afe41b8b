"""Pelican reader for Rideau's Markdown files with YAML front matter."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo

from pelican.readers import MarkdownReader

from rideau.plugins.stories.build import BuildState, start_build
from rideau.plugins.stories.cache import FRONT_DIGEST, SOURCE_DIGEST, ReadEntry
from rideau.plugins.stories.commonmark import to_html
from rideau.plugins.stories.elsewhere import Translation, TranslationMaker
from rideau.settings import BuildSettings, build_settings
from rideau.storyfile.checks import duplicate_slug
from rideau.storyfile.parse import Problem, StoryError, parse_front_matter, read_story_text
from rideau.storyfile.validate import check_page, check_story

# Metadata key of a translation that this language site only links to (the site of its own
# language shows it): its text, summary and sources are never shown here.
SHOWN_ELSEWHERE = "rideau_shown_elsewhere"
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class StoryReader(MarkdownReader):
    """Reads stories (under ARTICLE_PATHS) and pages (under PAGE_PATHS).

    Pelican makes readers with its settings only: the stories plugin hands each reader its
    run's settings and build state (`use_build`) before the files are read. A reader used
    outside a Pelican run (tests, tools) starts its own."""

    enabled = True
    file_extensions: ClassVar[list[str]] = ["md", "markdown"]
    rideau: BuildSettings | None = None
    build_state: BuildState | None = None

    def use_build(self, rideau: BuildSettings, state: BuildState) -> None:
        self.rideau, self.build_state = rideau, state

    def _build(self) -> tuple[BuildSettings, BuildState]:
        if self.rideau is None or self.build_state is None:
            rideau = build_settings(self.settings)
            self.use_build(rideau, start_build(self.settings, rideau))
        return self.rideau, self.build_state

    def read(self, source_path: str) -> tuple[str, dict]:
        _, state = self._build()
        path = os.path.relpath(source_path)
        cache, key, entry = state.read_cache, None, None
        # An unreadable file is read without the cache, which reports why.
        raw = _read_bytes(source_path) if cache is not None else None
        if raw is not None:
            key = cache.key(raw)
            entry = cache.get(path, key)
        if entry is None:
            try:
                entry = self.read_entry(source_path, raw)
            except StoryError as exc:
                self._report(state, exc.problems)
                return "", _left_out()
            if key is not None:
                cache.put(path, key, entry)  # before its metadata is changed below
        front_key = entry.front_key
        duplicate = self._claim_slug(state, source_path, path, entry.metadata)
        if duplicate is not None:
            self._report(state, [*entry.problems, duplicate])
            return "", _left_out()
        self._report(state, entry.problems)
        metadata = entry.metadata
        if self._shown_by_other_site(source_path, metadata):
            # This site only links to this translation (title, URL, language): the site of
            # its language renders it.
            _stamp(metadata, key, front_key)
            metadata[SHOWN_ELSEWHERE] = True  # not cached: it depends on the sibling
            translation = self._light_translation(source_path, path, metadata)
            if translation is not None:
                state.elsewhere.append(translation)  # linked once Pelican groups the stories
                return "", _left_out()
            return "", metadata
        content, summary = entry.html
        if summary:
            metadata["summary"] = summary
        _stamp(metadata, key, front_key)
        self._give_urls(source_path, metadata)
        return content, metadata

    def read_entry(self, source_path: str, raw: bytes | None = None) -> ReadEntry:
        """What reading `source_path` gives, before anything is added for one site: metadata,
        body, problems, the HTML of its text and summary (raises StoryError for a file that
        cannot be built). `raw` is the file's bytes, when read already."""
        _, state = self._build()
        metadata, body, problems = self._read_metadata(source_path, os.path.relpath(source_path))
        cache = state.read_cache
        front_key = cache.front_key(raw) if cache is not None and raw is not None else None
        html = self._convert(body, metadata.get("summary"))
        return ReadEntry(metadata, body, problems, html=html, front_key=front_key)

    @staticmethod
    def _convert(body: str, summary: str | None) -> tuple[str, str | None]:
        return to_html(body), to_html(summary) if summary else summary

    def _claim_slug(
        self, state: BuildState, source_path: str, path: str, metadata: dict
    ) -> Problem | None:
        """The problem of a file whose slug and language an earlier file has (files are read
        in path order): both would be written to one page, which stops Pelican's build."""
        kind = "page" if self._is_page(source_path) else "story"
        claim = (kind, metadata.get("slug") or "", metadata.get("lang") or "")
        first = state.slugs.setdefault(claim, path)
        return None if first == path else duplicate_slug(path, claim[1], claim[2], first)

    def _sibling(self, path: str, metadata: dict) -> str:
        """The path of the version in this site's language of the story at `path`."""
        name = f"{metadata['slug']}.{self.settings['DEFAULT_LANG']}.md"
        return os.path.join(os.path.dirname(path), name)

    def _shown_by_other_site(self, source_path: str, metadata: dict) -> bool:
        """A translation whose sibling in this site's language has the same status."""
        site_lang = self.settings["DEFAULT_LANG"]
        if metadata.get("lang") in (None, site_lang) or not metadata.get("slug"):
            return False
        sibling = self._sibling(source_path, metadata)
        _, state = self._build()
        status = state.statuses.get(os.path.relpath(sibling))  # as the reading stage read it
        if status is None:
            try:
                with open(sibling, encoding="utf-8") as file:
                    front = file.read().split("\n---", 2)[0]
            except (OSError, UnicodeDecodeError):
                return False
            found = re.search(r"^status:\s*['\"]?(\w+)", front, re.MULTILINE)
            status = found.group(1) if found else "published"
        return status == metadata.get("status", "published")

    @cached_property
    def _maker(self) -> TranslationMaker | None:
        """Found once per reader: its settings do not change."""
        return TranslationMaker.for_settings(self.settings)

    def _give_urls(self, source_path: str, metadata: dict) -> None:
        """Give a story its URL and output path in its metadata, Pelican's `url` and `save_as`
        overrides, formatted once here, where the settings allow (elsewhere.py): Pelican would
        format both from the settings on each access (three times before the bilingual
        plugin freezes them), each time copying the metadata and computing a relative path."""
        maker = self._maker
        lang = metadata.get("lang")
        if maker is None or not isinstance(lang, str) or self._is_page(source_path):
            return
        urls = maker.urls(metadata, own=lang == self.settings["DEFAULT_LANG"].lower())
        if urls is not None:
            metadata["url"], metadata["save_as"] = urls

    def _light_translation(self, source_path: str, path: str, metadata: dict) -> Translation | None:
        """A light object for a translation this site only links to (elsewhere.py), where it
        is known to stand for the article Pelican would make: a story whose sibling in this
        site's language the reading stage read, with its slug. None: an article, as before."""
        maker = self._maker
        if maker is None or self._is_page(source_path):
            return None
        _, state = self._build()
        if state.slugs_read.get(self._sibling(path, metadata)) != metadata["slug"]:
            return None
        return maker.make(metadata, source_path)

    def _read_metadata(self, source_path: str, path: str) -> tuple[dict, str, list[Problem]]:
        text, problems = _without_control_characters(path, read_story_text(path, Path(source_path)))
        front, body = parse_front_matter(path, text)
        if _has_control(front.data):  # written as YAML escapes ("\\x08")
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in _control_in(front.data)}))
            problems.append(Problem(path, "encoding", f"control character(s) {codes} removed"))
            front = replace(front, data=_without_control(front.data))
        rideau, state = self._build()
        languages = rideau.languages
        if self._is_page(source_path):
            metadata, found = check_page(path, front, languages)
        else:
            registry = state.registry
            metadata, found = check_story(path, front, registry, languages)
        problems += found
        if any(p.fatal for p in problems):
            raise StoryError(problems)
        zone = ZoneInfo(self.settings.get("TIMEZONE") or "UTC")
        for key in ("date", "modified"):
            if metadata.get(key) is not None:
                metadata[key] = _aware_datetime(metadata[key], zone)
        return metadata, body, problems

    @staticmethod
    def _report(state: BuildState, problems: list[Problem]) -> None:
        # Listed once every file is read (build.report_problems): logged here, the first one
        # would stop a build run with --fatal warnings before the others are found.
        state.problems.extend(problems)

    def _is_page(self, source_path: str) -> bool:
        roots = self.__dict__.get("_page_roots")
        if roots is None:
            # The first folder of each of PAGE_PATHS, as a prefix of absolute paths.
            content = os.path.abspath(self.settings["PATH"])
            roots = self._page_roots = tuple(
                os.path.join(content, Path(p).parts[0]) + os.sep
                for p in self.settings["PAGE_PATHS"]
            )
        return os.path.abspath(source_path).startswith(roots)


def _left_out() -> dict:
    """The metadata of a file that cannot be built: Pelican's `skip` status leaves it out
    quietly, where an exception would add a "Could not process" line to the reported problem."""
    return {"status": "skip"}


def _read_bytes(source_path: str) -> bytes | None:
    try:
        # Not pathlib: each language site reads every story file here (10,000 at 5,000
        # stories), and making Path objects cost as much as reading.
        with open(source_path, "rb") as file:
            return file.read()
    except OSError:
        return None


def _stamp(metadata: dict, key: bytes | None, front_key: bytes | None) -> None:
    """The digests incremental builds key pages with, instead of reading the file again."""
    if key is not None:
        metadata[SOURCE_DIGEST] = key.hex()
        if front_key is not None:
            metadata[FRONT_DIGEST] = front_key.hex()


def _without_control_characters(path: str, text: str) -> tuple[str, list[Problem]]:
    """Pasted from a PDF or a terminal, they are invisible and not allowed in HTML or XML."""
    found = CONTROL_CHARACTERS.findall(text)
    if not found:
        return text, []
    codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
    problem = Problem(path, "encoding", f"control character(s) {codes} removed")
    return CONTROL_CHARACTERS.sub("", text), [problem]


def _control_in(value) -> list[str]:
    if isinstance(value, str):
        return CONTROL_CHARACTERS.findall(value)
    if isinstance(value, dict):
        return [c for v in value.values() for c in _control_in(v)]
    if isinstance(value, list):
        return [c for v in value for c in _control_in(v)]
    return []


def _has_control(value) -> bool:
    return bool(_control_in(value))


def _without_control(value):
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, dict):
        return {k: _without_control(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_control(v) for v in value]
    return value


def _aware_datetime(value: dt.date, zone: ZoneInfo) -> dt.datetime:
    """`value` in the site's time zone, as Pelican's content objects would make it.

    A plain datetime, not Pelican's SafeDatetime: SafeDatetime.strftime parses its format
    with regular expressions on every call, and each content object formats its date several
    times (its locale date, its URL and output path, its year archive), 10,000 times per
    language site. Given a date that has a time zone, Pelican keeps it as it is (its
    `set_date_tzinfo` only converts naive dates, into SafeDatetime). The text is the same:
    SafeDatetime strips the zeros of a `%-d` itself, which glibc's strftime does too."""
    if isinstance(value, dt.datetime):
        return dt.datetime(
            value.year, value.month, value.day, value.hour, value.minute, value.second,
            tzinfo=zone,
        )  # fmt: skip
    return dt.datetime(value.year, value.month, value.day, tzinfo=zone)
