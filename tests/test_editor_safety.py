"""Editors and ingestion taking turns: a property test over random sequences of operations.

Operations: ingest a subset of four newswire-dev feeds (in-process, as the command does), an
editor's edit of a story file (a sentence appended to the body, a new title, a draft published,
a studio added from the registry), or the loss of the state file. After every step: each edit
made so far is still in its file verbatim, no two files share (slug, lang), every file parses,
and no story file has disappeared.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT, SHARED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rideau.newswire.pipeline import Ingestion, IngestOptions
from rideau.newswire.records import FeedSource
from rideau.storyfile.parse import load_front_matter, split_front_matter

FEEDS = SHARED / "corpora" / "newswire-dev" / "feeds"
FEED_NAMES = ("pcinpact.xml", "01net.xml", "torrentfreak.xml", "zataz.xml")
EDITS = ("append-sentence", "change-title", "publish", "add-studio")
STUDIO = "Warner Bros."  # in content/registry/studios.yaml
EXAMPLES = 25


@dataclass
class Archive:
    content: Path
    state: Path
    # path -> text that must stay in the file verbatim; title lines and studios lines are
    # replaced by a later edit of the same kind, sentences accumulate.
    sentences: dict[str, list[str]] = field(default_factory=dict)
    lines: dict[tuple[str, str], str] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    edits: int = 0

    def story_files(self) -> list[Path]:
        return sorted((self.content / "stories").rglob("*.md"))


def ingest(archive: Archive, names: list[str]) -> None:
    options = IngestOptions(content=archive.content, state_path=archive.state)
    Ingestion(options).run([FeedSource(str(FEEDS / name)) for name in names])


def edit(archive: Archive, kind: str, pick: int) -> None:
    files = archive.story_files()
    if not files:
        return
    path = files[pick % len(files)]
    key = path.relative_to(archive.content).as_posix()
    text = path.read_text(encoding="utf-8")
    archive.edits += 1
    if kind == "append-sentence":
        sentence = f"Note {archive.edits} de l'éditeur, vérifiée à la main."
        path.write_text(text.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")
        archive.sentences.setdefault(key, []).append(sentence)
        return
    if kind == "change-title":
        line = f"title: Titre {archive.edits} choisi par l'éditeur"
        text = re.sub(r"^title: .*$", line, text, count=1, flags=re.M)
    elif kind == "publish":
        line = "status: published"
        text = re.sub(r"^status: \w+$", line, text, count=1, flags=re.M)
    else:
        match = re.search(r"^studios: \[(.*)\]$", text, flags=re.M)
        if match is None:
            return
        names = [n.strip() for n in match.group(1).split(",") if n.strip()]
        line = f"studios: [{', '.join(dict.fromkeys([*names, STUDIO]))}]"
        text = text[: match.start()] + line + text[match.end() :]
    path.write_text(text, encoding="utf-8")
    archive.lines[(key, kind)] = line


def invariant_problems(archive: Archive) -> list[str]:
    problems: list[str] = []
    files = archive.story_files()
    present = {path.relative_to(archive.content).as_posix() for path in files}
    problems += [f"{key}: deleted" for key in sorted(archive.seen - present)]
    archive.seen |= present
    texts = {key: (archive.content / key).read_text(encoding="utf-8") for key in present}
    for key, sentences in archive.sentences.items():
        problems += [f"{key}: lost {s!r}" for s in sentences if s not in texts.get(key, "")]
    for (key, _kind), line in archive.lines.items():
        if not re.search(rf"^{re.escape(line)}$", texts.get(key, ""), flags=re.M):
            problems.append(f"{key}: lost {line!r}")
    owners: Counter = Counter()
    for key, text in texts.items():
        try:
            data = load_front_matter(split_front_matter(key, text)[0])
        except ValueError as error:
            problems.append(f"{key}: does not parse: {error}")
            continue
        owners[(data.get("slug"), data.get("lang"))] += 1
    problems += [f"{key} used by {n} files" for key, n in owners.items() if n > 1]
    return problems


ingestion = st.tuples(
    st.just("ingest"), st.lists(st.sampled_from(FEED_NAMES), min_size=1, max_size=4, unique=True)
)
operation = st.one_of(
    ingestion,
    st.tuples(st.just("edit"), st.sampled_from(EDITS), st.integers(0, 1000)),
    st.tuples(st.just("delete-state")),
)

STATS: Counter = Counter()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# An ingestion first, so that there are stories for editors to edit.
@given(
    steps=st.builds(lambda first, rest: [first, *rest], ingestion, st.lists(operation, max_size=8))
)
def check_edits_survive(steps) -> None:
    with tempfile.TemporaryDirectory(prefix="rideau-editor-") as scratch:
        content = Path(scratch) / "content"
        shutil.copytree(ROOT / "content" / "registry", content / "registry")
        (content / "stories").mkdir()
        archive = Archive(content, Path(scratch) / "state.json")
        for number, step in enumerate(steps):
            if step[0] == "ingest":
                ingest(archive, step[1])
            elif step[0] == "edit":
                edit(archive, step[1], step[2])
            else:
                archive.state.unlink(missing_ok=True)
            STATS[step[0]] += 1
            assert invariant_problems(archive) == [], f"after step {number}: {step}"
        STATS["examples"] += 1
        STATS["edits kept"] += sum(map(len, archive.sentences.values())) + len(archive.lines)


@pytest.mark.slow
def test_editors_edits_survive_any_sequence_of_ingestion_and_state_loss() -> None:
    STATS.clear()
    check_edits_survive()  # hypothesis draws EXAMPLES sequences of steps
    assert STATS["examples"] >= EXAMPLES and STATS["ingest"] > 0 and STATS["edit"] > 0
    print(
        f"editor safety: {STATS['examples']} hypothesis examples, {STATS['ingest']} "
        f"ingestions, {STATS['edit']} edits, {STATS['delete-state']} state deletions, "
        f"{STATS['edits kept']} edits checked after every step, 0 lost"
    )
