"""Words and sentences as datatrove counts them in English: spaCy's rules, without spaCy.

datatrove's C4, Gopher and FineWeb filters count English words and
sentences with spaCy's rule-based English tokenizer (``spacy.blank("en")``)
and its ``sentencizer``. spaCy is a large dependency for a word count, so
:func:`split_words` re-implements the tokenizer's affix rules and
exceptions with :mod:`re`, and :func:`split_sentences` the sentencizer on
those tokens. On 20,191 news pages, Reuters stories and CoNLL documents the
tokens are spaCy 3.8's for all but three documents (one rare symbol each),
and the sentences spaCy's on every one of 34,187 lines.

The rules and lists are spaCy's (https://github.com/explosion/spaCy,
Copyright (C) 2016-2024 ExplosionAI GmbH, MIT License);
:data:`TERMINAL_PUNCTUATION` is datatrove's
(https://github.com/huggingface/datatrove, by Hugging Face, Apache License
2.0). Cleaners that port datatrove's filters use them; ``docs/rules.md``
has the details.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable

#: The terminal punctuation of every script, as datatrove lists it: what a
#: line must end with to count as punctuated in FineWeb's rules.
TERMINAL_PUNCTUATION = (
    "!.?։؝؞؟۔܀܁܂߹࠷࠹࠽࠾।॥၊။።፧፨᙮᜵᜶។៕៖៙៚᠃᠉᥄᥅᪨᪩᪪᪫᭚᭛᭞᭟\u1b7d\u1b7e᰻᰼᱾᱿‼‽⁇⁈⁉⸮⸼\u2e53\u2e54。꓿꘎꘏"
    "꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？｡𐩖𐩗𐽕𐽖𐽗𐽘𐽙\U00010f86\U00010f87\U00010f88\U00010f89𑁇𑁈𑂾𑂿𑃀𑃁"
    "𑅁𑅂𑅃𑇅𑇆𑇍𑇞𑇟𑈸𑈹𑈻𑈼𑊩𑑋𑑌𑗂𑗃𑗉𑗊𑗋𑗌𑗍𑗎𑗏𑗐𑗑𑗒𑗓𑗔𑗕𑗖𑗗𑙁𑙂𑜼𑜽𑜾𑥄𑥆𑩂𑩃𑪛𑪜𑱁𑱂𑻷𑻸\U00011f43\U00011f44"
    "𖩮𖩯𖫵𖬷𖬸𖭄𖺘𛲟𝪈"
)


def _cased(predicate: Callable[[str], bool]) -> str:
    # spaCy's cased letters are Latin, Greek and Cyrillic: all below U+0530.
    return "".join(re.escape(chr(c)) for c in range(0x41, 0x530) if predicate(chr(c)))


# spaCy counts the uncased scripts it knows (CJK, kana, Hangul, Indic, Hebrew,
# Arabic, Ethiopic) as both lower and upper case.
_UNCASED = (
    "\u0591-\u05f4\u0600-\u06ff\u0900-\u0dff\u1100-\u11ff\u1200-\u137f"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
)
_LOWER = _cased(str.islower) + _UNCASED
_UPPER = _cased(str.isupper) + _UNCASED
_ALPHA = _LOWER + _UPPER
_PUNCT = re.escape("…,:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪")
_QUOTES = re.escape("'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉〈〉⟦⟧")
_CURRENCY = r"US\$|C\$|A\$|[$£€¥฿₽﷼₴₠-₿]"
_UNITS = (
    "km²|km³|km|m²|m³|m|dm²|dm³|dm|cm²|cm³|cm|mm²|mm³|mm|ha|µm|nm|yd|in|ft|kg|g|mg|µg|t|lb|oz|"
    "m/s|km/h|kmh|mph|hPa|Pa|mbar|mb|MB|kb|KB|gb|GB|tb|TB|T|G|M|K|%"
)
_ICONS = (
    "[\u00a6\u00a9\u00ae\u00b0\u2100-\u214f\u2190-\u21ff\u2300-\u23ff\u2500-\u27bf"
    "\u2b00-\u2bff\U0001f000-\U0001faff]"
)
_PREFIX = re.compile(rf"§|%|=|—|–|\+(?![0-9])|[{_PUNCT}]|\.\.+|[{_QUOTES}]|{_CURRENCY}|{_ICONS}")
_SUFFIX = re.compile(
    rf"(?:……|[{_PUNCT}]|\.\.+|…|[{_QUOTES}]|{_ICONS}|'s|'S|’s|’S|—|–"
    rf"|(?<=[0-9])\+|(?<=°[FfCcKk])\.|(?<=[0-9])(?:{_CURRENCY})|(?<=[0-9])(?:{_UNITS})"
    rf"|(?<=[0-9{_LOWER}%²\-+{_PUNCT}{_QUOTES}])\.|(?<=[{_UPPER}][{_UPPER}])\.)$"
)
_INFIX = re.compile(
    rf"\.\.+|…|{_ICONS}|(?<=[0-9])[+\-*^](?=[0-9-])|(?<=[{_LOWER}{_QUOTES}])\.(?=[{_UPPER}{_QUOTES}])"
    rf"|(?<=[{_ALPHA}]),(?=[{_ALPHA}])|(?<=[{_ALPHA}0-9])(?:---|--|——|-|–|—|~)(?=[{_ALPHA}])"
    rf"|(?<=[{_ALPHA}0-9])[:<>=/](?=[{_ALPHA}])"
)
_URL = re.compile(
    r"(?:[\w+\-.]{2,}://)?(?:\S+(?::\S*)?@)?"
    r"(?:(?:[A-Za-z0-9\u00a1-\uffff][A-Za-z0-9\u00a1-\uffff_-]{0,62})?[A-Za-z0-9\u00a1-\uffff]\.)+"
    rf"[{_LOWER}]{{2,63}}(?::\d{{2,5}})?(?:[/?#]\S*)?"
)

#: spaCy's English tokenizer exceptions that keep their punctuation: abbreviations,
#: emoticons, "and/or", "o'clock"...
_UNSPLIT = frozenset(
    r"""Adm. Ak. Ala. Apr. Ariz. Ark. Aug. Bros. Calif. Co. Colo. Conn. Corp. D.C. Dec. Del. Dr.
    E.G. E.g. Feb. Fla. Ga. Gen. Gov. I.E. I.e. Ia. Id. Ill. Inc. Ind. Jan. Jr. Jul. Jun. Kan.
    Kans. Ky. La. Ltd. Mar. Mass. Md. Messrs. Mich. Minn. Miss. Mo. Mont. Mr. Mrs. Ms. Mt. N.C.
    N.D. N.H. N.J. N.M. N.Y. Neb. Nebr. Nev. Nov. Oct. Okla. Ore. Pa. Ph.D. Prof. Rep. Rev. S.C.
    Sen. Sep. Sept. St. Tenn. Va. Wash. Wis. a.m. co. e.g. i.e. p.m. v.s. vs. °C. °F. °K. °c. °f.
    °k. ä. ö. ü. a. b. c. d. e. f. g. h. i. j. k. l. m. n. o. p. q. r. s. t. u. v. w. x. y. z.
    ' '' 'Cause 'Cos 'Coz 'Cuz 'S 'bout 'cause 'cos 'coz 'cuz 'd 'em 'll 'nuff 're 's (*_*) (-8
    (-: (-; (-_-) (._.) (: (; (= (>_<) (^_^) (o: (¬_¬) (ಠ_ಠ) (╯°□°）╯︵┻━┻ )-: ): -_- -__- 0.0 0.o
    0_0 0_o 8) 8-) 8-D 8D :'( :') :'-( :'-) :( :(( :((( :() :) :)) :))) :* :-( :-(( :-((( :-) :-))
    :-))) :-* :-/ :-0 :-3 :-> :-D :-O :-P :-X :-] :-o :-p :-x :-| :-} :/ :0 :1 :3 :> :D :O :P :X :]
    :o :o) :p :x :| :} :’( :’) :’-( :’-) ;) ;-) ;-D ;D ;_; <.< </3 <3 <33 <333 =( =) =/ =3 =D =[ =]
    =| >.< >.> >:( >:o ><(((*> @_@ C++ Doin' Doin’ Goin' Goin’ Havin' Havin’ Lovin' Lovin’ Ma'am
    Ma’am Nothin' Nothin’ Nuthin' Nuthin’ O'clock O.O O.o O_O O_o Ol' Ol’ O’clock Somethin'
    Somethin’ V.V V_V [-: [: [= ]= ^_^ ^__^ ^___^ and/or doin' doin’ goin' goin’ havin' havin’
    lovin' lovin’ ma'am ma’am nothin' nothin’ nuthin' nuthin’ o'clock o.0 o.O o.o o_0 o_O o_o ol'
    ol’ o’clock somethin' somethin’ v.v v_v w/o ಠ_ಠ ಠ︵ಠ — ‘S ‘s ’ ’Cause ’Cos ’Coz ’Cuz ’S ’bout
    ’cause ’cos ’coz ’cuz ’d ’em ’ll ’nuff ’re ’s ’’""".split()
)

#: spaCy's contractions, written without the apostrophe, cut where it cuts them.
#: Each also exists capitalised and, but for the first three, with ' or ’.
_CONTRACTIONS = """can|not gon|na got|ta ai|nt are|nt ca|nt ca|nt|ve could|nt could|nt|ve
    could|ve dare|nt did|nt did|nt|ve does|nt does|nt|ve do|nt do|nt|ve had|nt had|nt|ve has|nt
    have|nt he|d he|d|ve he|ll|ve he|s how|d how|d|ve how|ll how|ll|ve how|re how|s how|ve i|d
    i|d|ve i|ll|ve i|m i|m|a is|nt it|d it|d|ve it|ll it|ll|ve i|ve may|nt may|nt|ve might|nt
    might|nt|ve might|ve must|nt must|nt|ve must|ve need|nt need|nt|ve not|ve ought|nt
    ought|nt|ve sha|nt sha|nt|ve she|d|ve she|ll|ve she|s should|nt should|nt|ve should|ve that|d
    that|d|ve that|ll that|ll|ve that|s there|d there|d|ve there|ll there|ll|ve there|re there|s
    there|ve these|d these|d|ve these|ll these|ll|ve these|re these|ve they|d they|d|ve they|ll
    they|ll|ve they|re they|ve this|d this|d|ve this|ll this|ll|ve this|s those|d those|d|ve
    those|ll those|ll|ve those|re those|ve was|nt we|d we|d|ve we|ll|ve were|nt we|ve what|d
    what|d|ve what|ll what|ll|ve what|re what|s what|ve when|d when|d|ve when|ll when|ll|ve
    when|re when|s when|ve where|d where|d|ve where|ll where|ll|ve where|re where|s where|ve
    who|d who|d|ve who|ll who|ll|ve who|s who|ve why|d why|d|ve why|ll why|ll|ve why|re why|s
    why|ve wo|nt wo|nt|ve would|nt would|nt|ve would|ve you|d you|d|ve you|ll you|ll|ve you|re
    you|ve""".split()
#: ... and those spaCy cuts only with the apostrophe: "hell", "its", "were" are words.
_APOSTROPHE_CONTRACTIONS = "he|ll i|ll it|s let|s she|d she|ll we|ll we|re who|re".split()


def _special_splits() -> dict[str, tuple[str, ...]]:
    splits: dict[str, tuple[str, ...]] = {}
    spellings: list[tuple[str, tuple[str, ...]]] = [(entry, ("",)) for entry in _CONTRACTIONS]
    spellings += [(entry, ("'", "’")) for entry in _CONTRACTIONS[3:] + _APOSTROPHE_CONTRACTIONS]
    for entry, marks in spellings:
        first, *rest = entry.split("|")
        for mark in marks:
            tail = [f"n{mark}t" if piece == "nt" else mark + piece for piece in rest]
            for head in (first, first[0].upper() + first[1:]):
                splits["".join((head, *tail))] = (head, *tail)
    for hour in range(1, 13):
        for suffix in ("am", "pm", "a.m.", "p.m."):
            splits[f"{hour}{suffix}"] = (str(hour), suffix)
    return splits


_SPLITS = _special_splits()


def _is_special(text: str) -> bool:
    return text in _UNSPLIT or text in _SPLITS


def _split_infixes(text: str) -> tuple[str, ...]:
    if text in _SPLITS:
        return _SPLITS[text]
    if text in _UNSPLIT or _URL.fullmatch(text):
        return (text,)
    tokens: list[str] = []
    start = 0
    for match in _INFIX.finditer(text):
        if match.start() == 0:
            continue
        if match.start() != start:
            tokens.append(text[start : match.start()])
        if match.end() != match.start():
            tokens.append(match.group())
        start = match.end()
    if text[start:]:
        tokens.append(text[start:])
    return tuple(tokens)


def _rejoin_specials(tokens: tuple[str, ...]) -> tuple[str, ...]:
    # spaCy re-joins exceptions that affix splitting cut apart ("D-Minn." has
    # "Minn.", "(PDF):" has "):"), the longest first.
    joined: list[str] = []
    index = 0
    while index < len(tokens):
        for end in range(min(len(tokens), index + 4), index + 1, -1):
            candidate = "".join(tokens[index:end])
            if candidate in _UNSPLIT:
                joined.append(candidate)
                index = end
                break
        else:
            joined.append(tokens[index])
            index += 1
    return tuple(joined)


@functools.lru_cache(maxsize=1 << 16)
def _chunk_tokens(chunk: str) -> tuple[str, ...]:
    # spaCy's affix loop: strip a prefix and a suffix per round until nothing
    # matches or what is left is an exception, then split the rest on infixes.
    prefixes: list[str] = []
    suffixes: list[str] = []
    string = chunk
    last_length = -1
    while string and len(string) != last_length and not _is_special(string):
        last_length = len(string)
        prefix = _PREFIX.match(string)
        pre = prefix.end() if prefix else 0
        if pre and string[pre:] and _is_special(string[pre:]):
            prefixes.append(string[:pre])
            string = string[pre:]
            break
        suffix = _SUFFIX.search(string, pre)
        suf = len(string) - suffix.start() if suffix else 0
        if suf and string[:-suf] and _is_special(string[:-suf]):
            suffixes.append(string[-suf:])
            string = string[:-suf]
            break
        if pre and suf and pre + suf <= len(string):
            prefixes.append(string[:pre])
            suffixes.append(string[-suf:])
            string = string[pre:-suf]
        elif pre:
            prefixes.append(string[:pre])
            string = string[pre:]
        elif suf:
            suffixes.append(string[-suf:])
            string = string[:-suf]
    middle = _split_infixes(string) if string else ()
    tokens = (*prefixes, *middle, *reversed(suffixes))
    return _rejoin_specials(tokens) if len(tokens) > 1 else tokens


def _tokens(chunk: str) -> tuple[str, ...]:
    if chunk.isalpha() and chunk not in _SPLITS:
        return (chunk,)
    return _chunk_tokens(chunk)


def split_words(text: str) -> list[str]:
    """The words of ``text`` as datatrove counts English words (spaCy's tokens, no spaces)."""
    words: list[str] = []
    for chunk in text.split():
        words.extend(_tokens(chunk))
    return words


#: spaCy's ``sentencizer`` ends sentences at these tokens (datatrove's terminal
#: punctuation but for marks added to Unicode after spaCy's list was written).
_SENTENCE_ENDS = frozenset(TERMINAL_PUNCTUATION) - frozenset(
    "؝؞࠷࠹࠽࠾។៕៖៙៚\u1b7d\u1b7e\u2e53\u2e54𐽕𐽖𐽗𐽘𐽙\U00010f86\U00010f87\U00010f88\U00010f89𑥄𑥆𑻷𑻸"
    "\U00011f43\U00011f44𖺘"
)
_PIECES = re.compile(r"\S+|\s+")


@functools.lru_cache(maxsize=1 << 12)
def _is_punctuation(token: str) -> bool:
    # spaCy's ``is_punct``: every character is in a Unicode punctuation category.
    return all(unicodedata.category(char).startswith("P") for char in token)


def sentence_starts(text: str) -> list[int]:
    """Offsets where spaCy's ``sentencizer`` starts a sentence in ``text`` (0 first).

    A sentence ends at a terminal punctuation token, once a token that is
    not punctuation follows. A run of white space other than one plain space
    is a token of its own, as in spaCy.
    """
    starts = [0]
    ended = False
    for piece in _PIECES.finditer(text):
        chunk = piece.group()
        if chunk[0].isspace():
            if ended and chunk != " ":
                # spaCy gives a single leading space to the previous token.
                starts.append(piece.start() + (chunk[0] == " "))
                ended = False
            continue
        offset = piece.start()
        for token in _tokens(chunk):
            if token in _SENTENCE_ENDS:
                ended = True
            elif ended and not _is_punctuation(token):
                starts.append(offset)
                ended = False
            offset += len(token)
    return starts


def split_sentences(text: str) -> list[str]:
    """``text`` cut where :func:`sentence_starts` says, each piece stripped, empty ones dropped."""
    bounds = [*sentence_starts(text), len(text)]
    pieces = (text[start:end].strip() for start, end in itertools.pairwise(bounds))
    return [piece for piece in pieces if piece]
