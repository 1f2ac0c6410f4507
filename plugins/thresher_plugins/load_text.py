"""The ``text`` loader: any file (or stdin) as one plain-text document.

It is the fallback loader (``order = 900``): it accepts every input, so any
input a more specific loader (JSON, HTML, WARC...) does not claim ends up
here. It never raises for bad content; every input yields exactly one
document, kept, dropped or failed:

* larger than ``max_bytes`` (after decompression): dropped with reason
  ``too-large``; ``meta["max_bytes"]`` holds the limit and
  ``meta["size_bytes"]`` the size when it is cheaply known (an uncompressed
  file; absent for compressed input and stdin, which are not read past the
  limit);
* binary content (a known magic number, NUL bytes, or many control bytes
  in the first 8 KB): failed, ``binary file (looks like PNG image), not text``;
* empty or whitespace-only: dropped with reason ``empty``;
* unreadable (I/O error, corrupt compressed stream): failed, naming the error.

Decoding never fails: UTF-8 (with or without BOM), UTF-16/32 with a BOM,
BOM-less UTF-16, mostly-UTF-8 with a few bad bytes (replaced, counted in
``meta["decode_errors"]``), Western European single-byte text (cp1252),
charset-normalizer's best guess, and finally latin-1. ``meta["encoding"]``
names the encoding whenever it was not plain UTF-8.

A leading ``date 2025-10-29`` token (also ``date: ...`` and full timestamps
such as ``date 2025-10-29T08:00:00Z``), as naive scrapers write on the first
line, becomes ``meta["date"]`` (ISO 8601, the timestamp kept when given) and
is removed from the text, recorded as a ``metadata-date`` removal.
"""

from __future__ import annotations

import datetime
import io
import lzma
import re
import zlib
from collections.abc import Iterator

import attrs
import charset_normalizer

from thresher import Document, Input, Loader, Source, hookimpl

#: How much of the start of the content the binary checks look at.
SNIFF_BYTES = 8192

#: Share of control bytes (excluding tab, newline, carriage return, form
#: feed, vertical tab and escape) above which content is called binary.
MAX_CONTROL_RATIO = 0.10

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive (or docx/xlsx/epub/jar)"),
    (b"PK\x05\x06", "ZIP archive (empty)"),
    (b"\x7fELF", "ELF executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xca\xfe\xba\xbe", "Mach-O universal binary or Java class"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00asm", "WebAssembly module"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (OLE) document"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B} | {0x7F}

_DATE_TOKEN = re.compile(
    r"""\A\s*
    (?P<token>date[\ \t]*:[\ \t]*|date[\ \t]+)
    (?P<date>\d{4}-\d{2}-\d{2})
    (?:[T\ ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?))?
    (?=\s|\Z)""",
    re.IGNORECASE | re.VERBOSE,
)

# Non-ASCII characters that Western European text in cp1252 plausibly holds.
# Thorn and eth are left out: Turkish cp1254 (ş, ğ) decodes to them.
_WESTERN = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿ"
    "ŒœŠšŽžŸ\u00a0«»°£€§©®™·¡¿‘’‚“”„–—…•´¨¢¥ªº½¼¾"
)

#: Errors that reading an input may raise: I/O, or a corrupt compressed stream.
_READ_ERRORS = (OSError, EOFError, ValueError, lzma.LZMAError, zlib.error)


@attrs.define
class TextLoader(Loader):
    """Load any file as one plain-text document (the fallback loader).

    It accepts every input, so whatever no specific loader claims is read as
    text: decoded whatever its encoding, binary files and oversized inputs
    reported instead of loaded, and a leading ``date YYYY-MM-DD`` token
    turned into ``meta["date"]``.
    """

    name = "text"
    order = 900

    max_bytes: int = attrs.field(default=50_000_000, validator=attrs.validators.ge(0))

    def accepts(self, source: Input) -> bool:
        return True

    def load(self, source: Input) -> Iterator[Document]:
        document = Document(id=source.id_base, text="", source=Source(uri=source.name, kind="text"))
        try:
            data, size = self._read(source)
        except _READ_ERRORS as error:
            document.fail("load", self.name, f"cannot read: {type(error).__name__}: {error}")
            yield document
            return
        if len(data) > self.max_bytes:
            document.meta["max_bytes"] = self.max_bytes
            if size is not None:
                document.meta["size_bytes"] = size
            document.drop("too-large")
            yield document
            return

        binary = binary_kind(data[:SNIFF_BYTES])
        if binary is not None:
            document.fail("load", self.name, f"binary file ({binary}), not text")
            yield document
            return

        text, encoding, errors = decode(data)
        if encoding != "utf-8":
            document.meta["encoding"] = encoding
        if errors:
            document.meta["decode_errors"] = errors
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        document.text = text
        self._take_date(document)
        if not document.text.strip():
            document.text = ""
            document.drop("empty")
        yield document

    def _read(self, source: Input) -> tuple[bytes, int | None]:
        stream = source.open()
        try:
            data = stream.read(self.max_bytes + 1)
            size: int | None = None
            # The on-disk size is the content size only for an uncompressed file.
            if len(data) > self.max_bytes and type(stream) is io.BufferedReader:
                size = source.size()
            return data, size
        finally:
            # Standard input belongs to the process, not to this loader.
            if source.path is not None:
                stream.close()

    def _take_date(self, document: Document) -> None:
        match = _DATE_TOKEN.match(document.text)
        if match is None:
            return
        iso = _iso_date(match.group("date"), match.group("time"))
        if iso is None:
            return
        document.meta["date"] = iso
        document.record_removal(self.name, "metadata-date", match.group(0).strip())
        line, newline, after = document.text[match.end() :].partition("\n")
        # The rest of the token's line stays; a line that held only the token goes.
        document.text = line.lstrip() + newline + after if line.strip() else after


def _iso_date(day: str, time: str | None) -> str | None:
    try:
        datetime.date.fromisoformat(day)
    except ValueError:
        return None
    if time is None:
        return day
    stamp = f"{day}T{time}"
    try:
        datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return day
    return stamp


def binary_kind(sample: bytes) -> str | None:
    """What binary content ``sample`` looks like, or ``None`` if it may be text."""
    for bom, _ in _BOMS:
        if sample.startswith(bom):
            return None
    for magic, kind in _MAGIC:
        if sample.startswith(magic):
            return f"looks like {kind}"
    # bzip2: "BZh", a block size digit, then the block magic (pi in BCD); "BZh"
    # alone is also how a text about bzip2 may begin
    if re.match(rb"BZh[1-9]1AY&SY", sample):
        return "looks like bzip2 data"
    if sample[4:8] == b"ftyp":
        return "looks like MP4/QuickTime media"
    if sample.startswith(b"RIFF") and sample[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return f"looks like {sample[8:12].decode().strip()} media"
    if _utf16_without_bom(sample) is not None:
        return None
    if b"\x00" in sample:
        return "contains NUL bytes"
    if sample:
        controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
        if controls / len(sample) > MAX_CONTROL_RATIO:
            return f"{controls * 100 // len(sample)}% control bytes"
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``-be`` if ``sample`` looks like BOM-less UTF-16 of Latin script."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.7 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.7 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str, int]:
    """Decode ``data`` without ever failing: (text, encoding, replaced bytes)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding.replace("-sig", ""), "replace")
            name = "utf-8" if encoding == "utf-8-sig" else encoding
            return text, name, _replacements(text, data)
    utf16 = _utf16_without_bom(data[:SNIFF_BYTES])
    if utf16 is not None:
        text = data.decode(utf16, "replace")
        return text, utf16, _replacements(text, data)
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass

    lossy = data.decode("utf-8", "replace")
    errors = _replacements(lossy, data)
    valid_non_ascii = sum(1 for char in lossy if ord(char) > 0x7F) - lossy.count("\ufffd")
    # Single-byte encodings almost never form valid multi-byte UTF-8 by chance,
    # so real UTF-8 characters beside a comparable number of bad bytes means
    # UTF-8 with some damage, not another encoding.
    if valid_non_ascii and errors <= 2 * valid_non_ascii:
        return lossy, "utf-8", errors

    western = _western(data)
    if western is not None:
        return western, "cp1252", 0
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    try:
        return data.decode("cp1252"), "cp1252", 0
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", 0


def _replacements(text: str, data: bytes) -> int:
    # A U+FFFD already present in the input was not a decoding error.
    return max(0, text.count("\ufffd") - data.count(b"\xef\xbf\xbd"))


def _western(data: bytes) -> str | None:
    """``data`` as cp1252 if it reads like Western European text, else ``None``.

    charset-normalizer often calls short French or German text cp1250 or
    cp852 (garbling ï, “ or €), so the commonest legacy encoding of scraped
    text is tried first, with a plausibility test: every non-ASCII character
    is one such text uses, and non-ASCII letters are a minority of letters
    (unlike Cyrillic or Greek read through the wrong code page).
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = non_ascii_letters = 0
    for char in text:
        if ord(char) < 0x80:
            letters += char.isalpha()
            continue
        if char not in _WESTERN:
            return None
        if char.isalpha():
            letters += 1
            non_ascii_letters += 1
    if letters and non_ascii_letters / letters <= 0.3:
        return text
    return None


def _guess(data: bytes) -> tuple[str, str, int] | None:
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    # Among equally good guesses, prefer cp1252: it is what such text usually is.
    for match in matches:
        if (match.chaos, match.coherence) != (best.chaos, best.coherence):
            break
        if "cp1252" in match.could_be_from_charset:
            return data.decode("cp1252", "replace"), "cp1252", 0
    return str(best), _encoding_name(best.encoding), 0


def _encoding_name(encoding: str) -> str:
    return encoding.replace("_", "-")


@hookimpl
def thresher_register_loaders() -> list[type[Loader]]:
    return [TextLoader]
