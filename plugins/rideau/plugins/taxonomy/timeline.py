"""The timeline page of one language site: stories per month, a chart, outcome totals."""

from __future__ import annotations

from pelican.writers import Writer

from rideau.plugins.taxonomy.depth import chart, counts, timeline
from rideau.plugins.taxonomy.site import LanguageSite
from rideau.storyfile.vocabulary import OUTCOME_IDS

TIMELINE_PATHS = {"fr": "chronologie/", "en": "timeline/"}


def write_timeline_page(site: LanguageSite, writer: Writer) -> None:
    rows = timeline(site.articles)
    path = site.page_path(TIMELINE_PATHS)
    writer.write_file(
        f"{path}index.html",
        site.get_template("timeline"),
        site.context,
        relative_urls=site.settings["RELATIVE_URLS"],
        timeline_rows=rows,
        chart=chart(rows),
        outcome_totals=counts(site.articles, "outcomes", order=OUTCOME_IDS),
        rideau_paths=site.paths_everywhere(TIMELINE_PATHS),
    )
