"""A translation a site only links to is a light object (stories/elsewhere.py): it must stand
for the Pelican article it replaces, with the same URL, output path and links to its story's
versions, in the order Pelican's own `process_translations` gives them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, make_content
from pelican import Pelican, signals
from pelican.contents import Article
from pelican.settings import read_settings
from pelican.utils import process_translations
from rideau.plugins.stories.elsewhere import Translation, TranslationMaker

COMPARED = ("url", "save_as", "lang", "slug", "date", "status", "relative_source_path")


def _as_article(content, generator) -> Article:
    """A new Pelican article made from the metadata of `content` (a Translation or not)."""
    # Without the URL and output path the reader may have given: Pelican formats its own.
    metadata = {k: v for k, v in content.metadata.items() if k not in ("url", "save_as")}
    return Article(
        "",
        metadata,
        settings=generator.settings,
        source_path=content.source_path,
        context={},
    )


def test_light_translations_stand_for_pelican_articles(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)  # the reading stage names files relative to the working folder
    content = make_content(tmp_path)
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(tmp_path / "output"),
            "CACHE_PATH": str(tmp_path / "cache"),
            "RIDEAU_SEARCH": False,
        },
    )
    seen: dict[str, list] = {}

    def compare(generator) -> None:  # connected first: before the translations are emptied
        lists = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts")
        seen.update({name: list(getattr(generator, name)) for name in lists})
        seen["drafts_translations"] = list(generator.drafts_translations)
        seen["generator"] = [generator]

    signals.article_generator_finalized.connect(compare)
    try:
        Pelican(settings).run()
    finally:
        signals.article_generator_finalized.disconnect(compare)
    generator = seen["generator"][0]
    light = [t for t in seen["translations"] if isinstance(t, Translation)]
    assert len(light) > 10, "the French site keeps its English versions as Translations"
    assert not any(isinstance(a, Translation) for a in seen["articles"])
    for stories, others in (
        ("articles", "translations"),
        ("hidden_articles", "hidden_translations"),
        ("drafts", "drafts_translations"),
    ):
        # Pelican's grouping of the same stories, every one a Pelican article.
        everything = [_as_article(c, generator) for c in (*seen[stories], *seen[others])]
        everything.sort(key=lambda c: c.relative_source_path)  # the order Pelican read them
        index, translations = process_translations(everything, translation_id="slug")
        assert [t.relative_source_path for t in translations] == [
            t.relative_source_path for t in seen[others]
        ]
        expected = {a.relative_source_path: a for a in (*index, *translations)}
        for content_object in (*seen[stories], *seen[others]):
            oracle = expected[content_object.relative_source_path]
            for name in COMPARED:
                assert getattr(content_object, name) == getattr(oracle, name), name
            assert [t.relative_source_path for t in content_object.translations] == [
                t.relative_source_path for t in oracle.translations
            ]


@pytest.mark.parametrize(
    "override",
    [
        {"WITH_FUTURE_DATES": False},  # Pelican makes future stories drafts
        {"EXTRA_PATH_METADATA": {"stories": {"status": "hidden"}}},
    ],
)
def test_settings_a_translation_cannot_follow_make_articles(override: dict) -> None:
    settings = read_settings(str(ROOT / "pelicanconf.py"), override=override)
    assert TranslationMaker.for_settings(settings) is None


def test_url_formats_naming_other_fields_are_left_to_pelican() -> None:
    override = {"ARTICLE_LANG_URL": "{category}/{slug}/"}  # a field a Translation lacks
    maker = TranslationMaker.for_settings(read_settings(str(ROOT / "pelicanconf.py"), override))
    assert maker is not None
    assert ("published", False) not in maker.formats
    assert ("published", True) in maker.formats and ("draft", False) in maker.formats


def test_rideau_settings_make_translations() -> None:
    maker = TranslationMaker.for_settings(read_settings(str(ROOT / "pelicanconf.py")))
    assert maker is not None and len(maker.formats) == 6
