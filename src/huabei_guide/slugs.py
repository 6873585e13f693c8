"""Turn page titles into stable, readable pinyin URL slugs."""

# Pipeline: NFKC -> drop invisible characters, fold accented Latin letters to ASCII and
# turn every other non-word character into a separator -> traditional to simplified
# (zhconv) -> split into ASCII words and runs of Chinese characters -> segment each
# Chinese run over the override table plus pypinyin's phrase dictionary (fewest words
# wins, ties go to more override coverage, then to the longer first word) -> read each
# word from the override table or pypinyin -> join with hyphens, cut at a hyphen.

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from itertools import chain
from types import MappingProxyType

import zhconv
from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

from huabei_guide.pinyin_overrides import PINYIN_OVERRIDES

__all__ = ["MAX_SLUG_LENGTH", "SLUG_RE", "is_valid_slug", "slugify", "syllables"]

MAX_SLUG_LENGTH = 60
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Segmenter lexicon markers: a prefix of a known word, and not even that.
_PREFIX_ONLY = -1
_UNKNOWN = -2
_SINGLE_OVERRIDE_BONUS: Mapping[str, int] = MappingProxyType(
    {word: 1 for word in PINYIN_OVERRIDES if len(word) == 1}
)

_FALLBACK_PREFIX = "t-"
_FALLBACK_HEX_DIGITS = 8
_MIN_MAX_LENGTH = len(_FALLBACK_PREFIX) + _FALLBACK_HEX_DIGITS

_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_CHAR_RE = re.compile(f"[{_HAN}]")
_TOKEN_RE = re.compile(f"[a-z0-9]+|[{_HAN}]+")
_NOT_LETTER_RE = re.compile("[^a-z]+")
_NOT_ALNUM_RE = re.compile("[^a-z0-9]+")

# Format, control, combining, surrogate, private-use and unassigned code points vanish.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me"})
# Latin letters that have no ASCII decomposition under NFKD.
_LATIN_FOLDS: Mapping[str, str] = MappingProxyType(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th"}
)


def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Return the URL slug for a page title."""
    if not _MIN_MAX_LENGTH <= max_length <= MAX_SLUG_LENGTH:
        msg = f"max_length must be between {_MIN_MAX_LENGTH} and {MAX_SLUG_LENGTH}"
        raise ValueError(msg)
    tokens = syllables(text)
    if not tokens:
        return _fallback_slug(text)
    return _join_within(tokens, max_length)


def syllables(text: str) -> tuple[str, ...]:
    """Return the lowercase word tokens (pinyin syllables and ASCII words) of a title."""
    tokens: list[str] = []
    for run in _TOKEN_RE.findall(_normalize(text)):
        if run.isascii():
            tokens.append(run)
        else:
            tokens.extend(_han_syllables(run))
    return tuple(tokens)


def is_valid_slug(slug: str) -> bool:
    """Tell whether a string is a well-formed slug of at most 60 characters."""
    return len(slug) <= MAX_SLUG_LENGTH and SLUG_RE.fullmatch(slug) is not None


def _normalize(text: str) -> str:
    """Fold a title to lowercase ASCII words, simplified Chinese and spaces."""
    folded = "".join(map(_fold_char, unicodedata.normalize("NFKC", text)))
    if folded.isascii():
        return folded
    return str(zhconv.convert(folded, "zh-cn"))


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """Map one NFKC character to word characters, a space separator, or nothing."""
    if char.isascii() and char.isalnum():
        return char.lower()
    if _HAN_CHAR_RE.match(char):
        return char
    if char.isspace():
        return " "
    if unicodedata.category(char) in _DROPPED_CATEGORIES:
        return ""
    if char.isascii():
        return " "
    lowered = char.lower()
    decomposed = unicodedata.normalize("NFKD", _LATIN_FOLDS.get(lowered, lowered))
    ascii_only = _NOT_ALNUM_RE.sub("", decomposed.encode("ascii", "ignore").decode("ascii"))
    return ascii_only or " "


@lru_cache(maxsize=16384)
def _han_syllables(run: str) -> tuple[str, ...]:
    """Read a run of simplified Chinese characters as pinyin syllables."""
    return tuple(syllable for word in _segment(run) for syllable in _word_syllables(word))


def _segment(run: str) -> list[str]:
    """Split a Chinese run into the fewest known words, preferring override entries."""
    lexicon = _lexicon()
    size = len(run)
    weight = size + 1  # one word always outweighs all override coverage
    costs = [0] * (size + 1)  # words * weight - characters covered by overrides, of run[i:]
    lengths = [1] * (size + 1)  # length of the first word in the best split of run[i:]
    for start in range(size - 1, -1, -1):
        best = costs[start + 1] + weight - _SINGLE_OVERRIDE_BONUS.get(run[start], 0)
        for end in range(start + 2, size + 1):
            bonus = lexicon.get(run[start:end], _UNKNOWN)
            if bonus == _UNKNOWN:
                break
            if bonus != _PREFIX_ONLY and costs[end] + weight - bonus <= best:
                best = costs[end] + weight - bonus
                lengths[start] = end - start
        costs[start] = best
    words: list[str] = []
    start = 0
    while start < size:
        words.append(run[start : start + lengths[start]])
        start += lengths[start]
    return words


@lru_cache(maxsize=1)
def _lexicon() -> Mapping[str, int]:
    """Map known words (two characters or more) to their override bonus, and prefixes."""
    words = chain(PHRASES_DICT, PINYIN_OVERRIDES)
    prefixes = (word[:end] for word in words for end in range(2, len(word)))
    lexicon = dict.fromkeys(prefixes, _PREFIX_ONLY)
    lexicon.update(dict.fromkeys(PHRASES_DICT, 0))
    lexicon.update((word, len(word)) for word in PINYIN_OVERRIDES if len(word) > 1)
    return MappingProxyType(lexicon)


@lru_cache(maxsize=65536)
def _word_syllables(word: str) -> tuple[str, ...]:
    """Read one segmented word from the override table or pypinyin."""
    pinned = PINYIN_OVERRIDES.get(word)
    if pinned is not None:
        return pinned
    readings = lazy_pinyin(word, style=Style.NORMAL, errors="ignore", v_to_u=False)
    return tuple(_ascii_letters(reading) for reading in readings if _ascii_letters(reading))


def _ascii_letters(reading: str) -> str:
    """Strip a pypinyin reading down to plain lowercase ASCII letters."""
    decomposed = unicodedata.normalize("NFKD", reading.lower())
    return _NOT_LETTER_RE.sub("", decomposed.encode("ascii", "ignore").decode("ascii"))


def _join_within(tokens: tuple[str, ...], max_length: int) -> str:
    """Join tokens with hyphens, stopping before the first one that would not fit."""
    kept: list[str] = []
    used = -1
    for token in tokens:
        used += len(token) + 1
        if used > max_length:
            break
        kept.append(token)
    if not kept:
        # A single ASCII word longer than the limit has no hyphen to cut at.
        return tokens[0][:max_length]
    return "-".join(kept)


def _fallback_slug(text: str) -> str:
    """Derive a stable slug for a title that has no letters or digits."""
    data = unicodedata.normalize("NFC", text).encode("utf-8", "surrogatepass")
    return _FALLBACK_PREFIX + hashlib.sha256(data).hexdigest()[:_FALLBACK_HEX_DIGITS]
