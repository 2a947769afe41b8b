"""Every interface string exists in French, and French strings follow French typography."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from rideau.plugins.typo.french import NBSP, NNBSP

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def interface_strings() -> set[str]:
    found = set()
    for directory, method, options in (
        (ROOT / "plugins", "python", {}),
        (
            ROOT / "theme" / "templates",
            "jinja2",
            {"extensions": "jinja2.ext.i18n", "trim_blocks": "True"},
        ),
    ):
        pattern = "**.py" if method == "python" else "**.html"
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            str(directory), [(pattern, method)], {pattern: options}, keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def french_catalogue():
    path = ROOT / "theme" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale="fr")


def test_every_interface_string_is_translated_into_french() -> None:
    catalogue = french_catalogue()
    strings = interface_strings()
    assert len(strings) > 50
    missing = sorted(
        s for s in strings if not catalogue.get(s) or not all(_strings(catalogue.get(s)))
    )
    assert not missing, f"untranslated (run `make messages` and translate): {missing}"


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def test_french_strings_follow_french_typography() -> None:
    for message in french_catalogue():
        for text in _strings(message) if message.id else []:
            assert not re.search(r"[^\s" + NBSP + NNBSP + r"][;!?]", text), text
            assert not re.search(r"[ " + NNBSP + r"]:", text), (
                f"colon needs a no-break space: {text!r}"
            )
            assert not re.search(r"\w:(\s|$)", text), f"colon needs a no-break space: {text!r}"
            assert "'" not in text, f"use the typographic apostrophe: {text!r}"
            assert '"' not in text, f"use « guillemets »: {text!r}"
