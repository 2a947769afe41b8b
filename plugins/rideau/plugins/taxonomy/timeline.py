"""The timeline page of one language site: stories per month, a chart, outcome totals."""

from __future__ import annotations

from pelican.writers import Writer

from rideau.plugins.taxonomy.depth import chart, counts, timeline
from rideau.plugins.taxonomy.site import LanguageSite
from rideau.storyfile.vocabulary import OUTCOME_IDS

TIMELINE_PATHS = {"fr": "chronologie/", "en": "timeline/"}


def write_timeline_page(site: LanguageSite, writer: Writer) -> None:
    rows = timeline(site.articles)
    site.write_page(
        writer,
        TIMELINE_PATHS,
        "timeline",
        timeline_rows=rows,
        chart=chart(rows),
        outcome_totals=counts(site.articles, "outcomes", order=OUTCOME_IDS),
    )
