"""Bilingual vocabularies for relevance and outcomes.

Patterns are matched against folded text (lowercase, no accents, hyphens as spaces: see
text.fold), so "Fermé", "ferme" and "fermé" all read "ferme". Each pattern is a regular
expression on word boundaries. Kept as data so that a rule can be read, argued about and
tested on its own.
"""

from __future__ import annotations

# Words that place an article in the world of copyright infringement online.
PIRACY_CONTEXT = (
    r"pirat\w*", r"contrefacon\w*", r"contrefait\w*", r"droits? d auteur", r"ayants? droits?",
    r"streaming illegal", r"telechargement (illegal|direct)", r"torrents?", r"bittorrent",
    r"tracker\w*", r"warez", r"liens? (de telechargement|de streaming|ed2k|edonkey|emule|torrent)",
    r"annuaire\w* de liens", r"hebergeurs? de (fichiers|videos)", r"cyberlocker\w*",
    r"piracy", r"infring\w*", r"copyright\w*", r"file ?sharing", r"streaming (site|service)s?",
    r"illegal (streaming|downloads?)", r"link (site|portal)s?", r"direct download", r"ddl",
    r"edonkey", r"emule", r"ed2k", r"p2p", r"peer to peer", r"unlicensed", r"sans autorisation",
    r"sites? de (streaming|telechargement|liens)", r"sites? pirates?", r"site de partage",
    r"oeuvres? protegees?", r"films? et (des )?series", r"illicite\w*",
    r"scanlations?", r"scantrads?", r"fan ?subs?", r"roms", r"without (their )?permission",
    r"sans (leur )?(accord|permission)", r"unauthori[sz]ed (copies|streams?|distribution)",
)  # fmt: skip

# Who enforces; not an outcome by itself, but a sign that something happened to a site.
ENFORCERS = (
    r"police", r"gendarm\w*", r"fbi", r"justice", r"tribunal", r"tgi", r"cour d appel",
    r"cour de cassation", r"court", r"parquet", r"procureur", r"prosecutor\w*", r"juge",
    r"judge", r"enquete\w*", r"investigat\w*", r"plainte", r"complaint", r"ayants droit",
    r"rights ?holders?", r"alpa", r"sacem", r"mpaa?", r"ace", r"hadopi", r"arcom",
    r"department of justice", r"doj", r"europol", r"interpol", r"brein", r"fact",
)  # fmt: skip

# Topics that share words with enforcement news but are something else.
OFF_TOPIC = {
    "security-breach": (
        r"(millions? de )?comptes? (pirates|compromis|derobes)", r"donnees (personnelles|derobees)",
        r"fuite de donnees", r"data (breach|leak)", r"breach\w*", r"hack(ed|ers?|ing)",
        r"passwords?", r"mots? de passe", r"cyberattaque", r"ransomware", r"fuit\w*",
    ),
    "business": (
        r"abonn(e|es|ement|ements)", r"subscri\w*", r"prix", r"price\w*", r"tarif\w*",
        r"box office", r"recettes?", r"catalogue", r"lancement", r"launch\w*", r"disponible",
        r"available", r"offre legale", r"legal (offer|service)", r"actionnaires?", r"revenue",
    ),
    # patent suits share the words of enforcement, not its object (Sweden's Patent and
    # Market Court hears blocking cases: its name is not a patent)
    "patent": (
        r"brevets?(?! et (du )?(commerce|marche))", r"patents?(?! and market)",
    ),
    "opinion": (r"tribune", r"opinion", r"editorial", r"whack a mole", r"analyse", r"column"),
}  # fmt: skip

# Outcome vocabulary (ids of stories.vocabulary.OUTCOMES), French and English.
OUTCOME_PATTERNS = {
    "notice": (
        r"mise? en demeure", r"mis en demeure", r"demande de retrait",
        r"lettre (de|d) avertissement",
        r"cease (and|&) desist", r"takedown (notice|request)s?", r"dmca (notice|request)s?",
        r"warning letter", r"(legal )?notice from", r"sommes? de retirer", r"letters?",
        r"courriers?", r"lettres?",
    ),
    "lawsuit": (
        r"poursuites?( judiciaires)?", r"poursuivi\w*", r"assign(e|es|ation|e en justice)",
        r"proces", r"trial", r"sued", r"sues", r"lawsuit\w*", r"files? (a )?suit", r"filed suit",
        r"extradition", r"extrad\w*", r"renvoye\w* devant", r"comparai\w*",
        r"sue", r"suing", r"poursuiv(ent|ons|re)", r"intente\w* (une )?action", r"legal action",
        r"action en justice", r"civil (suit|action|case)", r"complaint filed",
    ),
    "arrest": (
        r"arret(e|ee|es|ees|ation|ations)", r"fait arreter", r"interpell\w*", r"garde a vue",
        r"mis(e|es)? en examen",
        r"mise en examen", r"arrest(ed|s)?", r"detained", r"detention", r"charged", r"indicted",
        r"in custody", r"nabbed", r"apprehended", r"indictment", r"indictments", r"cuffed",
        r"busted", r"inculpe\w*", r"ecroue\w*", r"taken into custody", r"placed in custody",
        r"charges? (were |was )?(filed|unsealed|brought)",
    ),
    "seizure": (
        # "saisi par" / "saisir la justice" mean referring a case to a court, not seizing.
        r"saisi(r|e|es|s|ssent)?(?! par| la justice| le tribunal| la cour| le juge| l autorite)",
        r"saisies?", r"perquisition\w*", r"descente de (police|gendarmerie)",
        r"raid(ed|s)?", r"seiz(ed|ure|es)", r"confisqu\w*", r"confiscat\w*", r"forfeit\w*",
        r"servers? (were )?(taken|seized)", r"serveurs? (saisis|demonte\w*)", r"domaines? saisis",
        r"neutralis\w*", r"(now )?(points?|redirect\w*) (visitors )?to a (warning|seizure) \w+",
        r"seizure (banner|notice|page|message)", r"bandeau (de saisie|d avertissement)",
        r"page d avertissement", r"warning (page|banner)",
    ),
    "blocking": (
        r"bloqu(er|e|es|ee|ees|age)", r"blocage", r"rendre inaccessibles?", r"block(ed|ing|s)?",
        r"dereferenc\w*", r"deferencement", r"delist\w*", r"desindex\w*", r"blocking order",
    ),
    "shutdown": (
        r"ferm(e|ee|es|ees|er|eture|ent)", r"ferme (ses|leurs) portes", r"hors ligne",
        r"hors service", r"cess(e|ent|er|ation) (toute )?(son |leur |ses )?activit\w*",
        r"disparai\w*", r"disparu", r"tire sa reverence", r"jette l eponge", r"met fin",
        r"baisse le rideau", r"rend les armes", r"shut(s|ting)? down", r"shutdown", r"offline",
        r"closes?", r"closed", r"closure", r"is closing", r"pulls? the plug", r"goes dark",
        r"ceases?",
        r"calls? it quits", r"throws in the towel", r"disabled", r"desactiv\w*", r"coupe\w* le",
        r"no longer (available|online|works?)", r"retire\w* (tous )?(ses|les) liens",
        r"taken (down|offline)", r"takedown", r"pulled (down|offline)", r"quit(s|ting)?",
        r"pulled (its|their|the) \w+", r"farewell", r"abandon\w*", r"chute",
        r"tomb(e|ee|er|ent|es|ees)",
        r"n est plus (accessible|disponible|en ligne)", r"shutting down", r"winds? down",
        r"obten\w* la (fin|fermeture)", r"(met|mettre|mis) fin", r"pops? its last",
        r"shutter\w*", r"pops? its clogs", r"rideau (pour|sur)", r"curtains? for",
        r"walks? the plank", r"sinks?", r"sunk", r"dismantl\w*", r"demantel\w*",
        r"cess(e|ent|er|ation) de (fonctionner|repondre|publier|diffuser)",
        r"disables?", r"switch(ed|es)? off", r"goes down", r"went down", r"knocked offline",
        r"agree[sd]? to (close|shut)", r"shut(ting)? up shop", r"debranch\w*",
        r"ne repond(ent)? plus", r"reduit\w* au silence", r"(brought|brings?|bringing) down",
    ),
    "conviction": (
        r"condamn(e|ee|es|ees|ation|ations)", r"coupables?", r"culpabilite",
        r"prison (ferme|avec sursis)", r"(mois|ans) de prison", r"convict(ed|ion)",
        r"sentenced", r"guilty", r"found liable", r"pourvoi rejete", r"rejette (le|son) pourvoi",
        r"jail(ed)?", r"prison sentence", r"default judg(e)?ments?", r"jugement par defaut",
        r"ordered to pay", r"condamne\w* a (payer|verser)", r"fined", r"prison terms?",
        r"damages award", r"plead(ed|s)? guilty", r"plaide\w* coupable", r"wins? (\S+ )*?damages",
        r"awarded (\S+ )*?damages", r"liable", r"judgment against", r"ruled against",
    ),
    "acquittal": (
        r"relax(e|es)", r"relaxe", r"acquitt\w*", r"not guilty", r"cleared of", r"blanchi",
    ),
    "settlement": (
        r"accord", r"transaction", r"settle(d|ment|s)", r"settling", r"agreed to pay",
        r"a l amiable", r"consent (judg(e)?ment|decree)",
        r"reach(ed|es)? (a|an) (deal|agreement|settlement)", r"trouve\w* un accord",
        r"reglement amiable", r"deal with", r"agree[sd]? to (pay|stop|close|shut|cease)",
        r"accept\w* de (payer|verser|cesser|mettre fin|fermer|arreter)",
        r"s est engage\w* a (arreter|cesser|fermer|verser|payer)",
    ),
    "relaunch": (
        r"de retour", r"revien(t|nent)", r"reappar\w*", r"relanc\w*", r"renai\w*", r"resurrect\w*",
        r"back online", r"return(s|ed)?", r"relaunch\w*", r"comeback", r"nouveau domaine",
        r"new domain", r"revival", r"phenix",
        r"phoenix", r"resurg\w*", r"takes? over", r"ressuscit\w*", r"refait surface",
        r"reprend\w* le flambeau", r"pren\w* le relais", r"lives? on", r"takes? up the torch",
    ),
}  # fmt: skip

# Words that show a site is only mentioned as a host, a comparison or background.
MENTION_CUES = (
    r"heberge\w* (sur|chez|par)", r"stock\w* (sur|chez)", r"hosted (on|by)", r"liens? vers",
    r"links? to", r"comme", r"such as", r"like", r"apres", r"after", r"following", r"since",
    r"depuis", r"a l image de", r"rappel\w*", r"precedent\w*", r"earlier", r"previous\w*",
    r"in \d{4}", r"en \d{4}", r"avant", r"before", r"aussi", r"also", r"dont", r"notamment",
)  # fmt: skip

# Words that show a rights holder acted (a complaint, a notice, a lawsuit).
STUDIO_ACTION_CUES = (
    r"plaintes?", r"a la demande", r"sur plaintes?", r"mise? en demeure", r"saisi\w* par",
    r"assign\w*", r"requis", r"requete", r"demand\w*", r"exig\w*", r"obtenu", r"partie civile",
    r"parties civiles", r"complaints?", r"on behalf of", r"at the request", r"request\w*",
    r"filed", r"sued", r"sues", r"notices?", r"cease", r"lawsuits?", r"actions?", r"coalition",
    r"alliance", r"supplied", r"provided", r"information", r"pressure", r"pression", r"lobby\w*",
    r"welcomed", r"salue\w*", r"se felicit\w*", r"campaign", r"enforcement", r"anti ?piracy",
    r"antipiratage", r"lutte contre", r"mandat\w*", r"represent\w*", r"reunit", r"members?",
    r"membres?", r"studios?", r"majors?", r"hollywood", r"said", r"declare\w*", r"selon",
    r"according to", r"ordonne\w*", r"obtained", r"won", r"victoire", r"victory", r"origine",
    r"initiated", r"led by", r"menee?", r"conduite?",
)  # fmt: skip

# Rights holders shown as victims, not actors.
STUDIO_VICTIM_CUES = (
    r"ddos", r"attaqu\w*", r"attacked", r"hack\w*", r"pirate\w* par", r"victime\w*",
    r"victims?", r"represailles", r"retaliation", r"mis hors service", r"taken offline by",
)  # fmt: skip

# What a piracy service is called, beside its name: "the torrent site X", « l'annuaire X »,
# "X, a cyberlocker". Generic words ("site", "service") count: the relevance score still needs
# piracy context and an action.
SERVICE_DESCRIPTORS = (
    r"sites?", r"websites?", r"web sites?", r"portals?", r"portails?", r"annuaires?",
    r"trackers?", r"index(es|er|eur)?", r"indexers?", r"cyberlockers?", r"file ?lockers?",
    r"file ?hosts?", r"file ?hosting( service)?", r"hebergeurs?", r"plate ?formes?",
    r"plateformes?", r"moteurs? de recherche", r"(meta )?search engines?", r"repositor(y|ies)",
    r"depots?", r"add ?ons?", r"addons?", r"extensions? kodi", r"iptv( services?| providers?)?",
    r"stream ?rip\w*", r"ripping (site|service)s?", r"youtube rippers?", r"shadow librar(y|ies)",
    r"bibliotheques? (clandestines?|pirates?|fantomes?)", r"librar(y|ies)",
    r"link (site|portal|aggregator)s?", r"aggregat\w+", r"agregat\w+", r"forums?",
    r"communaut(y|e)", r"services?", r"apps?", r"applications?", r"logiciels?",
    r"outils?", r"reseaux?", r"networks?", r"scan(s|trad)?", r"lecture en ligne",
    r"reading sites?", r"mangas? sites?", r"anime sites?", r"streamers?", r"ddl",
    r"telechargement", r"streaming", r"torrents?", r"warez", r"(?<!anti )pirates?",
    r"platforms?", r"boxes?", r"kodi", r"proxy", r"proxies", r"mirrors?", r"clones?",
    r"liens", r"fichiers", r"emulat(or|ors|eur|eurs)", r"programs?", r"programmes?",
    r"software", r"tools?", r"downloaders?", r"rippers?", r"convert(er|or|isseur)s?",
    r"devices?", r"set ?top box(es)?", r"media players?", r"boitiers?",
    r"lecteurs? multimedias?",
    r"(release|warez|piracy|scene|cracking|ripping) groups?", r"serveurs?",
    r"servers?",
    r"groupes? (de |d )?(« )?(release|warez|pirates?|crack\w*)", r"groupes? warez",
)  # fmt: skip

# Phrasings of an enforcement action that name no outcome of the contract's vocabulary (or
# name it in words the outcome tagger does not read): lost cases and domains, injunctions,
# orders to stop, catalogues withdrawn under pressure. Relevance and targets read them;
# outcomes do not (they would not know which outcome to tag).
ENFORCEMENT_ACTIONS = (
    r"(wins?|won|loses?|lost|losing|winning) (\S+ ){0,3}"
    r"(case|lawsuit|suit|appeal|fight|battle|trial)",
    r"prevail\w* (\S+ ){0,4}against", r"gain de cause",
    r"gagn\w* (\S+ ){0,3}(contre|face (a|au|aux))",
    r"perd\w* (\S+ ){0,2}(proces|appel|procedure|face (a|au|aux)|contre|nom de domaine|domaine|"
    r"adresse)",
    r"los(e|es|t|ing) ((its|their|the|his|her) )?(\S+ ){0,2}?(domains?|address|appeal|case)",
    r"prive\w* (de )?(son|sa|ses|leur|leurs) (adresse|domaine|nom de domaine|serveurs?)",
    r"suspend\w* (\S+ ){0,3}(domains?|domaines?|nom de domaine|adresses?)",
    r"(domains?|domaines?|adresses?|address(es)?) (\S+ ){0,3}suspend\w*",
    r"suspend\w* [a-z0-9-]+\.[a-z]{2,}",
    r"(case|lawsuit|suit|action|plainte|proces|procedure|injunction|ruling|judg(e)?ment|jugement|"
    r"decision|ordonnance|requete|complaint|indictment|charges|operation|raids?) (contre|against)",
    r"injunctions?", r"ordonnances? (de refere|provisoire|du tribunal|de blocage)",
    r"order(s|ed|ing)?( [\w,]+){0,12} to (stop|halt|cease|remove|block|shut|close|pull|take)",
    r"ordonn\w*( [\w,]+){0,8} de (cesser|ne plus|fermer|bloquer|retirer|supprimer|stopper|"
    r"suspendre|arreter)",
    r"somm\w* de (cesser|fermer|retirer|s arreter|supprimer|stopper|ne plus)",
    r"caves? in", r"caved in", r"(has|have|had) given in", r"gives? in to",
    r"fold(s|ed)? (its|their) tent", r"rentre\w* dans le rang",
    r"agree[sd]? (\S+ ){0,2}(never|no longer|not to|to stop)",
    r"accept\w*[^.;]{0,100}? de ne (plus|pas)",
    r"remov(e|es|ed|ing) (all|every|its entire)", r"retir\w* (tout|tous|toutes)",
    r"supprim\w* (tout|tous|toutes)", r"pulled (from|off)",
    r"c est (fini|termine)", r"tire\w* (le|sa) rideau", r"(est|sont) down",
    r"(take|takes|took|taking) (down|offline)", r"took [^.;]{0,60}? offline",
    r"fines", r"ecop\w* (de |d )", r"(une |d |l )amendes?", r"inculpations?",
    r"declar\w* (\S+ )?responsables?", r"upheld", r"uphold\w*",
    r"reject\w* (an |the |his |her |its |their )?appeal", r"appeal (was )?(rejected|dismissed)",
    r"appel (\S+ ){0,8}rejete", r"rejet\w* (l |son |leur )?appel",
    r"train(e|ent|ait|aient)( \w+){0,4} en justice", r"attaqu\w* (\S+ ){0,4}en justice",
    r"s attaqu\w* (a|au|aux)", r"(fait|font|faire) une descente", r"debarqu\w* chez",
    r"resurfac\w*", r"plaintes? (a ete |ont ete )?deposees?",
    r"(porte|portent|depose\w*) plainte",
    r"filed (a |an )?(complaint|lawsuit|suit)",
    r"saisi\w* par (la |les |l )?(police|gendarmerie|gendarmes|douane|douaniers|justice|enqueteurs|"
    r"autorites|fbi|europol|policiers)",
    r"(alourdi|aggrav|reduit|confirm|annul)\w* (la |les |sa |ses |leurs? )?"
    r"(peines?|condamnations?|sanctions?)",
    r"sentences? (was |were )?(increased|reduced|upheld|cut)",
    r"hit with (\S+ ){0,2}(damages|fines?|lawsuits?|suits?|injunctions?)",
    r"set\w* (\S+ ){0,2}damages", r"(statutory|punitive) damages", r"dommages et interets",
    r"(court|judge|tribunal|juge|cour)s? (\S+ ){0,5}(ruled|rules|found|finds|held|a juge|"
    r"a estime|a considere|a tranche|tranche)",
    # police sweeps: « coup de filet contre X », "crackdown on X", "a raid-style bust"
    r"coups? de filet", r"crackdowns? (on|against)", r"(sweeps?|swoops?|busts?) (on|against)",
    r"busted",
    # made to stop: « contraint de cesser », "forced to close", "told to stop"
    r"(contraint|contrainte|contraints|force|forcee|forces|oblige|obligee)s? (a|de|d) "
    r"(cesser|fermer|arreter|suspendre|retirer|supprimer|payer|verser)",
    r"forced (\S+ ){0,2}to (close|shut|stop|cease|pay|remove|delete|hand)",
    # courts ordering other remedies: "orders X to delete the data", « sommé d'effacer »
    r"order(s|ed|ing)?( [\w,']+){0,12} to (delete|destroy|erase|hand over|pay|surrender|"
    r"transfer|disable)",
    r"somm\w* (par [\w ]{0,40})?(de |d )(effacer|detruire|payer|verser|supprimer|cesser|fermer)",
    r"injonctions?", r"donn\w* raison (a|au|aux)",
    r"(paie|paye|paient|payent|verse|versent|pays|paid) (plus de |more than |over )?"
    r"(\d[\d.,]* ?|un |une |a )(\S+ )?(millions?|milliards?|billions?|dollars|euros)",
    r"jury (\S+ ){0,4}(found|convicted|verdict|ruled)", r"verdict",
    # rulings, appeals and answers to a suit: news of the proceedings whatever their outcome
    r"rulings?", r"jugements?", r"fin de partie", r"game over", r"coupure",
    r"bow(s|ed)? to (\S+ ){0,3}pressure", r"pull(s|ed)? (\w+,? ){0,3}(links|downloads)",
    r"shuts(?! (up|out|in))",
    r"targeted by", r"vow(s|ed)? to appeal", r"(va|vont|compte|comptent) faire appel",
    r"fera appel", r"interjet\w* appel", r"make peace", r"(marque|marquent) un point",
    r"echapp\w* a (une |l |la )?(interdiction|condamnation|fermeture|blocage)",
    r"repond\w* (aux|a la|au) (studios|plainte|majors|maisons de disques|ayants droit|proces)",
    r"respond\w* to (the )?(suit|lawsuit|studios|complaint|labels)",
    r"(goes|went|going|gone) after", r"victoires? (en appel|judiciaires?|en justice)",
    r"(succes|revers|defaite) judiciaire", r"legal (win|victory|defeat|setback)",
    # copies that outlive a closure: news of the action, but no relaunch of the site itself
    # (the labels' convention, and a reader's: clones are other sites)
    r"clones?", r"forks?", r"forked", r"mirrors?",
)  # fmt: skip

# Who runs a service, before its name ("the founder of X", « les gérants de X », "the
# company behind X", "who ran X") or after it ("X founder Y", "X's operator"): an action on
# them is an action on their service.
SERVICE_ROLES = (
    r"founders?", r"co ?founders?", r"owners?", r"operators?", r"admins?", r"administrators?",
    r"creators?", r"makers?", r"developers?", r"boss", r"kingpin", r"authors?", r"members?",
    r"fondateurs?", r"cofondateurs?", r"createurs?", r"gerants?", r"exploitants?",
    r"administrateurs?", r"proprietaires?", r"developpeurs?", r"operateurs?", r"cerveau",
    r"patron", r"auteurs?", r"membres?", r"animateurs?", r"responsables?",
    # and what it runs on: "the servers of X", « les noms de domaine de X », "X's domains"
    r"servers?", r"serveurs?", r"domains?", r"domaines?", r"noms? de domaine", r"domain names?",
    r"adresses?", r"addresses", r"urls?", r"infrastructure",
)  # fmt: skip
# Words that open a list of examples: after a plural descriptor that an action concerns
# ("block 40 sites, including X, Y and Z", « bloquer des sites comme X ou Y », "trois sites
# pirates, dont X") the names listed are targets, not background.
LIST_CUES = (
    r"including", r"includes?", r"among them", r"among which", r"such as", r"like",
    r"dont", r"notamment", r"comme", r"tels? que", r"telles? que", r"parmi lesquel(le)?s",
    r"parmi eux", r"a savoir", r"namely", r"figurent", r"figure",
)  # fmt: skip
# Plural words that open a list of the services an action hit, besides the descriptors:
# "Groups named by investigators include X, Y", « parmi les groupes visés figurent X » (a
# group before one name is an organisation: "anti-piracy group BREIN", « le groupe TVA »).
LIST_DESCRIPTORS = (
    *SERVICE_DESCRIPTORS, r"groups", r"groupes", r"crews", r"equipes",
    # "blocks 53 domains, including X": the sites, by their addresses
    r"noms de domaine", r"domain names", r"domains", r"domaines", r"adresses", r"addresses",
    r"urls",
)  # fmt: skip
SERVICE_RUNNERS = (
    r"(who|that) (ran|runs|run|operated|operates|founded|created|built|managed|administered)",
    r"qui (exploit|gerai|tenai|administr|dirige|animai|a cree|avait cree|a fonde|avait fonde)\w*",
    r"(company|firm|people|team|group|man|woman|men) behind", r"(societe|equipe|groupe) derriere",
    r"a la tete (de|du|des|d)",
)  # fmt: skip

# Words before a name that recall it as background, not as the news: "after Megaupload's
# fall", "like KickassTorrents before it", "alternatives such as", « après la fermeture de ».
BACKGROUND_CUES = (
    r"apres", r"after", r"effet", r"effect", r"post", r"like", r"comme", r"such as",
    r"alternatives?", r"unlike",
    r"contrairement a", r"a l image de", r"similar to", r"since", r"depuis", r"following",
    r"in the wake of", r"dans la foulee de", r"successeur de", r"successor (to|of)",
    r"remplacant de", r"replacement for", r"rather than", r"plutot que", r"ou encore",
    r"rival\w*", r"concurrents?", r"competitors?", r"heberge\w* (sur|chez|par)",
    r"hosted (on|by)", r"liens? vers", r"links? to", r"stock\w* (sur|chez)", r"via",
    r"fermeture de", r"chute de", r"fall of", r"closure of", r"demise of", r"disparition de",
    r"precedent\w*", r"previous\w*", r"including", r"dont",
    r"notamment", r"parmi", r"among",
)  # fmt: skip

# Words before an outcome that make it a possibility, a threat or a warning, not news:
# "warned of legal action", "could face charges", « faute de quoi des poursuites », "fake
# copies of the closed site", « il encourt trois ans de prison ».
HYPOTHETICAL_CUES = (
    # (not the month: "on May 12, police seized…", "in May")
    r"could", r"would", r"might", r"(?<!in )(?<!on )(?<!of )(?<!since )(?<!until )(?<!by )"
    r"(?<!early )(?<!late )(?<!mid )may(?! \d)", r"pourrai\w*", r"risqu\w*", r"menac\w*",
    r"threat\w*", r"warn(s|ed|ing|ings)?", r"faute de quoi", r"sinon", r"otherwise", r"unless",
    r"encour\w*", r"faces?", r"facing", r"n exclu\w* pas", r"envisag\w*", r"fake",
    r"faux", r"fausses?", r"pretend\w*", r"si", r"if", r"whether", r"fear\w*", r"crai\w*",
    r"possible\w*", r"eventuel\w*", r"avoid", r"eviter", r"seek\w*", r"will seek",
    # promises, plans and proposals: "vows to chase", « la police promet de fermer », "plans
    # takedowns", "a proposed law to block"
    r"vows?", r"vowed", r"pledg\w*", r"promet\w*", r"promis\w*", r"plans?( to)?",
    r"planned to", r"planning to", r"projett?\w* de", r"wants? to",
    r"aims? to", r"entend(ent)?", r"proposed", r"proposals?", r"proposition de loi",
    # what a law allows is not what happened: « adopte une loi pour bloquer », "a law to block"
)  # fmt: skip

# Words before an outcome that make it what someone asks for, not what happened: "publishers
# ask an Indian court to block Sci-Hub", « les éditeurs veulent faire bloquer Sci-Hub », "the
# league calls for the sites to be blocked". The asking is a suit or a notice, read on its own
# words; the outcome asked for is the next development, if it comes. Read by the outcome
# reader only: a request is still news of an action (relevance).
REQUEST_CUES = (
    r"asks?( \w+){0,3} to", r"asked( \w+){0,3} to", r"asking( \w+){0,3} to",
    r"urg\w*( \w+){0,3} to", r"wants?( \w+){0,3} to", r"calls? for", r"called for",
    r"veu\w+( faire)?", r"souhait\w*( faire)?", r"demand\w*( a \w+)?( de| d)?",
    r"reclam\w*( de| d)?", r"(pour|afin d) obtenir",
)  # fmt: skip

# Cues that make an action word that follows them, within POSSIBILITY_REACH characters, a
# possibility rather than news ("could face a lawsuit"; « permettrait de bloquer »: what a bill
# would allow is no action either). Read by relevance (classify.py) and targets (targets.py).
POSSIBILITY_CUES = (*HYPOTHETICAL_CUES, r"permettr\w*")
POSSIBILITY_REACH = 25

# Words after an outcome that place it in the past: "the site, seized in 2022, is back".
RECAP_AFTER = (
    r"(in|en|since|depuis) (\S+ )?(19|20)\d\d", r"(last|l) (year|an dernier|annee derniere)",
    r"\w+ years? (ago|earlier)", r"il y a \w+ ans", r"years? before",
)  # fmt: skip

# A word right before an outcome that dates it before the news: "the December raid",
# "last year's seizure", "the earlier closure".
RECAP_BEFORE = (
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "last", "earlier", "previous", "prior", "former",
    "past", "original", "first",
)  # fmt: skip

# More outcome phrasings (relevance and targets read them as actions too: ACTION_PATTERNS):
# lost cases, dismissed appeals, defendants walking free, suspended domains, reopened sites,
# catalogues withdrawn in full, blocked access in other words.
OUTCOME_PATTERNS_MORE = {
    "notice": (
        r"(dmca|takedown|copyright) (notice|request|claim|complaint)s?", r"dmca",
        # « Media Factory demande à AnimeSuki de retirer ses séries », "asks X to drop"
        r"demand\w* (a|au|aux) (\S+ ){0,4}?de (retirer|supprimer|cesser)",
        r"reclam\w* (\S+ ){0,4}?le retrait", r"asks? (\S+ ){0,4}?to (remove|drop|take down|pull)",
        r"asked to (remove|drop|take down|pull)",
        r"notifications?( de retrait)?",
        r"threat(en|ens|ened|ening) (\S+ ){0,4}(legal action|lawsuits?|to sue|legal "
        r"consequences|court action)",
        r"menac\w* (\S+ ){0,4}(de poursuites|d une action en justice|de proces|de porter plainte)",
    ),
    "lawsuit": (
        r"trai?n\w* (\S+ ){0,4}en justice", r"port(e|ent|ait|aient)? plainte",
        # "French publishers bring criminal complaint", "authors file a second round of suits"
        r"(bring|brings|brought|lodge[sd]?|file[sd]?) (a |an )?(criminal )?complaints?",
        r"(file[sd]?|filing|bring|brings|brought) (\S+ ){0,5}?suits",
        r"(preliminary|temporary) (injunction|restraining order)s?", r"injonctions?",
        r"a titre provisoire", r"injunctions? against",
        r"subpoenas?", r"assignations? en justice", r"attaqu\w* (en justice )?par",
        # « Dish attaque en justice deux services IPTV », « attaque X en justice »
        r"attaqu(e|ent|ait|aient|ee|ees|es) (\S+ ){0,4}en justice",
        # « Universal poursuit Grooveshark » (not « poursuit son enquête », continues)
        r"poursui(t|vent) (en justice )?(le|la|les|l|un|une|des)"
        r"(?! (enquete|investigation|activite|travail|route|chemin|croissance|developpement|"
        r"offensive|efforts?|objectif|mission|lutte|combat|bataille|politique|strategie|"
        r"dialogue|discussions?|negociations?|procedure|tournee|expansion))",
        r"(takes?|took|taking|taken) (\S+ ){0,4}to court",
        # « traînent Nitro TV devant un tribunal californien », « seront jugés en Suède »
        r"devant (un|le|la) (tribunal|juge|cour)", r"(seront|sera|etre) juge(e|s|es)?",
        r"trai?n\w* (\S+ ){0,4}?devant (la justice|les tribunaux)",
        r"(files?|filed|filing) (another|a new|a second|a fresh|new) (case|suit|lawsuit|complaint)",
        r"(seeks?|sought|seeking|reclam\w*|demand\w*) (\S+ ){0,3}?(\$|€|£)?\d[\d.,]* ?"
        r"(million|millions|m|bn|billion|milliards?)",
    ),
    "arrest": (
        r"place\w* en detention", r"derriere les barreaux", r"behind bars",
        r"arrestations?",  # « une arrestation en Chine »
        r"sous les verrous",
        r"detains?", r"detaining", r"held for questioning", r"rounded up",
    ),
    "seizure": (
        r"carted off", r"embarqu\w* (les|ses) serveurs",
        r"descente (\S+ ){0,5}?chez",  # « descente de l'industrie du disque chez Kazaa »
        # a domain handed to the rights holders: "must transfer the domain to the labels",
        # « les labels récupèrent son nom de domaine »
        r"(transfer|hand\w* over|surrender|give up|gave up|giving up)\w* (\S+ ){0,3}?domains?",
        r"recuper\w* (son|le|leur|ses|les) (nom de )?domaines?",
        r"(nom de )?domaine revient (a|aux)",
        r"suspend\w* (\S+ ){0,3}(domains?|domaines?)",
        r"(domains?|domaines?|adresse) (\S+ ){0,3}suspend\w*", r"suspend\w* [a-z0-9-]+\.[a-z]{2,}",
        r"prive\w* (de )?(son|sa|leur) (adresse|domaine|nom de domaine)",
        r"los(e|es|t|ing) (its|their) (\S+ ){0,2}?(domains?|web address(es)?)",
        r"perd\w* son nom de domaine",
        r"coupe\w* (le|son) (nom de )?domaine",
    ),
    "blocking": (
        r"coupe\w* l acces", r"cut(s|ting)? off access", r"could no longer reach",
        r"rendu\w* inaccessibles?", r"inaccessibles? (en|au|aux|in|from) [a-z]+",
        r"(must|ordered to) stop (subscribers|customers|users) (from )?(reaching|accessing)",
    ),
    "shutdown": (
        r"tak(e|es|ing) down", r"took down", r"(went|gone|go) dark", r"c est (fini|termine)",
        r"(retir|supprim)\w* (tous|toutes|tout|l ensemble de) (ses|son|leurs|les|des)",
        r"(remov|pull|wip|delet|scrub)\w* (all|every)( of)? (its|their|the)?",
        r"arrete\w* les frais", r"tire\w* (le|sa) rideau", r"mis\w* (\S+ )?hors ligne",
        r"stay(s|ed)? dark", r"fold(s|ed)? (its|their) tent",
        r"vanish\w*", r"retir\w* du (net|web)", r"has gone offline", r"bows? out",
        r"(been|was|were) cut off",
        r"(ne|n) (diffuse|propose|fonctionne|heberge|distribue)\w* plus",
        r"no longer (offers?|streams?|hosts?|carries|distributes?|available)",
        r"(pulled|suspend\w*) (most|all|the majority|la majorite|la plupart|l essentiel) of",
        r"ne sera plus (diffuse|distribue|disponible|accessible)e?s?",
        # a site that deletes its pirated catalogue stops its infringing service
        # (done, not owed: "should have removed", "failed to remove", "ordered to purge")
        r"(?<!to )(?<!have )(?<!must )(remov|delet|pull|purg|scrub|wip)(es|ed|s|d) (\S+ ){0,2}?"
        r"(pirated|copyrighted|infringing|unlicensed|unauthori[sz]ed) (\S+ )?(content|files|"
        r"links|downloads|works|songs|films|movies|books|catalog(ue)?)",
        r"(retir|supprim|effac)\w* (\S+ ){0,4}?(contenus?|fichiers|liens|oeuvres|films|titres|"
        r"livres|morceaux|chansons) (pirates?|pirate(e|s|es)|contrefaisants?|illicites?|illegaux)",
        r"ceased (operations|trading|activit\w+|all \w+)", r"switched off (its|their)",
        # a channel or a group that stops: "goes off air", « n'émet plus », "halts uploads",

        r"goes off (the )?air", r"went off (the )?air", r"off the air", r"n emet(tent)? plus",
        r"halt(s|ed)? (its |all )?(uploads|releases|streams?|operations|service)",
        # "Cielo 4K is no longer operating", « le site n'est plus accessible »
        r"no longer (operating|operational|in operation|running|active|accessible|reachable)",
        r"n (est|etait|sont|etaient) plus (accessibles?|disponibles?|en ligne|operationnels?|"
        r"joignables?|actifs?)",
        r"ne (repond|repondent|fonctionne|fonctionnent) plus",
    ),
    "conviction": (
        r"perd\w* (son|leur|le) proces", r"perd\w* face (a|au|aux)",
        r"l emporte (contre|face a|face au|face aux|sur)",
        r"los(e|es|t|ing) (its|his|their|her|the) (case|appeal|lawsuit|suit|trial)",
        r"(wins?|won) (\S+ ){0,3}(case|suit|lawsuit) against", r"prevail\w* (\S+ ){0,4}against",
        r"gagn\w* (\S+ ){0,3}contre", r"reject\w* (an |the |his |her |its |their )?appeal",
        r"appeal (was )?(rejected|dismissed)", r"rejet\w* (l |son |leur )?(appel|recours)",
        r"(appel|recours) (\S+ ){0,3}rejete", r"responsables? de contrefacon",
        r"(wilfully|willfully) (infringed|violated)",
        # a judgment its defendants accept is still one: "agree to a $12 million judgment"
        r"(accept\w*|agree\w* to) (un |a |an |the )?(\S+ ){0,4}?(jugement|judg(e)?ment)",
        r"consent judg(e)?ment", r"jugement d accord",
        r"(jugement|judg(e)?ment)s? (rendu )?(sur|par|by) (consentement|consent)",
        r"devr\w* (payer|verser)", r"versera (une somme|\d)", r"(must|will) pay",
        r"fai\w* condamner", r"convicts?", r"suspended (prison )?sentence", r"court win",
        r"perd\w* une manche", r"los(e|es|t) a round",
        r"sanctionn\w*",
        # « la Cour suprême donne tort à Aereo », "Aereo loses at Supreme Court", "ordered to
        # curb piracy"
        r"donn\w* tort a", r"los(e|es|t) (at|in|before) (the )?(\S+ ){0,3}?(court|judges?)",
        r"ordered to (curb|cease|remove|halt|take down)",  # (ISPs are "ordered to block")
        # « trois ans et demi de prison », "is going to prison", « peine alourdie en appel »
        r"(mois|ans) et demi de prison", r"(going|goes|sent|sends|off) to (prison|jail)",
        r"peine (alourdie|aggravee|confirmee|reduite)",
        r"\d[\d.,]* ?(million|millions|m|bn|billion) (\S+ )?judg(e)?ment",
        r"(wins?|won|awarded|obtient|obtenu) (nearly |almost |more than |over |plus de |pres de )?"
        r"(\$|€|£)?\d[\d.,]* ?(million|millions|m|bn|billion|milliards?)",
    ),
    "settlement": (
        r"(pour )?solder le litige", r"regl\w* (le litige|a l amiable)",
        # "VK and Warner Music settle", "strikes a deal", « fait la paix », « entente entre »
        r"settle", r"strik(e|es|ing) (an? )?(\S+ )?deal", r"struck (an? )?(\S+ )?deal",
        r"(fait|font|faire|fera) la paix", r"entente (entre|avec)",
    ),
    "acquittal": (
        r"walk(ed|s)? free", r"mis hors de cause", r"(been|were|was|est|sont|ete) cleared",
        r"blanchi(e|s|es)", r"(case|prosecution) (\S+ ){0,4}collaps\w*",
        r"non lieu", r"did not (break|violate) the law", r"(was|is) not a crime",
        r"(ne |n )?(etait|est|sont|etaient) pas (un delit|des delits|illegal\w*)",
        r"committed no crime", r"dismiss\w* (the )?(case|charges)",
        r"classe\w* sans suite",
        # « la justice néerlandaise déboute les ayants droit », "Kazaa is not liable"
        r"deboute\w* (les|la|le|l) (\S+ ){0,2}?(ayants droit|plaignants?|maisons de disques|"
        r"majors|studios|editeurs|labels?|societes?)",
        r"n est pas responsable", r"(is|was|are|were) not (liable|responsible)",
        r"(court|judges?|jury|tribunal|juges?|cour) (\S+ ){0,3}clear(s|ed)",
        r"clear(s|ed|ing) (\S+ ){0,5}?(of|de) (all )?(charges?|copyright|wrongdoing|"
        r"infringement|liability)",
        r"(operators?|founders?|owners?|admins?|developers?|teen|firm|company|service|site|"
        r"platform) (\S+ ){0,2}cleared",
    ),
    "relaunch": (
        r"rouvert\w*", r"reopen\w*", r"(running|up|online) again",
        r"de nouveau (en ligne|accessible)",
        r"is back", r"reinstat\w*", r"restor\w*", r"retabli\w*", r"resurfac\w*",
        r"hops? (to )?(a )?(new )?domains?", r"domain hopp\w*", r"reachable again",
        r"under a (fresh|new) (address|domain)",
    ),
}  # fmt: skip

# Words shortly before a sentence that make it the penalty a law sets, not one handed down:
# « passible de deux à quatre ans de prison », "punishable by up to five years in prison".
PENALTY_CUES = (r"passibles?", r"punishable", r"encour(t|ent|ir)", r"carries")

# Words right after an outcome word that give it another sense: « la décision revient au
# ministre » (falls to), "searches returned nothing", "its takedown rules", « arrête les frais ».
OUTCOME_FALSE_FRIENDS_AFTER = {
    "relaunch": (r"(a|au|aux|cher|sur|de)", r"(nothing|no|only)"),
    "shutdown": (
        r"(rules?|polic\w*|notices?|requests?|systems?|procedures?)", r"(nom de )?domaine",
        # « met fin aux poursuites », « abandonnent leur procès », « ferme la porte à »: the
        # case or an idea ends, not the site
        r"(aux|au|a la|a l|leur|leurs|les|la|le|son|sa|ses|the|its|their|his|her) "
        r"(poursuites?|proces|litige|procedure|plaintes?|affaire|suits?|lawsuits?|case|"
        r"dispute|charges?|action)",
        r"(a |au |aux )?la porte", r"(the )?door",
    ),
    "arrest": (r"(les frais|de|d)",),
    "conviction": (r"(\S+ ){0,9}(contre|against) (leur|son|sa|his|their|its) extradition",),
}  # fmt: skip

# More words after an outcome that place it before the news: "sued in July", « attaqué en
# mai », "a suit filed last month".
RECAP_AFTER_MORE = (
    r"(in|en) (january|february|march|april|may|june|july|august|september|october|november|"
    r"december|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|"
    r"decembre)",
    r"last month", r"le mois dernier", r"earlier this (year|month)",
    r"before(?= ?[;,.:])", r"auparavant",
)  # fmt: skip

# A duration before "after" dates what follows it before the news: "closes, a month after
# seeking protection from lawsuits", « six ans après la descente ». Its outcomes are recaps.
DISTANT_PAST_CUES = (
    r"(a|an|one|two|three|four|five|six|several|few|\d+) (days?|weeks?|months?|years?) "
    r"(after|since)",
    r"(days|weeks|months|years) (after|since)",
    r"(jours?|semaines?|mois|ans|annees) (et demi )?(apres|depuis)",
)  # fmt: skip

# More negations before an outcome: « n'est pas forcément coupable », « ne sera pas fermé ».
NEGATION_MORE = (
    r"n \w+ pas( \w+)?", r"ne \w+ pas( \w+)?", r"ne \w+ \w+ pas",
    # refusals: « refuse de fermer », "refuses to shut down", "neither site has closed"
    r"refus\w* de", r"refus\w* to", r"neither( \w+)? (has|have)", r"n entend pas",
)  # fmt: skip

# Every phrasing of an action, as relevance (classify.py) and targets (targets.py) read them:
# the outcomes in all their phrasings, and the actions no outcome names.
ACTION_PATTERNS = (
    *(p for patterns in OUTCOME_PATTERNS.values() for p in patterns),
    *(p for patterns in OUTCOME_PATTERNS_MORE.values() for p in patterns),
    *ENFORCEMENT_ACTIONS,
)

# Words that date a sentence before the news: "police seized fs.to earlier in the week",
# « le site avait été fermé en 2019 ». Outcomes there are recaps (tag.py).
PAST_SENTENCE_CUES = (
    r"(en|in) (19|20)\d\d", r"auparavant", r"previously", r"earlier", r"deja", r"already",
    r"l an dernier", r"last year", r"il y a \w+ ans", r"\w+ years ago", r"precedemment",
    # the pluperfect tells what happened before the news
    r"had (been )?\w+ed", r"had \w+", r"avai(t|ent) (ete )?\w+",
)  # fmt: skip

# Suits against the people who download, not against a service: "sues 261 file sharers",
# "to stop suing individual music swappers", « poursuit des internautes »: a headline saying
# so is about one of these campaigns (classify.py).
USERS_SUED = (
    r"(sues?|sued|suing|suits? against|complaints? against|plaintes? contre|poursui\w*|"
    r"attaqu\w*|assign\w*)"
    r"( (des|les|de|d))?( (\d[\d,. ]*|hundreds of|thousands of|dozens of|individual|centaines d|"
    r"milliers d))?( (music|song|us|american))?"
    r" (file ?sharers|file ?swappers|swappers|downloaders|users|internautes|telechargeurs|"
    r"pirates presumes|particuliers)",
    # "Judge blocks letters to Australian downloaders"
    r"(letters?|notices?|lettres?|courriers?) (to|aux|a des) (\S+ )?(downloaders|users|"
    r"subscribers|internautes|abonnes)",
)  # fmt: skip
