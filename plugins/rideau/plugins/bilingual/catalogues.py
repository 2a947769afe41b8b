"""Interface strings: gettext catalogues in the theme, read with Babel (no compile step)."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def load_translations(theme: str, lang: str) -> gettext.NullTranslations:
    """The theme's catalogue for `lang` (English msgids need none)."""
    path = Path(theme) / "translations" / lang / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
