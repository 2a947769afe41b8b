"""Editors' decisions on stories: review, publish, reject, merge, split.

Every decision is written into the story files themselves (their `status`, their place in
`content/rejected/`, their `newswire` record), never only into the state cache, so that
every later ingestion run respects it. Each operation checks everything first and changes
nothing when it refuses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from rideau.newswire.archive import StoryInfo
from rideau.newswire.files import write_atomic
from rideau.newswire.records import Cluster
from rideau.newswire.state import StateStore
from rideau.newswire.urls import canonical_url
from rideau.newswire.wording import WORDING
from rideau.newswire.write import machine_story, merge_sources
from rideau.storyfile.edit import append_sources, read_front, set_front_key
from rideau.storyfile.parse import parse_date
from rideau.storyfile.render import is_machine_owned, render_story


class EditorError(ValueError):
    """An editor's command that cannot be carried out; nothing was changed."""


# What `newswire new` writes where the editor has not written yet (scaffold.py uses these):
# `publish` refuses a story that still holds them, as it refuses ingestion's text.
SUMMARY_PLACEHOLDER = {"fr": "(à rédiger)", "en": "(to be written)"}
PLACEHOLDER = {
    "fr": "Votre annotation : ce qui s’est passé, qui a agi, sur quel fondement, ce qui a suivi.",
    "en": "Your annotation: what happened, who acted, on what basis, what followed.",
}


# The `newswire` record of the sources ingestion appended to a published story since an
# editor last saw it: `newswire review` lists them, `newswire publish ID` clears them.
NEW_COVERAGE = "new_coverage"


def note_new_coverage(text: str, path: str, data: dict, appended: list[dict]) -> str:
    """`text` (an editor's file, its sources just appended) with the appended URLs recorded,
    when the story is published: readers see those sources before any editor did."""
    if str(data.get("status") or "published") != "published":
        return text  # a draft is in the review queue already
    block = data.get("newswire") if isinstance(data.get("newswire"), dict) else {}
    urls = [*(block.get(NEW_COVERAGE) or []), *(str(s.get("url")) for s in appended)]
    return set_front_key(text, path, "newswire", {**block, NEW_COVERAGE: list(dict.fromkeys(urls))})


def placeholders_left(data: dict, body: str) -> list[str]:
    """The parts of a story file that still hold `newswire new`'s placeholder text."""
    left = []
    # Either language's placeholder counts: an editor may have copied one file to the other.
    if str(data.get("summary") or "").strip() in SUMMARY_PLACEHOLDER.values():
        left.append("summary")
    if body.strip() in PLACEHOLDER.values():
        left.append("annotation (the body)")
    return left


@dataclass(frozen=True)
class StoryView:
    """A story as the review queue shows it."""

    id: str
    date: str
    status: str
    titles: dict[str, str]
    paths: dict[str, str]
    outlets: list[str]
    languages: list[str]
    sites: list[str]
    studios: list[str]
    outcomes: list[str]
    confidence: float | None
    why: list[str]
    edited: bool
    sources: list[dict] = field(default_factory=list)
    new_coverage: list[dict] = field(default_factory=list)  # sources not yet seen by an editor


class Archive:
    """The story files of one content folder, for editors' commands."""

    def __init__(self, content: Path):
        self.content = content
        self.index = StateStore.in_memory().refresh(content)

    # -- looking stories up -------------------------------------------------------------------
    def story(self, story_id: str) -> StoryInfo:
        info = self.index.stories.get(story_id)
        if info is None:
            close = [s for s in self.index.stories if story_id in s][:5]
            hint = f" (did you mean: {', '.join(close)}?)" if close else ""
            raise EditorError(f"no story with id {story_id!r}{hint}; `newswire review` lists them")
        return info

    def read(self, info: StoryInfo) -> dict[str, tuple[str, dict, str]]:
        """lang -> (text, front matter, body) of each file of the story."""
        files = {}
        for lang, path in sorted(info.files.items()):
            full = self.content / path
            if not full.exists():
                raise EditorError(f"{full}: missing (rebuild the index: delete .state and retry)")
            files[lang] = read_front(full, path)
        return files

    def view(self, info: StoryInfo) -> StoryView:
        files = self.read(info)
        first = next(iter(files.values()))[1]
        block = first.get("newswire") or {}
        sources = [s for s in first.get("sources") or [] if isinstance(s, dict)]
        return StoryView(
            id=info.id,
            date=info.date.isoformat(),
            status=str(first.get("status") or "published"),
            titles={lang: str(data.get("title", "")) for lang, (_t, data, _b) in files.items()},
            paths={lang: (self.content / info.files[lang]).as_posix() for lang in files},
            outlets=list(dict.fromkeys(str(s.get("outlet")) for s in sources)),
            languages=sorted({str(s.get("lang")) for s in sources}),
            sites=[str(x) for x in first.get("sites") or []],
            studios=[str(x) for x in first.get("studios") or []],
            outcomes=[str(x) for x in first.get("outcomes") or []],
            confidence=block.get("confidence") if isinstance(block, dict) else None,
            why=list(block.get("why") or []) if isinstance(block, dict) else [],
            edited=not all(is_machine_owned(t, d) for t, d, _b in files.values()),
            sources=sources,
            new_coverage=_new_coverage(files, sources),
        )

    def drafts(self) -> list[StoryView]:
        drafts = [v for v in self._views() if v.status == "draft"]
        return sorted(drafts, key=lambda v: (v.date, v.id), reverse=True)

    def with_new_coverage(self) -> list[StoryView]:
        """Published stories that ingestion appended sources to since an editor saw them."""
        views = [v for v in self._views() if v.status == "published" and v.new_coverage]
        return sorted(views, key=lambda v: (v.date, v.id), reverse=True)

    def _views(self) -> list[StoryView]:
        return [
            self.view(info)
            for info in self.index.stories.values()
            if not info.rejected and info.files
        ]

    # -- decisions ---------------------------------------------------------------------------
    def publish(self, story_id: str, *, as_is: bool = False) -> list[str]:
        info = self.story(story_id)
        self._not_rejected(info)
        files = self.read(info)
        untouched = [lang for lang, (t, d, _b) in files.items() if is_machine_owned(t, d)]
        if untouched and not as_is:
            raise EditorError(
                f"story {story_id}: the {', '.join(untouched)} file(s) still hold the text "
                "ingestion wrote; write the title, summary and annotation in your own words "
                "first (or pass --as-is)"
            )
        if not as_is:
            self._no_placeholders(story_id, info, files)
        changed = []
        for lang, (text, data, _body) in files.items():
            path = info.files[lang]
            updated = _seen(set_front_key(text, path, "status", "published"), path, data)
            write_atomic(self.content / path, updated)
            changed.append(path)
        return changed

    def reject(self, story_id: str) -> list[str]:
        """Move the story out of the site, into content/rejected/: its entries never come back."""
        info = self.story(story_id)
        self._not_rejected(info)
        files = self.read(info)
        published = [lang for lang, (_t, d, _b) in files.items() if d.get("status") == "published"]
        if published:
            raise EditorError(
                f"story {story_id} is published ({', '.join(published)}); set its status to "
                "draft first if it really must leave the archive"
            )
        moved = []
        for lang, (text, data, _body) in files.items():
            path = info.files[lang]
            block = dict(data.get("newswire") or {})
            block.update({"id": story_id, "rejected": dt.date.today().isoformat()})
            target = Path("rejected") / Path(path).relative_to("stories")
            write_atomic(self.content / target, set_front_key(text, path, "newswire", block))
            (self.content / path).unlink()
            moved.append(target.as_posix())
        return moved

    def merge(self, target_id: str, other_ids: list[str]) -> list[str]:
        """Fold `other_ids` into `target_id`: their sources join it, their files go."""
        if target_id in other_ids or len(set(other_ids)) != len(other_ids):
            raise EditorError("merge: give each story once, and not the target among the others")
        target = self.story(target_id)
        others = [self.story(i) for i in other_ids]
        for info in (target, *others):
            self._not_rejected(info)
        target_files = self.read(target)
        other_files = {o.id: self.read(o) for o in others}
        for other in others:
            edited = [
                lang
                for lang, (t, d, _b) in other_files[other.id].items()
                if not is_machine_owned(t, d)
            ]
            published = [d.get("status") for _t, d, _b in other_files[other.id].values()]
            if edited or "published" in published:
                raise EditorError(
                    f"story {other.id} has been edited or published: merging it into "
                    f"{target_id} would discard its text; merge {target_id} into it instead, "
                    "or copy what you need by hand"
                )
        new_sources = [
            s
            for files in other_files.values()
            for _t, d, _b in files.values()
            for s in d.get("sources") or []
            if isinstance(s, dict)
        ]
        merged_record = [
            {"id": o.id, "date": o.date.isoformat(), "sites": sorted(o.sites)} for o in others
        ]
        other_keys = sorted({k for o in others for k in o.keys})
        changed = []
        for lang, (text, data, _body) in target_files.items():
            path = target.files[lang]
            block = dict(data.get("newswire") or {})
            block["id"] = target_id
            block["entries"] = list(dict.fromkeys([*block.get("entries", []), *other_keys]))
            block["merged"] = [*block.get("merged", []), *merged_record]
            block["why"] = [*block.get("why", []), f"merged by an editor: {', '.join(other_ids)}"]
            sources = merge_sources(data.get("sources") or [], new_sources)
            if is_machine_owned(text, data):
                tags = {
                    key: list(
                        dict.fromkeys([*(data.get(key) or []), *_other_tags(other_files, key)])
                    )
                    for key in ("sites", "studios", "outcomes")
                }
                updated = self._regenerated(target, lang, data, sources, tags, block)
            else:
                fresh = [
                    s for s in new_sources if canonical_url(str(s.get("url"))) not in _urls(data)
                ]
                updated = append_sources(text, path, _unique_sources(fresh)) if fresh else text
                updated = set_front_key(updated, path, "newswire", block)
            write_atomic(self.content / path, updated)
            changed.append(path)
        # The target gains a language it did not have: create it from the other story's file.
        for other in others:
            for lang, (text, data, _body) in other_files[other.id].items():
                if lang not in target_files:
                    path = f"stories/{target.date.year}/{target_id}.{lang}.md"
                    tags = {
                        k: [str(x) for x in data.get(k) or []]
                        for k in ("sites", "studios", "outcomes")
                    }
                    block = {"id": target_id, "entries": other_keys, "merged": merged_record}
                    sources = merge_sources(
                        next(iter(target_files.values()))[1].get("sources") or [], new_sources
                    )
                    text = self._regenerated(target, lang, data, sources, tags, block)
                    write_atomic(self.content / path, text)
                    target_files[lang] = (text, {}, "")
                    changed.append(path)
        for other in others:
            for path in other.files.values():
                (self.content / path).unlink()
        return changed

    def split(self, story_id: str, entries: list[str]) -> tuple[str, list[str]]:
        """Move the sources named by `entries` (URLs) into a new story; returns its id."""
        info = self.story(story_id)
        self._not_rejected(info)
        files = self.read(info)
        edited = [lang for lang, (t, d, _b) in files.items() if not is_machine_owned(t, d)]
        if edited:
            raise EditorError(
                f"story {story_id} has been edited: ingestion does not rewrite it; move the "
                "sources by hand and create the other story with `newswire new`"
            )
        wanted = {canonical_url(e) for e in entries}
        first = next(iter(files.values()))[1]
        sources = [s for s in first.get("sources") or [] if isinstance(s, dict)]
        moving = [s for s in sources if canonical_url(str(s.get("url"))) in wanted]
        missing = wanted - {canonical_url(str(s.get("url"))) for s in moving}
        if missing:
            raise EditorError(f"story {story_id} does not cite: {', '.join(sorted(missing))}")
        if len(moving) == len(sources):
            raise EditorError(f"story {story_id}: splitting every source out leaves nothing behind")
        staying = [s for s in sources if s not in moving]
        dates = sorted(str(s.get("date")) for s in moving)
        new_date = parse_date(dates[0]) or info.date
        new_id = self.index.new_id(f"{story_id}-split")
        moved_keys = [canonical_url(str(s.get("url"))) for s in moving]
        changed = []
        for lang, (_text, data, _body) in files.items():
            path = info.files[lang]
            tags = {
                k: [str(x) for x in data.get(k) or []] for k in ("sites", "studios", "outcomes")
            }
            block = dict(data.get("newswire") or {})
            block["entries"] = [k for k in block.get("entries", []) if k not in moved_keys]
            block["split"] = [*block.get("split", []), {"id": new_id, "entries": moved_keys}]
            write_atomic(
                self.content / path, self._regenerated(info, lang, data, staying, tags, block)
            )
            changed.append(path)
        new_info = StoryInfo(
            new_id, new_date if isinstance(new_date, dt.date) else info.date, set(info.sites)
        )
        languages = sorted(
            {str(s.get("lang")) for s in moving if s.get("lang") in WORDING} or files
        )
        for lang in languages:
            data = files.get(lang, next(iter(files.values())))[1]
            tags = {
                k: [str(x) for x in data.get(k) or []] for k in ("sites", "studios", "outcomes")
            }
            block = {"id": new_id, "entries": moved_keys, "split_from": story_id}
            path = f"stories/{new_info.date.year}/{new_id}.{lang}.md"
            write_atomic(
                self.content / path, self._regenerated(new_info, lang, data, moving, tags, block)
            )
            changed.append(path)
        return new_id, changed

    # -- helpers -----------------------------------------------------------------------------
    def _regenerated(self, info: StoryInfo, lang: str, data: dict, sources, tags, block) -> str:
        date = parse_date(data.get("date")) or info.date
        meta, body = machine_story(
            lang, Cluster(info.id, existing=True), merge_sources([], sources), tags,
            list(block.get("entries", [])), str(data.get("status") or "draft"),
            date if isinstance(date, dt.date) else info.date, block,
        )  # fmt: skip
        return render_story(meta, body)

    def _no_placeholders(
        self, story_id: str, info: StoryInfo, files: dict[str, tuple[str, dict, str]]
    ) -> None:
        """Refuse a story whose files still hold `newswire new`'s placeholders."""
        left = {
            (self.content / info.files[lang]).as_posix(): parts
            for lang, (_text, data, body) in files.items()
            if (parts := placeholders_left(data, body))
        }
        if left:
            named = "; ".join(f"{path}: {', '.join(parts)}" for path, parts in left.items())
            raise EditorError(
                f"story {story_id} still holds the placeholder text of `newswire new` ({named}); "
                "write it in your own words first (or pass --as-is)"
            )

    @staticmethod
    def _not_rejected(info: StoryInfo) -> None:
        if info.rejected:
            raise EditorError(f"story {info.id} was rejected (its files are in content/rejected/)")


def _new_coverage(files: dict[str, tuple[str, dict, str]], sources: list[dict]) -> list[dict]:
    """The sources recorded as not yet seen, in any of the story's files."""
    recorded = {
        canonical_url(str(url))
        for _text, data, _body in files.values()
        if isinstance(block := data.get("newswire"), dict)
        for url in block.get(NEW_COVERAGE) or []
    }
    everywhere = [s for _t, d, _b in files.values() for s in d.get("sources") or []]
    cited = merge_sources([], [s for s in [*sources, *everywhere] if isinstance(s, dict)])
    return [s for s in cited if canonical_url(str(s.get("url"))) in recorded]


def _seen(text: str, path: str, data: dict) -> str:
    """`text` without its record of new coverage: an editor has now looked at the story."""
    block = data.get("newswire")
    if not isinstance(block, dict) or NEW_COVERAGE not in block:
        return text
    rest = {k: v for k, v in block.items() if k != NEW_COVERAGE}
    return set_front_key(text, path, "newswire", rest)


def _urls(data: dict) -> set[str]:
    return {
        canonical_url(str(s.get("url"))) for s in data.get("sources") or [] if isinstance(s, dict)
    }


def _unique_sources(sources: list[dict]) -> list[dict]:
    return merge_sources([], sources)


def _other_tags(other_files: dict, key: str) -> list[str]:
    return [
        str(x)
        for files in other_files.values()
        for _t, d, _b in files.values()
        for x in d.get(key) or []
    ]
