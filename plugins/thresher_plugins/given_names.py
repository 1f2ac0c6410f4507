"""Given names of many countries, from Faker's person providers.

A capitalised pair that nothing in the article vouches for (no title, no
apposition, no reporting verb, no surname used alone) is still a person
when it opens with a given name: "Takuya Takagi scored", "Katja Seizinger
won". Faker is well kept, MIT-licensed and carries first names for about
80 locales, collected from census and civil-registry lists; we read its
data, never its random generator.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

# Provider attributes that hold first names (tuples, or dicts of name -> weight).
_FIRST_NAME_ATTRIBUTES = (
    "first_names",
    "first_names_male",
    "first_names_female",
    "first_names_nonbinary",
    "first_romanized_names",
    "first_romanized_names_male",
    "first_romanized_names_female",
)


@cache
def given_names() -> frozenset[str]:
    """Every first name written in Latin script, as spelt ("Katja", "José", "Takuya").

    Read on first use (about 0.2 s: one module per locale), then shared.
    """
    import faker.providers.person as person_providers

    names: set[str] = set()
    for module_info in pkgutil.iter_modules(person_providers.__path__):
        module = importlib.import_module(f"{person_providers.__name__}.{module_info.name}")
        provider = getattr(module, "Provider", None)
        for attribute in _FIRST_NAME_ATTRIBUTES:
            # a class attribute; some providers define the singular forms as properties
            value = getattr(provider, attribute, None)
            if isinstance(value, (list, tuple, set, frozenset, dict)):
                names.update(name for name in value if _latin_name(name))
    return frozenset(names)


def _latin_name(name: str) -> bool:
    # one word, capitalised, Latin letters (accents allowed): the form runs are matched in
    latin = all(ord(c) < 0x250 for c in name)
    return len(name) > 1 and name.isalpha() and name[:1].isupper() and latin
