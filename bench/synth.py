"""Synthetic archives for benchmarks: the same stories as Rideau, Hugo and bare Pelican content.

    .venv/bin/python bench/synth.py rideau N DIR     # content/ in Rideau's story format
    .venv/bin/python bench/synth.py hugo N DIR       # a Hugo site with equivalent templates
    .venv/bin/python bench/synth.py pelican N DIR    # bare Pelican content (tags for taxonomies)
    .venv/bin/python bench/synth.py feeds N DIR      # N feed entries in 200+ RSS files

N stories, each in French and English, with realistic sizes (a summary, 3 to 6 paragraphs,
2 to 6 sources), tags drawn from a registry of 300 sites and 100 studios. Deterministic: the
same N gives the same archive.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

OUTCOMES = (
    "notice", "lawsuit", "arrest", "seizure", "blocking", "shutdown", "conviction", "acquittal",
    "settlement", "relaunch",
)  # fmt: skip
WORDS = {
    "fr": (
        "le site de liens a fermé après une plainte des ayants droit ; la justice a ordonné "
        "le blocage par les fournisseurs d'accès : les enquêteurs ont saisi des serveurs et "
        "interpellé deux administrateurs ! pourquoi ce site ? les studios disent « piratage » "
        "et réclament des dommages et intérêts au tribunal de grande instance de Paris"
    ).split(),
    "en": (
        "the link site shut down after a complaint by rights holders; the court ordered "
        "internet providers to block it: investigators seized servers and arrested two "
        'operators! why this site? the studios say "piracy" and seek damages in court'
    ).split(),
}
OUTLETS = {
    "fr": ("Numerama", "Next", "01net", "Le Monde", "Zataz"),
    "en": ("TorrentFreak", "Ars Technica", "The Register", "BBC"),
}


@dataclass(frozen=True)
class Story:
    slug: str
    date: dt.date
    sites: tuple[str, ...]
    studios: tuple[str, ...]
    outcomes: tuple[str, ...]
    sources: tuple[dict, ...]
    titles: dict
    summaries: dict
    bodies: dict


def registry() -> tuple[list[str], list[str]]:
    # Names end in digits like real ones (T411, Torrent9), the case that broke pagination.
    sites = [f"Site{n}" if n % 3 else f"Torrent{n}" for n in range(300)]
    studios = [f"Studio {n}" for n in range(100)]
    return sites, studios


def sentence(rng: random.Random, lang: str, words: int) -> str:
    text = " ".join(rng.choice(WORDS[lang]) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def stories(count: int) -> list[Story]:
    rng = random.Random(count)
    sites, studios = registry()
    start = dt.date(2005, 1, 1)
    result = []
    for n in range(count):
        date = start + dt.timedelta(days=rng.randrange(7300))
        chosen_sites = tuple(rng.sample(sites, rng.choice((1, 1, 1, 2, 3))))
        sources = tuple(
            {
                "outlet": rng.choice(OUTLETS[lang]),
                "lang": lang,
                "date": (date + dt.timedelta(days=rng.randrange(3))).isoformat(),
                "title": sentence(rng, lang, 8)[:-1],
                "url": f"https://news{n % 7}.example/{lang}/{date:%Y/%m}/story-{n}-{k}",
            }
            for k, lang in enumerate(rng.choice(("fr", "en")) for _ in range(rng.randint(2, 6)))
        )
        result.append(
            Story(
                slug=f"story-{n:06d}",
                date=date,
                sites=chosen_sites,
                studios=tuple(rng.sample(studios, rng.choice((0, 1, 1, 2)))),
                outcomes=tuple(o for o in OUTCOMES if o in rng.sample(OUTCOMES, rng.randint(1, 3))),
                sources=sources,
                titles={
                    lang: f"{chosen_sites[0]} : " + sentence(rng, lang, 7)[:-1]
                    for lang in ("fr", "en")
                },
                summaries={lang: sentence(rng, lang, 30) for lang in ("fr", "en")},
                bodies={
                    lang: "\n\n".join(
                        sentence(rng, lang, rng.randint(40, 90)) for _ in range(rng.randint(3, 6))
                    )
                    for lang in ("fr", "en")
                },
            )
        )
    return result


def write_rideau(count: int, target: Path) -> None:
    content = target / "content"
    shutil.rmtree(content, ignore_errors=True)
    sites, studios = registry()
    (content / "registry").mkdir(parents=True)
    dump = {"sort_keys": False, "allow_unicode": True, "width": 10_000}
    site_entries = [
        {"name": s, "status": "closed", "years": [2005, 2020],
         "description": {"fr": f"Site de liens {s}.", "en": f"Link site {s}."}}
        for s in sites
    ]  # fmt: skip
    studio_entries = [
        {"name": s, "description": {"fr": f"{s}, ayant droit.", "en": f"{s}, rights holder."}}
        for s in studios
    ]
    (content / "registry" / "sites.yaml").write_text(
        yaml.safe_dump(site_entries, **dump), encoding="utf-8"
    )
    (content / "registry" / "studios.yaml").write_text(
        yaml.safe_dump(studio_entries, **dump), encoding="utf-8"
    )
    shutil.copytree(Path(__file__).resolve().parent.parent / "content" / "pages", content / "pages")
    for story in stories(count):
        folder = content / "stories" / str(story.date.year)
        folder.mkdir(parents=True, exist_ok=True)
        for lang in ("fr", "en"):
            meta = {
                "title": story.titles[lang], "slug": story.slug, "lang": lang,
                "date": story.date.isoformat(), "event_date": story.date.isoformat(),
                "summary": story.summaries[lang], "sites": list(story.sites),
                "studios": list(story.studios), "outcomes": list(story.outcomes),
                "status": "published", "sources": list(story.sources),
            }  # fmt: skip
            text = f"---\n{yaml.safe_dump(meta, **dump)}---\n{story.bodies[lang]}\n"
            (folder / f"{story.slug}.{lang}.md").write_text(text, encoding="utf-8")


HUGO_CONFIG = """\
baseURL = "http://127.0.0.1:1313/"
defaultContentLanguage = "fr"
defaultContentLanguageInSubdir = false
disableKinds = ["section"]
[pagination]
  pagerSize = 20
[taxonomies]
  target = "targets"
  studio = "studios"
  outcome = "outcomes"
[outputs]
  home = ["HTML", "RSS"]
  term = ["HTML", "RSS"]
  taxonomy = ["HTML"]
[languages.fr]
  label = "Français"
  weight = 1
  contentDir = "content/fr"
[languages.en]
  label = "English"
  weight = 2
  contentDir = "content/en"
"""
HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html><html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8">
<title>{{ .Title }} — Rideau</title><link rel="stylesheet" href="/css/site.css">
{{ range .AlternativeOutputFormats }}<link rel="alternate" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="{{ .Site.Home.RelPermalink }}">Rideau</a>
<nav><a href="{{ "targets/" | relLangURL }}">Sites</a> <a href="{{ "studios/" | relLangURL }}">Studios</a> <a href="{{ "outcomes/" | relLangURL }}">Outcomes</a>
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Label }}</a>{{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>
<dl>{{ range .GetTerms "targets" }}<dd><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></dd>{{ end }}
{{ range .GetTerms "studios" }}<dd><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></dd>{{ end }}
{{ range .GetTerms "outcomes" }}<dd><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></dd>{{ end }}</dl>
<div>{{ .Params.summary }}</div>{{ .Content }}
<section><h2>Coverage</h2><ol>{{ range .Params.sources }}<li><a href="{{ .url }}" hreflang="{{ .lang }}">{{ .title }}</a> {{ .outlet }}, {{ .date }}</li>{{ end }}</ol></section>
</article>{{ end }}""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}<p>{{ .Params.summary }}</p></li>{{ end }}</ol>
{{ with .Paginator.Next }}<a href="{{ .URL }}">Older</a>{{ end }}{{ end }}""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}""",
    "term.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}<p>{{ .Params.summary }}</p></li>{{ end }}</ol>
{{ with .Paginator.Next }}<a href="{{ .URL }}">Older</a>{{ end }}{{ end }}""",
}


def write_hugo(count: int, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    (target / "layouts" / "_default").mkdir(parents=True)
    (target / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (target / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    (target / "static" / "css").mkdir(parents=True)
    (target / "static" / "css" / "site.css").write_text("body{font-family:serif}", encoding="utf-8")
    dump = {"sort_keys": False, "allow_unicode": True, "width": 10_000}
    for story in stories(count):
        for lang in ("fr", "en"):
            folder = target / "content" / lang / "stories"
            folder.mkdir(parents=True, exist_ok=True)
            meta = {
                "title": story.titles[lang], "date": story.date.isoformat(), "slug": story.slug,
                "translationKey": story.slug, "summary": story.summaries[lang],
                # Hugo reserves `sites`: the same taxonomy under another key.
                "targets": list(story.sites), "studios": list(story.studios),
                "outcomes": list(story.outcomes), "sources": list(story.sources),
            }  # fmt: skip
            (folder / f"{story.slug}.md").write_text(
                f"---\n{yaml.safe_dump(meta, **dump)}---\n{story.bodies[lang]}\n", encoding="utf-8"
            )


BARE_CONF = """\
SITENAME = "Bare"
PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
PLUGINS = []
ARTICLE_TRANSLATION_ID = "slug"
TAG_FEED_ATOM = "feeds/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/{slug}.rss.xml"
FEED_ALL_ATOM = "feeds/all.atom.xml"
DEFAULT_PAGINATION = 20
# Pelican's default pattern writes page 2 of tag "Site23" as tag/site232.html, tag "Site232"'s
# first page: the documented folder pattern keeps them apart.
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
"""


def write_pelican(count: int, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    content = target / "content"
    content.mkdir(parents=True)
    (target / "bareconf.py").write_text(BARE_CONF, encoding="utf-8")
    for story in stories(count):
        for lang in ("fr", "en"):
            tags = ", ".join([*story.sites, *story.studios, *story.outcomes])
            (content / f"{story.slug}.{lang}.md").write_text(
                f"Title: {story.titles[lang]}\nDate: {story.date.isoformat()}\nSlug: {story.slug}\n"
                f"Lang: {lang}\nTags: {tags}\nSummary: {story.summaries[lang]}\n\n{story.bodies[lang]}\n",
                encoding="utf-8",
            )


def write_feeds(count: int, target: Path, files: int = 200) -> None:
    """`count` entries about `count // 3` developments, spread over `files` RSS feeds."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    rng = random.Random(count)
    sites, _ = registry()
    per_file: list[list[str]] = [[] for _ in range(files)]
    for n in range(count):
        lang = "fr" if n % 2 else "en"
        site = sites[(n // 3) % len(sites)]
        date = dt.datetime(2005, 1, 1, 12, tzinfo=dt.UTC) + dt.timedelta(
            days=(n // 3) % 7300, hours=n % 5
        )
        verb = {"fr": "a été fermé par la police", "en": "was shut down by police"}[lang]
        title = f"{site} {verb} ({n})"
        body = (
            f"<p>{escape(site)} {verb}; "
            + " ".join(rng.choice(WORDS[lang]) for _ in range(80))
            + "</p>"
        )
        per_file[n % files].append(
            f"<item><title>{escape(title)}</title><link>https://feed{n % files}.example/{n}</link>"
            f"<guid>urn:bench:{n}</guid><pubDate>{format_datetime(date)}</pubDate>"
            f"<description>{escape(body)}</description></item>"
        )
    for number, items in enumerate(per_file):
        (target / f"feed{number:03d}.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Bench {number}</title><link>https://feed{number}.example/</link>"
            f"<language>{'fr' if number % 2 else 'en'}</language>{''.join(items)}</channel></rss>",
            encoding="utf-8",
        )


WRITERS = {
    "rideau": write_rideau,
    "hugo": write_hugo,
    "pelican": write_pelican,
    "feeds": write_feeds,
}


def registry_for_feeds(target: Path) -> None:
    """A registry naming the sites of `write_feeds`, so that ingestion finds them."""
    sites, _ = registry()
    (target / "registry").mkdir(parents=True, exist_ok=True)
    (target / "stories").mkdir(exist_ok=True)
    entries = [{"name": s, "description": {"fr": s, "en": s}} for s in sites]
    (target / "registry" / "sites.yaml").write_text(yaml.safe_dump(entries), encoding="utf-8")
    (target / "registry" / "studios.yaml").write_text("[]\n", encoding="utf-8")


if __name__ == "__main__":
    kind, count, target = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    WRITERS[kind](count, target)
