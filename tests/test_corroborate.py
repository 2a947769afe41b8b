"""The corroborate stage: a site one entry of a run establishes counts for the run's others.

Kuromaru (invented, not in the registry) is established by one outlet ("Kuromaru, a manga
piracy site"); others only name it while reporting the same closure, and were rejected.
"""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime

import pytest
from feeds import rss, write_feed
from newswire_items import REGISTRY, clean
from rideau.newswire.analyse import Analyser
from rideau.newswire.corroborate import corroborate, established_sites, with_sites
from rideau.newswire.pipeline import Ingestion, IngestOptions
from rideau.newswire.records import FeedSource, TaggedEntry, UnnamedEntry
from rideau.newswire.resemblance import LEAD_CHARS

ANALYSER = Analyser(REGISTRY)

ESTABLISHES = (
    "Police shut down Kuromaru, a manga piracy site",
    "Police in Osaka shut down Kuromaru, a manga reading site with 20 million visits a month,"
    " and arrested its operator on Tuesday.",
)
NAMES_ONLY = (
    "Manga publishers hail the end of a giant piracy site",
    "Publishers said the closure of Kuromaru on Tuesday, after police arrested its operator,"
    " would bring readers back to legal platforms.",
)
NAMES_ONLY_FR = (
    "Un site géant de mangas pirates fermé au Japon",
    "La police d'Osaka a fermé Kuromaru mardi et arrêté son administrateur, selon les éditeurs.",
)
ACTS = (
    "Kuromaru sues a rival over pirated manga",
    "Kuromaru filed a lawsuit against a piracy site it says copied its scans, and won an order"
    " to shut it down.",
)
STUDY = (
    "Piracy study: manga readers flock to pirate sites",
    "A study says pirate sites draw more readers than ever.",
)


def judged(title: str, summary: str, lang: str = "en", link: str = "a"):
    return ANALYSER.judge(clean(title, summary, lang, link=f"https://news.example/{link}"))


def test_an_entry_naming_no_site_of_its_own_is_kept_aside_not_lost() -> None:
    assert isinstance(judged(*ESTABLISHES), TaggedEntry)
    unnamed = judged(*NAMES_ONLY, link="b")
    assert isinstance(unnamed, UnnamedEntry)
    assert unnamed.rejection.reason == "not-relevant"
    assert unnamed.clean.text  # kept with its text, to be read again
    # no action reported: not read again for a site; kept aside only to be compared with the
    # stories of the sites it names (corroborate.py), and with none it is rejected
    study = judged(*STUDY, link="e")
    assert isinstance(study, UnnamedEntry) and study.lacks_action
    assert corroborate(REGISTRY, [], [study]).rejected == (study.rejection,)


@pytest.mark.parametrize(("item", "lang"), [(NAMES_ONLY, "en"), (NAMES_ONLY_FR, "fr")])
def test_a_site_established_by_one_entry_counts_for_the_others(item, lang) -> None:
    source = judged(*ESTABLISHES)
    unnamed = judged(*item, lang=lang, link="b")
    result = corroborate(REGISTRY, [source], [unnamed])
    assert [t.entry.link for t in result.tagged] == ["https://news.example/b"]
    assert result.tagged[0].tags.sites == ("Kuromaru",)
    assert result.tagged[0].relevance.reasons[-1].startswith("corroborated: Kuromaru")
    # texts dropped once tagged, as analyse does, but for the lead (resemblance.py)
    assert not result.tagged[0].clean.content_html
    assert len(result.tagged[0].clean.text) <= LEAD_CHARS
    assert result.rejected == ()


def test_without_an_established_site_the_rejection_stands() -> None:
    unnamed = judged(*NAMES_ONLY, link="b")
    result = corroborate(REGISTRY, [], [unnamed])
    assert result.tagged == () and result.rejected == (unnamed.rejection,)


def test_a_name_acting_in_the_entry_is_not_its_target_there() -> None:
    source = judged(*ESTABLISHES)
    acts = judged(*ACTS, link="d")
    assert isinstance(acts, UnnamedEntry)
    # with Kuromaru in the registry the entry names a site, but Kuromaru sues: it acts
    again = Analyser(with_sites(REGISTRY, ["Kuromaru"])).judge(acts.clean)
    assert isinstance(again, TaggedEntry) and "Kuromaru" in again.tags.sites
    result = corroborate(REGISTRY, [source], [acts])
    assert result.tagged == () and result.rejected == (acts.rejection,)


def test_registry_names_are_not_established_again() -> None:
    known = judged(
        "The Pirate Bay is raided by Swedish police",
        "Swedish police raided The Pirate Bay's servers in Stockholm and seized them.",
    )
    assert isinstance(known, TaggedEntry)
    assert established_sites([known, judged(*ESTABLISHES)], REGISTRY) == ("Kuromaru",)


def test_ingest_files_the_corroborated_entries_with_the_story(registry_only, tmp_path) -> None:
    """Two outlets, one story: the entry that only names Kuromaru joins the one that says
    what Kuromaru is, in the dry-run report as in the files."""
    date = format_datetime(dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC))
    feeds = []
    for outlet, (title, summary), lang in (
        ("first", ESTABLISHES, "en"),
        ("second", NAMES_ONLY, "en"),
        ("third", NAMES_ONLY_FR, "fr"),
        ("fourth", STUDY, "en"),
    ):
        fields = {"title": title, "description": summary, "pubDate": date}
        body = rss([{**fields, "link": f"https://{outlet}.example/kuromaru"}], language=lang)
        feeds.append(str(write_feed(tmp_path / "feeds" / f"{outlet}.xml", body)))
    options = IngestOptions(content=registry_only, state_path=tmp_path / "state", workers=1)
    report = Ingestion(options).run([FeedSource(feed) for feed in feeds]).report
    stories = [s for s in report["stories"] if s["entries"]]
    assert len(stories) == 1, report["stories"]
    assert sorted(e["link"] for e in stories[0]["entries"]) == [
        f"https://{outlet}.example/kuromaru" for outlet in ("first", "second", "third")
    ]
    assert stories[0]["sites"] == ["Kuromaru"]
    # the editor reviewing the story reads why the entries naming no site of their own are in
    kept = [why for why in stories[0]["why"] if "; kept: corroborated: Kuromaru" in why]
    assert len(kept) == 2, stories[0]["why"]
    rejected = {r["link"]: r["reason"] for r in report["rejected"]}
    assert rejected == {"https://fourth.example/kuromaru": "not-relevant"}


def test_a_domain_established_by_one_entry_stands_for_its_bare_name() -> None:
    """One outlet writes the domain, another the bare name: "kuromaru.net" is Kuromaru."""
    source = judged(
        "Police shut down kuromaru.net, a manga piracy site",
        "Police in Osaka shut down kuromaru.net, a manga reading site, on Tuesday.",
    )
    assert isinstance(source, TaggedEntry) and source.tags.sites == ("kuromaru.net",)
    unnamed = judged(*NAMES_ONLY, link="b")
    result = corroborate(REGISTRY, [source], [unnamed])
    assert [t.tags.sites for t in result.tagged] == [("kuromaru.net",)]
    assert with_sites(REGISTRY, ["kuromaru.net"]).lookup("sites", "Kuromaru") is not None
    # a bare name that is too short, or another registry name, is no alias
    assert with_sites(REGISTRY, ["tv.to"]).lookup("sites", "tv") is None


def test_an_entry_as_sure_as_a_kept_one_would_be_with_a_site_is_read_again() -> None:
    """A terse item reports a closure with no piracy word: a kept entry would need the points
    a named site adds, and so does this one once another entry establishes Kuromaru."""
    source = judged(*ESTABLISHES)
    terse = judged("Publishers react", "Publishers welcomed the closure of Kuromaru.", "en", "t")
    assert isinstance(terse, UnnamedEntry)
    result = corroborate(REGISTRY, [source], [terse])
    assert [t.tags.sites for t in result.tagged] == [("Kuromaru",)]
