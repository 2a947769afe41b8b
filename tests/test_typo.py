"""French typography applies to French prose only; English gets typogrify."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rideau.plugins.typo import french
from rideau.plugins.typo.english import english_html, english_text
from rideau.plugins.typo.french import NBSP, NNBSP, french_html, french_text


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Vraiment ?", f"Vraiment{NNBSP}?"),
        ("Vraiment?", f"Vraiment{NNBSP}?"),
        ("Non !", f"Non{NNBSP}!"),
        ("Quoi ?!", f"Quoi{NNBSP}?!"),
        ("un ; deux", f"un{NNBSP}; deux"),
        ("Bilan : trois sites", f"Bilan{NBSP}: trois sites"),
        ("Bilan: trois sites", f"Bilan{NBSP}: trois sites"),
        ("« Streaming »", f"«{NNBSP}Streaming{NNBSP}»"),
        ("«Streaming»", f"«{NNBSP}Streaming{NNBSP}»"),
        ('le site "Allostream" ferme', f"le site «{NNBSP}Allostream{NNBSP}» ferme"),
        ("30 %", f"30{NNBSP}%"),
        ("l'ordre", "l’ordre"),
        ("à 14:30 précises", "à 14:30 précises"),
    ],
)
def test_french_spacing(given: str, expected: str) -> None:
    assert french_text(given)[0] == expected


def test_french_leaves_urls_entities_and_emails_alone() -> None:
    text = "Voir https://example.fr/a?b=1;c=2 et &amp; ou ecrire@example.fr : fin"
    result = french_text(text)[0]
    assert "https://example.fr/a?b=1;c=2" in result
    assert "&amp;" in result
    assert "ecrire@example.fr" in result
    assert result.endswith(f"ecrire@example.fr{NBSP}: fin")


def test_french_html_skips_markup_code_and_attributes() -> None:
    html = (
        '<p title="Quoi ? Non !"><a href="https://x.example/?q=1;r=2">Quoi ?</a></p>'
        "<p>Le <code>a ; b ?</code> reste, la <em>prose</em> : change</p>"
        '<pre><code>echo "x : y"; true</code></pre>'
    )
    result = french_html(html)
    assert 'title="Quoi ? Non !"' in result
    assert 'href="https://x.example/?q=1;r=2"' in result
    assert f">Quoi{NNBSP}?</a>" in result
    assert "<code>a ; b ?</code>" in result
    assert f"</em>{NBSP}: change" in result
    assert '<pre><code>echo "x : y"; true</code></pre>' in result


def test_french_quotes_may_span_inline_elements() -> None:
    result = french_html('<p>Il dit "<em>jamais</em>" puis part.</p>')
    assert result == f"<p>Il dit «{NNBSP}<em>jamais</em>{NNBSP}» puis part.</p>"


def test_french_is_idempotent() -> None:
    once = french_html("<p>« Oui » ; non ? Bilan : 30 % !</p>")
    assert french_html(once) == once


def test_english_uses_typogrify_and_plain_titles_get_no_markup() -> None:
    assert "&#8220;" in english_html('<p>"Quoted" -- and AT&amp;T</p>') or "“" in english_html(
        '<p>"Quoted"</p>'
    )
    title = english_text('The "Pirate Bay" -- raided & <offline>')
    assert title == "The “Pirate Bay” — raided & <offline>"
    assert NNBSP not in english_html("<p>Really ? Yes !</p>")


def every_rule_everywhere(text: str, open_quote: bool) -> tuple[str, bool]:
    """French spacing with every rule run on every piece of prose, whatever its characters."""
    pieces = french._PROTECTED.split(text)
    for i in range(0, len(pieces), 2):
        piece, open_quote = french._french_quotes(pieces[i], open_quote)
        for _chars, rule, replacement in french.SPACING_RULES:
            piece = rule.sub(replacement, piece)
        pieces[i] = piece
    return "".join(pieces), open_quote


@given(st.text(alphabet=f" aé1\"«»;!?:%'&#;/@w.-({NBSP}{NNBSP}\n", max_size=40), st.booleans())
def test_french_rules_are_skipped_only_where_they_cannot_apply(text, open_quote) -> None:
    assert french_text(text, open_quote=open_quote) == every_rule_everywhere(text, open_quote)
