"""What the capitalised words of a name say about it: an organisation, a place, an event.

Shared by ``people.py`` (a run holding one of these words is no person) and
the entities extractor (which labels runs by them), so the two never
disagree on whether "Orbis Freight Ltd" or "River Wye" is someone.
"""

from __future__ import annotations

#: Words of organisations, in the languages the extractors read.
ORG_WORDS = frozenset(
    """ministry ministries department agency office council party union university institute
    company corporation corp inc ltd llc plc gmbh ag sa group association federation
    committee commission court parliament congress senate assembly government army navy
    police service services fund foundation school hospital bank exchange authority board
    league club fc airlines airways motors systems technologies energy holdings partners
    bureau administration command forces coalition alliance organization organisation
    network press times news post herald journal tribune gazette broadcasting
    ledger chronicle courier telegraph observer examiner inquirer newsroom
    trust institution industries international investments securities insurance
    capital logistics freight shipping railways railway mining minerals resources
    petroleum chemicals polymers pharmaceuticals pharma electric electronics
    semiconductor semiconductors microsystems software solutions labs laboratories
    media studios entertainment foods brewery breweries automotive aerospace space
    dynamics robotics telecom telecommunications communications ventures enterprises
    renewables utilities airport airports
    united rovers wanderers athletic albion villa hotspur sporting dynamo olympique
    ministerium bundesamt partei regierung gericht verband bundestag bundesrat
    ministère banque assemblée sénat conseil parti gouvernement tribunal autorité agence
    ministerio banco congreso partido gobierno consejo agencia universidad
    pentagon kremlin nato""".split()
)
#: Words of places that are no entry of the gazetteer ("Iwate Prefecture").
PLACE_WORDS = frozenset(
    """prefecture province region county state island islands river sea ocean gulf bay
    peninsula strait valley mountains mountain lake coast desert park district city
    gap canyon glacier forest heath moor hills falls delta basin
    landkreis bundesland provinz région département provincia región comunidad""".split()
)
#: Words of events and competitions (CoNLL's MISC): "Asian Cup", "Grand Prix".
EVENT_WORDS = frozenset(
    "cup open championship championships games olympics prix tour series trophy "
    "marathon derby final finals classic masters".split()
)
#: Capitalised only because they begin a sentence: never a name, nor a name's first word.
FUNCTION_WORDS = frozenset(
    """the a an and but or if in on at to for of by with from as after before when while
    this that these those it its he she they we i you his her their our there here what
    who which where why how not no yes also meanwhile however although still yet some
    many most more all both each every other such any several few last next my
    der die das ein eine und le la les un une et el los las y en""".split()
)
