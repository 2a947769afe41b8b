"""Refresh theme/translations: extract interface strings, merge them into each catalogue.

Run by `make messages`. Untranslated strings are listed; tests fail while any remain.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LANGS = ("fr",)


def main() -> int:
    pot = HERE / "messages.pot"
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "extract",
            "-F", str(HERE.parent / "babel.cfg"),
            "-k", "_", "-k", "N_", "-k", "gettext", "-k", "ngettext:1,2",
            "--no-location", "--omit-header", "--sort-output",
            "-o", str(pot), ".",
        ],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    template = read_po(pot.open("rb"))
    missing = 0
    for lang in LANGS:
        path = HERE / lang / "LC_MESSAGES" / "messages.po"
        catalog = read_po(path.open("rb"), locale=lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with path.open("wb") as handle:
            write_po(
                handle, catalog, omit_header=False, no_location=True, sort_output=True, width=0
            )
        for message in catalog:
            if message.id and not (all(message.string) if message.pluralizable else message.string):
                print(f"{path}: untranslated: {message.id!r}")
                missing += 1
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
