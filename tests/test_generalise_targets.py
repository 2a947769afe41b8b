"""Relevance and targets on phrasings and names nobody registered (issue 15, tuning round).

Every case is an item of our own: invented sites (on no registry), invented rights holders,
both languages. Each block tests one rule of classify.py, targets.py or the word lists.
"""

from __future__ import annotations

import pytest
from newswire_items import REGISTRY, analyse, target_names


def test_registry_knows_none_of_the_names_below() -> None:
    names = ("Grimlox", "Vortaxa", "Pelliculon", "Quillnet", "Strevio", "Brazzik", "Norvane")
    for name in names:
        assert REGISTRY.lookup("sites", name) is None, name


# 1. Enforcement phrasings outside the outcome vocabulary: a lost case or domain, an
# injunction, an order to stop, a catalogue withdrawn.
@pytest.mark.parametrize(
    ("title", "summary", "lang", "site"),
    [
        (
            "Studios win landmark case against Grimlox",
            "Four film studios have won their copyright case against Grimlox, a link site "
            "that indexed pirated films. Grimlox had argued it hosted nothing itself.",
            "en",
            "Grimlox",
        ),
        (
            "Vortaxa loses its domain after a police complaint",
            "The torrent tracker Vortaxa lost its domain on Friday when the registrar "
            "suspended vortaxa.net at the request of investigators. Vortaxa is now reachable "
            "under a new address.",
            "en",
            "Vortaxa",
        ),
        (
            "Le tribunal ordonne à Pelliculon de cesser ses activités",
            "Saisi par trois producteurs, le tribunal a ordonné à Pelliculon, un annuaire de "
            "liens pirates, de cesser de proposer des films. Pelliculon comptait deux "
            "millions de visiteurs.",
            "fr",
            "Pelliculon",
        ),
        (
            "Quillnet, c'est terminé",
            "Le site de scans Quillnet va retirer tous ses mangas piratés après la plainte "
            "d'un éditeur. Quillnet était le plus visité du genre.",
            "fr",
            "Quillnet",
        ),
    ],
)
def test_enforcement_phrasings_make_an_item_relevant(
    title: str, summary: str, lang: str, site: str
) -> None:
    relevant, tags = analyse(title, summary, lang)
    assert relevant
    assert site in tags.sites


@pytest.mark.parametrize(
    ("title", "summary", "lang"),
    [
        (
            "Strevio wins an award for its new streaming service",
            "The legal streaming platform Strevio won the prize for the best new service. "
            "Strevio now offers films and series to 2 million subscribers.",
            "en",
        ),
        (
            "Le piratage, c'est fini ? Une étude en doute",
            "Une étude sur le piratage affirme que le téléchargement illégal recule en France. "
            "Les chercheurs ont interrogé 3 000 internautes.",
            "fr",
        ),
    ],
)
def test_enforcement_phrasings_do_not_make_distractors_relevant(
    title: str, summary: str, lang: str
) -> None:
    relevant, _tags = analyse(title, summary, lang)
    assert not relevant


# 2. People and actors are not targets: a first name and a surname, a rights holder that
# sues; points of the compass and consoles are no names; a protocol before a name is not
# part of it; a headline's first word belongs to the name when the body writes it so.
def test_a_person_named_with_a_first_name_is_not_a_target() -> None:
    names = target_names(
        "Gary Norvane sentenced over Brazzik",
        "A court sentenced Gary Norvane, who ran the torrent site Brazzik, to two years. "
        "Brazzik was shut down in March.",
    )
    assert "Gary Norvane" not in names
    assert "Brazzik" in names


def test_the_subject_of_an_actor_verb_is_not_a_target() -> None:
    names = target_names(
        "Vortaxa Games sues the makers of emulator Brazzik",
        "Vortaxa Games has filed a lawsuit against the makers of Brazzik, an emulator.",
    )
    assert "Vortaxa Games" not in names


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        (
            "Corée du Sud : la police ferme un site de webtoons",
            "En Corée du Sud, le site pirate Grimlox a été fermé par la police. Grimlox "
            "attirait des millions de lecteurs.",
        ),
        (
            "South Korea arrests the operator of Grimlox",
            "Police in South Korea arrested the operator of the piracy site Grimlox. "
            "Grimlox was taken offline.",
        ),
    ],
)
def test_points_of_the_compass_are_not_names(title: str, summary: str) -> None:
    names = target_names(title, summary)
    assert "Sud" not in names and "South" not in names
    assert "Grimlox" in names


def test_a_protocol_before_a_name_is_not_part_of_it() -> None:
    names = target_names(
        "Quillnet : son créateur condamné",
        "Le créateur du logiciel P2P Quillnet a été condamné à une amende. Quillnet "
        "servait surtout à échanger des fichiers piratés.",
    )
    assert "Quillnet" in names
    assert not any(name.startswith("P2P") for name in names)


def test_a_headline_first_word_joins_the_name_the_body_writes() -> None:
    names = target_names(
        "Pirate Grimlox back online after raid",
        "The Pirate Grimlox, a torrent index, was back online two days after a police raid "
        "took it down.",
    )
    assert "Grimlox" not in names
    assert any("Pirate Grimlox" in name for name in names)


def test_a_list_of_names_before_a_colon_is_the_headline_topic() -> None:
    relevant, tags = analyse(
        "Grimlox, Vortaxa, Brazzik : trois inculpations",
        "Le parquet a détaillé l'opération contre les trois sites de torrents. Grimlox, "
        "Vortaxa et Brazzik étaient les plus visités du pays.",
        "fr",
    )
    assert relevant
    assert {"Grimlox", "Vortaxa", "Brazzik"} <= set(tags.proposed_sites)


# 3. Who runs a service: an action on its founder, operators or makers is an action on it.
@pytest.mark.parametrize(
    ("title", "summary", "lang", "site"),
    [
        (
            "Japanese programmer arrested over file-sharing software",
            "Police arrested the creator of Brazzik, a file-sharing program with a million "
            "users. Brazzik let users swap copyrighted films.",
            "en",
            "Brazzik",
        ),
        (
            "Inde : la police arrête des administrateurs présumés",
            "La police a arrêté trois administrateurs présumés du site Norvane, spécialisé "
            "dans les films piratés. Norvane publiait les films le jour de leur sortie.",
            "fr",
            "Norvane",
        ),
        (
            "Game maker sues emulator developers",
            "A game publisher has filed a lawsuit against the company behind Strevio, an "
            "emulator it says exists to defeat its encryption. Strevio is used for piracy.",
            "en",
            "Strevio",
        ),
    ],
)
def test_an_action_on_those_who_run_a_service_is_an_action_on_it(
    title: str, summary: str, lang: str, site: str
) -> None:
    relevant, tags = analyse(title, summary, lang)
    assert relevant
    assert site in tags.sites


# 4. Background in the headline stays background; a sentence that opens on the closure of a
# name tells the news; a police operation's name is not a site.
def test_a_precedent_in_the_headline_is_not_a_target() -> None:
    names = target_names(
        "Après Grimlox, l'annuaire Vortaxa préfère fermer",
        "L'équipe de Vortaxa a fermé son annuaire de liens. L'interpellation de "
        "l'administrateur de Grimlox les a fait changer d'avis.",
    )
    assert "Vortaxa" in names
    assert "Grimlox" not in names


def test_a_headline_opening_on_a_closure_tells_the_news() -> None:
    names = target_names(
        "Fermeture de Quillnet : ce que l'on sait de l'enquête",
        "Le tracker Quillnet ne reviendra pas. L'enquête a abouti à quatre interpellations.",
    )
    assert "Quillnet" in names


def test_an_operation_name_is_not_a_site() -> None:
    names = target_names(
        "Operation Grimlox: police raid warez groups in ten countries",
        "Operation Grimlox, led by the FBI, seized 200 computers of warez groups. Operation "
        "Grimlox was announced on Thursday.",
    )
    assert not any(name.startswith("Operation") for name in names)


# 5. Rights holders beside the target: after an article a descriptor describes nothing, the
# owner of a suit and the agent after "by" / « par » are not acted on.
def test_a_descriptor_before_an_article_describes_nothing() -> None:
    names = target_names(
        "Police seize the servers of Grimlox",
        "Police seized the servers of Grimlox, a site the VXPA has long called the worst "
        "offender in film piracy.",
    )
    assert "VXPA" not in names


def test_the_owner_of_a_suit_is_not_its_target() -> None:
    names = target_names(
        "Brazzik settles VXPA suit, adopts a filter",
        "File-swapping service Brazzik has settled the copyright suit filed by the VXPA.",
    )
    assert "Brazzik" in names
    assert "VXPA" not in names


def test_the_agent_after_par_is_no_subject() -> None:
    names = target_names(
        "ROMs : le couple poursuivi par Vortaxa Games jette l'éponge",
        "Les gérants du site de ROMs Norvane ont accepté de fermer.",
    )
    assert "Vortaxa Games" not in names


# 6. Several targets with as much evidence each are all the item's sites.
def test_two_sites_shut_down_together_are_both_targets() -> None:
    relevant, tags = analyse(
        "Publishers close e-book piracy sites",
        "Publishers have shut down Grimlox.example.net and Quillnet.example.org, which "
        "offered pirated e-books, after obtaining injunctions from a court.",
    )
    assert relevant
    assert len(tags.sites) == 2


# 7. Matching: a registry name used as a comparison is no mention; a country written with a
# hyphen is no name.
def test_a_name_followed_by_style_is_a_comparison() -> None:
    from rideau.newswire.matching import NameFinder
    from rideau.newswire.text import tokens

    finder = NameFinder(REGISTRY, "sites")
    assert finder.find(tokens("Quillnet to close its Napster-style exchange")) == []
    assert finder.find(tokens("Napster closes its exchange"))


def test_a_hyphenated_country_is_no_name() -> None:
    names = target_names(
        "Grande-Bretagne : Hollywood gagne contre un moteur de recherche pirate",
        "Six studios ont obtenu gain de cause contre Grimlox, un site qui indexait des films.",
    )
    assert "Grande-Bretagne" not in names


# 8. Lists of examples after a plural descriptor an action concerns, what a service runs on,
# and a name read as a party that the text says is a site.
@pytest.mark.parametrize(
    ("title", "summary", "lang", "sites"),
    [
        (
            "Court orders ISPs to block dozens of torrent sites",
            "A court has ordered the four largest providers to block access to roughly 30 "
            "piracy sites, among them Grimlox and Vortaxa, after a suit by a music body.",
            "en",
            {"Grimlox", "Vortaxa"},
        ),
        (
            "Sites pirates : une trentaine d'adresses bientôt bloquées",
            "Un jugement impose aux fournisseurs d'accès de bloquer des sites comme Grimlox, "
            "Vortaxa ou Brazzik pendant dix-huit mois.",
            "fr",
            {"Grimlox", "Vortaxa", "Brazzik"},
        ),
    ],
)
def test_names_listed_after_a_descriptor_an_action_concerns_are_targets(
    title: str, summary: str, lang: str, sites: set[str]
) -> None:
    relevant, tags = analyse(title, summary, lang)
    assert relevant
    assert sites <= set(tags.proposed_sites)


def test_names_listed_as_past_examples_are_not_targets() -> None:
    names = target_names(
        "Vortaxa shuts down",
        "The torrent site Vortaxa was shut down on Monday. Since the fall of sites like "
        "Grimlox, users have moved to smaller trackers.",
    )
    assert "Grimlox" not in names


def test_an_action_on_what_a_service_runs_on_is_an_action_on_it() -> None:
    relevant, tags = analyse(
        "La Corée saisit les domaines de ses plus grands sites pirates",
        "Séoul a saisi les noms de domaine de Grimlox, Vortaxa et Brazzik, qui redirigent "
        "désormais vers un avis officiel. Leur exploitant présumé a été arrêté.",
        "fr",
    )
    assert relevant
    assert {"Grimlox", "Vortaxa", "Brazzik"} <= set(tags.proposed_sites)


# 9. More phrasings: damages set by a court, a finding, "resurfaces", « perd face aux »;
# piracy words of fan translation; a date after "since" / « depuis » recalls nothing.
@pytest.mark.parametrize(
    ("title", "summary", "lang", "site"),
    [
        (
            "Grimlox.com hit with stiff damages in label case",
            "A federal judge found that Grimlox.com willfully violated a label's copyrights "
            "and set damages at $20,000 per album.",
            "en",
            "Grimlox.com",
        ),
        (
            "Usenet : Vortaxa perd face aux studios à Londres",
            "La Haute Cour a donné raison aux studios contre Vortaxa. Ce service payant "
            "indexait des films piratés publiés sur Usenet.",
            "fr",
            "Vortaxa",
        ),
        (
            "Quillnet to remove all manga scans",
            "Quillnet, one of the most visited sites for scanlations, says it will remove all "
            "of its manga within days after a coalition of publishers complained.",
            "en",
            "Quillnet",
        ),
        (
            "Le Vietnam coupe l'accès à son plus gros site de streaming pirate",
            "C'était l'un des sites les plus visités du pays. Depuis le 17 juin, Brazzik n'est "
            "plus accessible chez les fournisseurs d'accès. Brazzik vivait de la publicité.",
            "fr",
            "Brazzik",
        ),
    ],
)
def test_more_enforcement_phrasings(title: str, summary: str, lang: str, site: str) -> None:
    relevant, tags = analyse(title, summary, lang)
    assert relevant
    assert site in tags.sites


# 10. Distractors that share the new phrasings: rulings on the law, studies, reviews,
# breaches, legal launches, bills, threats and a founder's new legal venture.
@pytest.mark.parametrize(
    ("title", "summary", "lang"),
    [
        (
            "EU court rules that linking to pirated films can infringe copyright",
            "The Court of Justice ruled that a site which links to pirated films knowing they "
            "are unlicensed communicates them to the public. Rights holders welcomed it.",
            "en",
        ),
        (
            "Study: piracy of dramas rises as sites like Grimlox thrive",
            "A study found that visits to piracy sites such as Grimlox and Vortaxa rose by "
            "12% last year. Legal services lost revenue.",
            "en",
        ),
        (
            "Hackers breach Grimlox and leak 2 million passwords",
            "The torrent site Grimlox suffered a data breach: hackers leaked the passwords "
            "of 2 million users.",
            "en",
        ),
        (
            "Strevio wins streaming rights to the Premier League",
            "The legal streaming service Strevio won the rights to show matches, a blow to "
            "pirates who stream them without permission.",
            "en",
        ),
        (
            "Loi anti-piratage : les députés débattent du blocage des sites",
            "Les députés examinent un texte qui permettrait de bloquer plus vite les sites "
            "pirates comme Grimlox. Les associations craignent des abus.",
            "fr",
        ),
        (
            "Quillnet lance une offre légale de mangas",
            "Le site Quillnet, longtemps accusé de piratage, lance une offre légale à 5 euros "
            "par mois après un accord avec des éditeurs.",
            "fr",
        ),
        (
            "Piracy app Brazzik could face a lawsuit, lawyers warn",
            "Lawyers say the makers of Brazzik, a piracy app, could be sued by studios if it "
            "keeps growing.",
            "en",
        ),
        (
            "Grimlox founder launches a new legal music service",
            "The founder of Grimlox, a torrent site closed in 2015, launched a licensed music "
            "app on Monday.",
            "en",
        ),
    ],
)
def test_distractors_sharing_the_phrasings_stay_out(title: str, summary: str, lang: str) -> None:
    relevant, _tags = analyse(title, summary, lang)
    assert not relevant


# 11. What a text says a service is, in more forms: after a comma that follows a descriptor,
# a descriptor right after the name, release groups; not a relative clause's subject, not a
# compound modifier, not a descriptor several words away.
@pytest.mark.parametrize(
    ("title", "summary", "lang", "site"),
    [
        (
            "Streaming illégal : une cour d'appel annule les peines de prison",
            "Les quatre administrateurs d'un site fermé en 2015 restent coupables. Le site en "
            "question, Pelliculon, proposait films et séries sans autorisation. Pelliculon "
            "comptait un million de visiteurs.",
            "fr",
            "Pelliculon",
        ),
        (
            "Man who ran music links site loses his appeal",
            "A man who ran a website of links to free music has lost his appeal. The court "
            "agreed that Gary Norvane's Brazzik site authorised copyright infringement. Brazzik "
            "stored no music itself.",
            "en",
            "Brazzik",
        ),
        (
            "Prosecutors charge three over Grimlox, a piracy group that leaked films",
            "Prosecutors unsealed indictments against three alleged members of Grimlox, a "
            "release group accused of ripping studio films before release.",
            "en",
            "Grimlox",
        ),
    ],
)
def test_more_descriptions(title: str, summary: str, lang: str, site: str) -> None:
    relevant, tags = analyse(title, summary, lang)
    assert relevant
    assert site in tags.sites


def test_a_relative_clause_subject_is_not_described() -> None:
    names = target_names(
        "Vortaxa Games widens its lawsuit",
        "A new complaint names the operators of the two ROM sites Vortaxa Games sued last "
        "week. Several smaller ROM sites have quietly removed Vortaxa files.",
    )
    assert not any(name.startswith("Vortaxa") for name in names)


def test_a_compound_modifier_is_no_name() -> None:
    names = target_names(
        "Court curbs music-swapping service Quillnet",
        "A court has ordered Quillnet, a free MP3-swapping service with millions of users, "
        "to stop helping them download songs. File-swapping services are under pressure.",
    )
    assert "Quillnet" in names
    assert not any("swapping" in name for name in names)


def test_coordinated_names_share_a_descriptor() -> None:
    relevant, tags = analyse(
        "Un éditeur attaque deux sites de jeux piratés",
        "Dans une plainte déposée lundi, l'éditeur accuse les sites Grimlox et Vortaxa de "
        "distribuer ses jeux. Vortaxa a fermé, Grimlox est toujours en ligne.",
        "fr",
    )
    assert relevant
    assert {"Grimlox", "Vortaxa"} <= set(tags.proposed_sites)


# 12. Short forms: initials stand for the name the text spells out, a headline's name
# without its number is the body's; a name opening the headline before a comma and a verdict;
# « saisi par la police » is a seizure (« saisi par les ayants droit » is a referral).
def test_initials_stand_for_the_name_spelled_out() -> None:
    names = target_names(
        "Les policiers débarquent chez TGV",
        "Hier, la police a fait une descente chez l'hébergeur de The Grimlox Vault et "
        "embarqué les serveurs. The Grimlox Vault est hors ligne.",
    )
    assert "TGV" not in names
    assert any("Grimlox Vault" in name for name in names)


def test_a_headline_name_without_its_number_is_the_body_name() -> None:
    relevant, tags = analyse(
        "Quillnet 3, c'est fini",
        "Le serveur eD2k Quillnet3 a été saisi par la police et son administrateur arrêté. "
        "Quillnet3 indexait des millions de fichiers piratés.",
        "fr",
    )
    assert relevant
    assert tags.sites == ("Quillnet3",)


# 13. Speed: patterns grouped by their first letter match as the plain alternation does.
def test_patterns_grouped_by_letter_match_as_the_plain_alternation() -> None:
    from rideau.newswire.lexicon import ENFORCEMENT_ACTIONS, OUTCOME_PATTERNS
    from rideau.newswire.matching import compile_terms, compile_terms_by_letter

    patterns = [*(p for ps in OUTCOME_PATTERNS.values() for p in ps), *ENFORCEMENT_ACTIONS]
    plain, grouped = compile_terms(patterns), compile_terms_by_letter(patterns)
    texts = (
        "the court ordered grimlox, a link site, to stop and set damages at $5 per film",
        "le tribunal a ordonne a vortaxa de cesser ; plainte deposee contre brazzik",
        "quillnet was taken offline after a raid; e mule and ab|cd are not names",
    )
    for text in texts:
        assert len(plain.findall(text)) == len(grouped.findall(text)), text
    assert compile_terms_by_letter(["ab|cd", "e?mule"]).findall("cd emule mule") == [
        "cd",
        "emule",
        "mule",
    ]


def test_a_leading_group_is_split_into_its_alternatives_in_the_engine_s_order() -> None:
    from rideau.newswire.matching import compile_terms, compile_terms_by_letter

    patterns = [
        r"(legal )?notice from",
        r"(case|suit|judg(e)?ment) (contre|against)",
        r"(seeks?|sought|demand\w*) (\S+ ){0,2}?\$?\d+ ?m",
        r"(?<!to )(remov|delet)(es|ed) links",
    ]
    plain, grouped = compile_terms(patterns), compile_terms_by_letter(patterns)
    texts = (
        "a legal notice from the studio, then a notice from the label",
        "the judgment against grimlox and the judgement against vortaxa; a suit contre eux",
        "the studio seeks about $5m, then demanded 7 m",
        "the host deleted links; asked to removes links",
    )
    for text in texts:
        assert [m.span() for m in plain.finditer(text)] == [
            m.span() for m in grouped.finditer(text)
        ], text
    # every pattern that starts with a plain group is now tried only where its letter is
    top_level = grouped.pattern.split("|(?:")
    assert not any(p.startswith("(legal") or p.startswith("(case") for p in top_level)
