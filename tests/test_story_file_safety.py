"""Story files that are valid YAML but unsafe or inconsistent with the rest of the archive.

A YAML alias bomb, a key given twice, a `lang` that contradicts the file name, the two language
versions of a story dated in different years, two files claiming one slug: each is one clear
problem naming the file(s), reported by `newswire check` and by the build the way other bad
story files are (development builds go on, production builds fail), never a traceback or a
build that runs for minutes.
"""

from __future__ import annotations

import posixpath
import subprocess
import sys
from pathlib import Path

from conftest import copy_reference_content, run_pelican
from rideau.storyfile.checks import check_content

NEWSWIRE = str(Path(sys.executable).parent / "newswire")
STORY = """---
title: {title}
slug: {slug}
lang: {lang}
date: {date}
summary: Résumé de l'éditeur.
sites: [Allostream]
studios: [Warner Bros.]
outcomes: [notice]
status: published
sources:
  - outlet: 01net
    lang: fr
    date: {date}
    title: Un titre
    url: https://01net.example/{slug}
{extra}---
Texte de l'éditeur.
"""

# "Billion laughs": nine levels of nine references each, 9**9 (387 million) strings once
# expanded, in a file of a few hundred bytes.
BOMB = 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]\n" for level in range(1, 9)
)


def story(
    slug: str, lang: str = "fr", date: str = "2012-03-04", extra: str = "", title: str = ""
) -> str:
    return STORY.format(
        slug=slug, lang=lang, date=date, extra=extra, title=title or f"Histoire {slug}"
    )


def archive(tmp_path: Path, files: dict[str, str]) -> Path:
    """The shipped content plus `files` (paths under content/stories/)."""
    content = tmp_path / "content"
    copy_reference_content(content)
    for relative, text in files.items():
        path = content / "stories" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


def problems_of(content: Path, name: str) -> list[str]:
    """The errors `newswire check` finds about `name`, with paths from content/ on (not the
    notes about stories without a translation)."""
    base = f"{content.parent}/"
    return [
        str(p).replace(base, "")
        for p in check_content(content)
        if name in p.path + p.reason and p.severity == "error"
    ]


def build(content: Path, output: Path, *extra: str, **kwargs) -> tuple[int, str]:
    result = run_pelican(content, output, *extra, **kwargs)
    return result.returncode, result.stdout + result.stderr


def publish(content: Path, output: Path) -> tuple[int, str]:
    return build(
        content, output, "publishconf.py", "--fatal", "warnings",
        env={"RIDEAU_SITEURL": "https://archive.example.org"},
    )  # fmt: skip


def assert_dev_build_reports(content: Path, output: Path, *messages: str) -> str:
    code, log = build(content, output)
    assert code == 0, log[-3000:]
    assert "Traceback" not in log and "FileOverwriteFailedError" not in log, log[-3000:]
    for message in messages:
        assert message in log, (message, log[-3000:])
    # The rest of the archive is built.
    assert (output / "2011" / "allostream-warner-2011" / "index.html").is_file()
    assert (output / "en" / "2011" / "allostream-warner-2011" / "index.html").is_file()
    return log


# a) YAML anchors and aliases


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    content = archive(tmp_path, {"2012/bomb.fr.md": story("bomb", extra=BOMB)})
    expected = (
        "stories/2012/bomb.fr.md:17: front matter: "
        "YAML aliases and anchors are not allowed in a story file"
    )
    assert any(expected in p for p in problems_of(content, "bomb.fr.md"))
    assert_dev_build_reports(content, tmp_path / "out", expected)
    assert not (tmp_path / "out" / "2012" / "bomb").exists()  # left out, like broken YAML
    code, log = publish(content, tmp_path / "published")
    assert code != 0 and expected in log, log[-3000:]


def test_one_alias_is_refused_too(tmp_path: Path) -> None:
    text = story("alias").replace("sites: [Allostream]", "sites: &targets [Allostream]")
    text = text.replace("outcomes: [notice]", "outcomes: [notice]\nalso: *targets")
    content = archive(tmp_path, {"2012/alias.fr.md": text})
    assert problems_of(content, "alias.fr.md") == [
        "content/stories/2012/alias.fr.md:7: front matter: YAML aliases and anchors are not "
        "allowed in a story file (found &targets); write the value out in full"
    ]


# b) a key given twice


def test_a_key_given_twice_is_an_error_naming_file_line_and_key(tmp_path: Path) -> None:
    text = story("twice", extra="status: draft\n")  # the last `status:` would have won
    content = archive(tmp_path, {"2012/twice.fr.md": text})
    assert problems_of(content, "twice.fr.md") == [
        "content/stories/2012/twice.fr.md:17: status: given twice (first on line 10); "
        "keep only one `status:` line"
    ]
    process = subprocess.run(
        [NEWSWIRE, "check", "--content", str(content)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert process.returncode == 1, process.stdout + process.stderr
    assert "twice.fr.md:17: status: given twice (first on line 10)" in process.stdout
    code, log = publish(content, tmp_path / "published")
    assert code != 0 and "twice.fr.md:17: status: given twice" in log, log[-3000:]


def test_a_key_given_twice_inside_a_source_is_named(tmp_path: Path) -> None:
    text = story("twice-url").replace(
        "    url: https://01net.example/twice-url\n",
        "    url: https://01net.example/twice-url\n    url: https://01net.example/other\n",
    )
    content = archive(tmp_path, {"2012/twice-url.fr.md": text})
    assert problems_of(content, "twice-url.fr.md") == [
        "content/stories/2012/twice-url.fr.md:17: sources: `url` given twice in one entry "
        "(first on line 16); keep only one"
    ]
    assert_dev_build_reports(content, tmp_path / "out", "twice-url.fr.md:17: sources: `url`")


# c) `lang` and the file name


def test_lang_that_contradicts_the_file_name_is_an_error(tmp_path: Path) -> None:
    content = archive(tmp_path, {"2012/mislabelled.en.md": story("mislabelled", lang="fr")})
    assert problems_of(content, "mislabelled.en.md") == [
        "content/stories/2012/mislabelled.en.md:4: lang: 'fr', but the file name says 'en' "
        "(mislabelled.en.md): correct one of them"
    ]
    assert_dev_build_reports(
        content, tmp_path / "out", "mislabelled.en.md:4: lang: 'fr', but the file name says 'en'"
    )


# d) the two language versions of a story dated in different years


def switch_target(output: Path, page: str, lang: str) -> Path:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((output / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    href = soup.select_one(f".lang-switch a[hreflang={lang}]")["href"]
    return output / posixpath.normpath(posixpath.join(page, href)) / "index.html"


def alternates(output: Path, page: str) -> dict[str, str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((output / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    return {a["hreflang"]: a["href"] for a in soup.select("link[rel=alternate][hreflang]")}


def test_translation_dated_in_another_year_links_right_and_is_reported(tmp_path: Path) -> None:
    content = archive(
        tmp_path,
        {
            "2011/split-years.fr.md": story("split-years", "fr", "2011-12-30"),
            "2012/split-years.en.md": story("split-years", "en", "2012-01-02"),
        },
    )
    expected = (
        "content/stories/2011/split-years.fr.md: date: 2011-12-30, but its en version "
        "content/stories/2012/split-years.en.md is dated 2012-01-02"
    )
    found = problems_of(content, "split-years")
    assert len(found) == 1 and found[0].startswith(expected), found
    output = tmp_path / "out"
    log = assert_dev_build_reports(content, output, "stories/2011/split-years.fr.md: date:")
    assert "stories/2012/split-years.en.md is dated 2012-01-02" in log
    # Each page's language switch leads to the other version's real page, not to a 404.
    assert switch_target(output, "2011/split-years", "en") == (
        output / "en" / "2012" / "split-years" / "index.html"
    )
    assert switch_target(output, "en/2012/split-years", "fr") == (
        output / "2011" / "split-years" / "index.html"
    )
    assert (output / "en" / "2012" / "split-years" / "index.html").is_file()
    assert alternates(output, "2011/split-years") == {
        "fr": "http://127.0.0.1:8000/2011/split-years/",
        "en": "http://127.0.0.1:8000/en/2012/split-years/",
    }
    code, log = publish(content, tmp_path / "published")
    assert code != 0 and "split-years.en.md is dated 2012-01-02" in log, log[-3000:]


# e) two files, one slug


def test_two_files_with_one_slug_are_one_error_and_the_build_goes_on(tmp_path: Path) -> None:
    content = archive(
        tmp_path,
        {
            "2011/first.fr.md": story("same", date="2011-05-06", title="La première"),
            "2011/second.fr.md": story("same", date="2011-05-07", title="La seconde"),
        },
    )
    expected = (
        "stories/2011/second.fr.md: slug: 'same' (fr) is also used by "
        "content/stories/2011/first.fr.md"
    )
    found = problems_of(content, "'same'")
    assert len(found) == 1 and found[0].startswith(f"content/{expected}"), found
    output = tmp_path / "out"
    log = assert_dev_build_reports(content, output, "stories/2011/second.fr.md: slug: 'same' (fr)")
    assert "first.fr.md" in log.split("stories/2011/second.fr.md: slug: 'same' (fr)")[1][:200]
    page = (output / "2011" / "same" / "index.html").read_text(encoding="utf-8")
    assert "La première" in page and "La seconde" not in page  # the first file, in path order
    code, log = publish(content, tmp_path / "published")
    assert code != 0 and "second.fr.md: slug: 'same' (fr) is also used by" in log, log[-3000:]
