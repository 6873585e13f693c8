"""The client-side search index: token postings split into shards, document chunks, T→S map."""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

from zhconv import zhconv

from huabei_guide.model import Article, Output, Site
from huabei_guide.slugs import syllables

INDEX_PATH = "search/index.json"
FORMAT_VERSION = 1
TITLE_WEIGHT = 12  # above SUMMARY_WEIGHT + BODY_CAP, so the client can tell title hits apart
SUMMARY_WEIGHT = 4
BODY_CAP = 6
# Raw bytes per file; CJK JSON gzips about 3:1, so shards come to ~12 KB gzipped, texts ~4 KB.
SHARD_TARGET_BYTES = 36_000
META_TARGET_BYTES = 24_000
TEXT_TARGET_BYTES = 12_000
SUGGESTION_COUNT = 6

# CJK runs are limited to the BMP so the client, which walks UTF-16 units, sees the same chars.
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TAG = re.compile(r"<[^>]*>")
_HALF_WIDTH = MappingProxyType({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One searchable page: what is shown in results and what is indexed."""

    url: str
    title: str
    section: int  # index into the section titles
    summary: str
    text: str
    pinyin: tuple[str, ...]  # the title's syllables
    tags: tuple[str, ...] = ()  # indexed with the summary, between title and body


def fold(text: str) -> str:
    """Return ``text`` with full-width ASCII made half-width and letters lowercased."""
    return text.translate(_HALF_WIDTH).lower()


def tokenize(text: str) -> list[str]:
    """Return the tokens of ``text``: CJK bigrams and single chars, and whole ASCII words."""
    tokens: list[str] = []
    for run in _RUN.findall(fold(text)):
        if not _CJK.match(run):
            tokens.append(run)
            continue
        tokens.extend(run)
        tokens.extend(map(str.__add__, run, run[1:]))
    return tokens


def pinyin_tokens(title: str) -> set[str]:
    """Return the adjacent syllable pairs of ``title``, e.g. 花呗协商 → huabei, beixie, xieshang."""
    return _pairs(_pinyin_of(title))


def _pinyin_of(title: str) -> tuple[str, ...]:
    return tuple(s for s in syllables(title) if s.isalpha())


def _pairs(sylls: tuple[str, ...]) -> set[str]:
    return {a + b for a, b in itertools.pairwise(sylls)}


def token_shard(token: str, shards: int) -> int:
    """Return the shard of ``token``; the client computes the same 32-bit hash."""
    value = 0
    for char in token:
        value = (value * 31 + ord(char)) & 0xFFFFFFFF
    value ^= value >> 15
    return value % shards


def build_search_index(site: Site) -> tuple[Output, ...]:
    """Return the files under ``search/`` that the search page loads."""
    docs = _documents(site)
    postings = _postings(docs)
    # Single chars only serve one-char queries, so they live apart and other queries skip them.
    chars = {t: p for t, p in postings.items() if _CJK.fullmatch(t)}
    words = {t: p for t, p in postings.items() if t not in chars}
    shards = _encode_shards("shard", words)
    char_shards = _encode_shards("char", chars)
    metas = _pack("meta", [[d.url, d.title, d.section, d.summary] for d in docs], META_TARGET_BYTES)
    texts = _pack("text", [d.text for d in docs], TEXT_TARGET_BYTES)
    index = {
        "v": FORMAT_VERSION,
        "n": len(docs),
        "shards": [o.path.removeprefix("search/") for o in shards],
        "chars": [o.path.removeprefix("search/") for o in char_shards],
        "metas": [[o.path.removeprefix("search/"), start] for o, start in metas],
        "texts": [[o.path.removeprefix("search/"), start] for o, start in texts],
        "sections": [[s.title, s.url] for s in site.sections],
        "ts": _traditional_map(postings),
        "syllables": sorted({s for d in docs for s in d.pinyin}),
        "suggest": _suggestions(site),
    }
    chunks = [o for o, _ in metas] + [o for o, _ in texts]
    return (Output(INDEX_PATH, _json_bytes(index)), *shards, *char_shards, *chunks)


def _documents(site: Site) -> list[SearchDoc]:
    docs: list[SearchDoc] = []
    for number, section in enumerate(site.sections):
        intro = html.unescape(_TAG.sub(" ", section.intro_html))
        pinyin = _pinyin_of(section.title)
        docs.append(SearchDoc(section.url, section.title, number, section.summary, intro, pinyin))
        docs.extend(_article_doc(a, number) for a in section.articles if not a.draft)
    return docs


def _article_doc(article: Article, section: int) -> SearchDoc:
    pinyin = _pinyin_of(article.title)
    return SearchDoc(
        article.url, article.title, section, article.summary, article.text, pinyin, article.tags
    )


def _doc_weights(doc: SearchDoc) -> Counter[str]:
    counts = Counter(tokenize(doc.text))
    caps = itertools.repeat(BODY_CAP, len(counts))
    weights: Counter[str] = Counter(dict(zip(counts, map(min, counts.values(), caps), strict=True)))
    for token in set(tokenize(" ".join((doc.summary, *doc.tags)))):
        weights[token] += SUMMARY_WEIGHT
    for token in set(tokenize(doc.title)) | _pairs(doc.pinyin):
        weights[token] += TITLE_WEIGHT
    return weights


def _postings(docs: Sequence[SearchDoc]) -> dict[str, list[int]]:
    """Return each token's postings as flat [doc gap, weight, …] lists; gaps keep numbers short."""
    postings: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    for number, doc in enumerate(docs):
        for token, weight in _doc_weights(doc).items():
            flat = postings.get(token)
            if flat is None:
                postings[token] = [number, weight]
            else:
                flat += (number - last[token], weight)
            last[token] = number
    return postings


def _shard_count(postings: dict[str, list[int]]) -> int:
    size = len(json.dumps(postings, ensure_ascii=False, separators=(",", ":")).encode())
    return max(1, math.ceil(size / SHARD_TARGET_BYTES))


def _encode_shards(kind: str, postings: dict[str, list[int]]) -> list[Output]:
    """Return ``postings`` split by token hash into files of about SHARD_TARGET_BYTES."""
    count = _shard_count(postings)
    buckets: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for token, flat in postings.items():
        buckets[token_shard(token, count)][token] = flat
    return [_named_output(f"{kind}-{k}", bucket) for k, bucket in enumerate(buckets)]


def _pack(kind: str, items: Sequence[object], target: int) -> list[tuple[Output, int]]:
    """Return ``items`` in consecutive chunks of about ``target`` bytes, with each first number."""
    chunks: list[tuple[Output, int]] = []
    start = 0
    while start < len(items):
        end, size = start, 0
        while end < len(items) and (end == start or size < target):
            size += len(_json_bytes(items[end]))
            end += 1
        chunks.append((_named_output(f"{kind}-{len(chunks)}", list(items[start:end])), start))
        start = end
    return chunks


def _traditional_map(postings: dict[str, list[int]]) -> dict[str, str]:
    """Return traditional → simplified for the single chars whose simplified form is indexed."""
    table: dict[str, str] = zhconv.getdict("zh-cn")
    return {
        trad: simp
        for trad, simp in table.items()
        if len(trad) == 1 and len(simp) == 1 and trad != simp and simp in postings
    }


def _suggestions(site: Site) -> list[str]:
    tags = sorted(site.tags, key=lambda t: (-len(t.articles), t.name))
    return [t.name for t in tags[:SUGGESTION_COUNT]]


def _named_output(stem: str, payload: object) -> Output:
    content = _json_bytes(payload)
    digest = hashlib.sha256(content).hexdigest()[:8]
    return Output(f"search/{stem}.{digest}.json", content)


def _json_bytes(payload: object) -> bytes:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")
