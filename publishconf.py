"""Rideau: production settings (`make publish`).

The public address comes from the environment so that one tree can be published to any host:
    RIDEAU_SITEURL=https://archive.example.org make publish
"""

import os
import sys

sys.path.append(os.curdir)
import pelicanconf

# Every setting of pelicanconf.py, then the production overrides below.
globals().update({k: v for k, v in vars(pelicanconf).items() if k.isupper()})

SITEURL = os.environ.get("RIDEAU_SITEURL", "https://rideau.example.org").rstrip("/")
RIDEAU_PUBLIC_URL = SITEURL
RELATIVE_URLS = False

# A story file with an unknown outcome, a bad date or a value missing from the registry
# fails the build instead of being logged.
RIDEAU_STRICT = True
# Drafts are previewed in development only.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""

DELETE_OUTPUT_DIRECTORY = True
# A production build starts from an empty output folder and reads no cache.
RIDEAU_INCREMENTAL = False
