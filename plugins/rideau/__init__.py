"""Rideau: a bilingual archive of enforcement against piracy streaming and download sites.

One package, three rooms: `rideau.plugins` (the Pelican plugins a build loads by dotted name),
`rideau.newswire` (ingestion and the editors' commands) and `rideau.storyfile` (the story-file
format, read by the build and written by ingestion). docs/architecture.md maps the data flow.
"""
