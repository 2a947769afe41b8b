"""Rideau: settings for development builds (`make html`, `make serve`).

Production overrides live in publishconf.py. Everything that is a Rideau setting starts with
RIDEAU_ and is documented in README.md.
"""

SITENAME = "Rideau"
AUTHOR = "Rideau"
TIMEZONE = "Europe/Paris"

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"

# The French site is the main site at /, the English site is built beside it at /en/ by the
# `bilingual` plugin (one Pelican build per language, run in parallel).
DEFAULT_LANG = "fr"
RIDEAU_LANGUAGES = {"fr": "", "en": "en"}

# Absolute address of the archive, used where a URL must be absolute (feeds, OPML, sitemap,
# canonical links). Pages themselves use relative URLs in development.
SITEURL = ""
RELATIVE_URLS = True
RIDEAU_PUBLIC_URL = "http://127.0.0.1:8000"
# Tag URIs (RFC 4151) give feed entries ids that survive a change of domain.
RIDEAU_TAG_AUTHORITY = "rideau.archive"
# Warnings about story files stop a production build; in development they are only logged.
RIDEAU_STRICT = False

# Rebuild only what changed since the last build (caches in CACHE_PATH, "cache/"). Off, every
# page is rendered; the output is the same (tests/test_incremental.py).
RIDEAU_INCREMENTAL = True

PLUGIN_PATHS = ["plugins"]
# Order matters where plugins answer the same signal. `stories` first (the reader and the build
# state). At the end of a language build: `incremental` removes stale pages, then `search`
# indexes the site's story pages, then `bilingual` waits for the other language's build, so
# that the two language sites make their search indexes at the same time.
PLUGINS = [
    "rideau.plugins.stories",
    "rideau.plugins.typo",
    "rideau.plugins.taxonomy",
    "rideau.plugins.incremental",
    "rideau.plugins.search",
    "rideau.plugins.bilingual",
]

ARTICLE_PATHS = ["stories"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["documents"]
IGNORE_FILES = [".#*", "*.swp", "README.md"]

# One slug per story, shared by its French and English files: /2011/slug/ and /en/2011/slug/.
ARTICLE_TRANSLATION_ID = "slug"
ARTICLE_URL = "{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{slug}/index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
# Drafts (ingested stories awaiting review) are previewed under /drafts/ in development;
# publishconf.py turns them off.
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_LANG_URL = DRAFT_URL
DRAFT_LANG_SAVE_AS = DRAFT_SAVE_AS
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS

# Sites, studios and outcomes replace Pelican's categories, tags and authors.
DEFAULT_CATEGORY = "stories"
# Drafts need a category even though category pages are off (Pelican 4.12).
DEFAULT_METADATA = {"category": "stories"}
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archives/{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
# 404.html (and en/404.html): the page for a missing address, with links from the site's root
# (`make serve` answers with it; on a static host, make it the error page).
DIRECT_TEMPLATES = ["index", "archives", "404"]

DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"index": None, "term": None}
# Directory-style pages: "torrent9" page 1 and "torrent" page 9 never collide.
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Pelican's own feeds mix languages; the taxonomy plugin writes one set per language.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
RIDEAU_FEED_MAX_ITEMS = 50

# Typography is done per language by the `typo` plugin (typogrify knows English only).
TYPOGRIFY = False

# Story text is CommonMark, rendered by pyromark with fixed options
# (rideau.plugins.stories.commonmark): Pelican's MARKDOWN setting (Python-Markdown) is unused.

JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": ["jinja2.ext.i18n"],
}

DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# Ingestion (`newswire ingest`, `make ingest`): the feeds of outlets that cover enforcement
# against piracy sites. `outlet` and `lang` may be left out: the feed's title and language
# are used. See README.md, "Ingesting news feeds".
NEWSWIRE_FEEDS = [
    {"url": "https://torrentfreak.com/feed/", "outlet": "TorrentFreak", "lang": "en"},
    {
        "url": "https://feeds.arstechnica.com/arstechnica/tech-policy",
        "outlet": "Ars Technica",
        "lang": "en",
    },
    {"url": "https://www.theregister.com/headlines.atom", "outlet": "The Register", "lang": "en"},
    {
        "url": "https://feeds.bbci.co.uk/news/technology/rss.xml",
        "outlet": "BBC Technology",
        "lang": "en",
    },
    {"url": "https://next.ink/feed/", "outlet": "Next", "lang": "fr"},
    {"url": "https://www.numerama.com/feed/", "outlet": "Numerama", "lang": "fr"},
    {"url": "https://www.01net.com/actualites/feed/", "outlet": "01net", "lang": "fr"},
    {
        "url": "https://www.lemonde.fr/pixels/rss_full.xml",
        "outlet": "Le Monde Pixels",
        "lang": "fr",
    },
    {"url": "https://www.zataz.com/feed/", "outlet": "Zataz", "lang": "fr"},
]
# The ingestion state is a cache (SQLite): deleting it loses nothing (story files are the truth).
NEWSWIRE_STATE = ".state/newswire.sqlite3"
# New stories are drafts until an editor publishes them.
NEWSWIRE_STATUS = "draft"
# Coverage of the same site within this many days is the same development: one action is
# reported over up to about two weeks (domains seized, then charges unsealed days later).
NEWSWIRE_WINDOW_DAYS = 14
# New stories one run may write (0: no limit); the entries of the others wait for the next run.
NEWSWIRE_MAX_NEW_STORIES = 1000
