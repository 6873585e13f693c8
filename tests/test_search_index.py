"""Unit tests of the search index builder on small hand-made sites."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

from huabei_guide import search_index
from huabei_guide.model import Article, Config, Home, Output, Section, Site, Tag
from huabei_guide.search_index import (
    BODY_CAP,
    SUMMARY_WEIGHT,
    TITLE_WEIGHT,
    build_search_index,
    fold,
    pinyin_tokens,
    token_shard,
    tokenize,
)

DAY = dt.date(2026, 1, 5)


def article(section: str, slug: str, title: str, text: str, **extra: Any) -> Article:
    return Article(
        path=f"content/{section}/{slug}.md",
        section=section,
        slug=slug,
        url=f"/{section}/{slug}/",
        title=title,
        summary=extra.pop("summary", ""),
        date=DAY,
        reviewed=DAY,
        text=text,
        **extra,
    )


def make_site(articles: dict[str, list[Article]]) -> Site:
    config = Config(
        root=Path("/nowhere"), title="花呗逾期指南", description="", base_url="https://x"
    )
    sections = tuple(
        Section(
            slug,
            f"/{slug}/",
            f"content/{slug}/_index.md",
            title,
            "",
            n,
            "<p>栏目介绍</p>",
            articles=tuple(arts),
        )
        for n, (slug, (title, arts)) in enumerate(
            {k: (f"栏目{i}", v) for i, (k, v) in enumerate(articles.items())}.items()
        )
    )
    tags: dict[str, list[Article]] = {}
    for a in (a for s in sections for a in s.articles):
        for t in a.tags:
            tags.setdefault(t, []).append(a)
    return Site(
        config=config,
        home=Home(title="花呗逾期指南", summary="", intro_html=""),
        sections=sections,
        tags=tuple(Tag(n, n, f"/tags/{n}/", tuple(a)) for n, a in sorted(tags.items())),
    )


SMALL = make_site(
    {
        "xie-shang-bu-zhou": [
            article(
                "xie-shang-bu-zhou",
                "lian-xi",
                "如何通过官方渠道联系花呗协商",
                "拨打95188，说明情况。協商只走官方渠道。",
                summary="官方渠道",
                tags=("协商还款",),
            ),
            article(
                "xie-shang-bu-zhou",
                "fang-an",
                "可以提出哪些方案",
                "分期还款、延期还款。还款还款还款还款还款还款还款还款。",
            ),
        ],
        "zhu-yi-shi-xiang": [
            article(
                "zhu-yi-shi-xiang",
                "tou-su",
                "怎么投诉不当催收",
                "可以拨打12378投诉。APP 客服。",
                tags=("协商还款", "投诉"),
            ),
            article("zhu-yi-shi-xiang", "cao-gao", "草稿文章", "不应出现", draft=True),
        ],
    }
)


def outputs_of(site: Site) -> dict[str, Any]:
    return {o.path: json.loads(o.content) for o in build_search_index(site)}


def index_of(site: Site) -> tuple[dict[str, Any], dict[str, list[int]], list[Any], list[str]]:
    files = outputs_of(site)
    index = files["search/index.json"]
    postings: dict[str, list[int]] = {}
    for name in index["shards"] + index["chars"]:
        postings.update(files["search/" + name])
    metas = [m for name, _ in index["metas"] for m in files["search/" + name]]
    texts = [t for name, _ in index["texts"] for t in files["search/" + name]]
    return index, postings, metas, texts


def decode(flat: list[int]) -> dict[int, int]:
    docs: dict[int, int] = {}
    number = 0
    for i in range(0, len(flat), 2):
        number += flat[i]
        docs[number] = flat[i + 1]
    return docs


def doc_number(metas: list[Any], url: str) -> int:
    return next(i for i, m in enumerate(metas) if m[0] == url)


def test_tokenize_makes_bigrams_single_chars_and_ascii_words() -> None:
    assert tokenize("花呗协商") == ["花", "呗", "协", "商", "花呗", "呗协", "协商"]
    assert tokenize("拨打 95188，APP客服") == [
        "拨",
        "打",
        "拨打",
        "95188",
        "app",
        "客",
        "服",
        "客服",
    ]


def test_fold_makes_full_width_ascii_half_width_and_lowercase() -> None:
    assert fold("ＡＰＰ９５１８８花呗") == "app95188花呗"


def test_pinyin_tokens_are_adjacent_syllable_pairs() -> None:
    assert pinyin_tokens("花呗协商") == {"huabei", "beixie", "xieshang"}


def test_token_shard_matches_the_javascript_hash() -> None:
    # Values printed by search.js's shardOf under Node for the same tokens.
    tokens = ("协商", "95188", "huabei", "征", "還款")
    assert [token_shard(t, 7) for t in tokens] == [6, 3, 5, 5, 5]
    assert [token_shard(t, 1000) for t in tokens] == [947, 973, 94, 449, 297]


def test_documents_are_sections_and_published_articles() -> None:
    _, _, metas, texts = index_of(SMALL)
    urls = [m[0] for m in metas]
    assert "/xie-shang-bu-zhou/lian-xi/" in urls
    assert "/xie-shang-bu-zhou/" in urls
    assert "/zhu-yi-shi-xiang/cao-gao/" not in urls
    assert len(texts) == len(metas)
    assert texts[doc_number(metas, "/zhu-yi-shi-xiang/tou-su/")] == "可以拨打12378投诉。APP 客服。"
    assert metas[doc_number(metas, "/xie-shang-bu-zhou/lian-xi/")][3] == "官方渠道"  # no tags


def test_titles_weigh_more_than_summaries_and_bodies() -> None:
    _, postings, metas, _ = index_of(SMALL)
    lian_xi = doc_number(metas, "/xie-shang-bu-zhou/lian-xi/")
    tou_su = doc_number(metas, "/zhu-yi-shi-xiang/tou-su/")
    fang_an = doc_number(metas, "/xie-shang-bu-zhou/fang-an/")
    assert decode(postings["协商"])[lian_xi] >= TITLE_WEIGHT
    assert decode(postings["协商"])[tou_su] == SUMMARY_WEIGHT  # from the tag 协商还款
    assert decode(postings["还款"])[fang_an] == BODY_CAP  # body counts are capped
    assert decode(postings["投诉"])[tou_su] == TITLE_WEIGHT + SUMMARY_WEIGHT + 1
    assert SUMMARY_WEIGHT + BODY_CAP < TITLE_WEIGHT


def test_numbers_words_and_pinyin_are_tokens() -> None:
    _, postings, metas, _ = index_of(SMALL)
    lian_xi = doc_number(metas, "/xie-shang-bu-zhou/lian-xi/")
    assert lian_xi in decode(postings["95188"])
    assert "12378" in postings
    assert "app" in postings
    assert decode(postings["xieshang"]) == {lian_xi: TITLE_WEIGHT}
    assert lian_xi in decode(postings["huabei"])


def test_traditional_map_covers_indexed_chars_only() -> None:
    index, postings, _, _ = index_of(SMALL)
    assert index["ts"]["還"] == "还"
    assert index["ts"]["協"] == "协"
    assert all(simp in postings for simp in index["ts"].values())
    assert "龍" not in index["ts"]  # 龙 is not on the site


def test_index_lists_sections_syllables_and_suggestions() -> None:
    index, _, _, _ = index_of(SMALL)
    assert index["sections"] == [["栏目0", "/xie-shang-bu-zhou/"], ["栏目1", "/zhu-yi-shi-xiang/"]]
    assert {"xie", "shang", "hua", "bei"} <= set(index["syllables"])
    assert index["suggest"][0] == "协商还款"


def test_file_names_carry_content_hashes() -> None:
    for output in build_search_index(SMALL):
        if output.path != "search/index.json":
            stem, digest, ext = output.path.rsplit(".", 2)
            assert stem.startswith("search/") and len(digest) == 8 and ext == "json"


def test_output_is_deterministic_compact_json() -> None:
    first = build_search_index(SMALL)
    assert first == build_search_index(SMALL)
    for output in first:
        text = output.content.decode("utf-8")
        assert text == json.dumps(
            json.loads(text), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )


def large_site(count: int) -> Site:
    words = "逾期利息征信协商还款分期催收投诉额度罚息诉讼骗局异议停息挂账信用购账单客服"
    arts = [
        article(
            "s",
            f"a{i}",
            f"花呗{words[i % 20 : i % 20 + 4]}问题{i}",
            "".join(words[(i * k) % len(words)] for k in range(1, 900)) + f" 编号{i}",
        )
        for i in range(count)
    ]
    return make_site({"s": arts})


def test_large_site_is_split_into_small_shards() -> None:
    outputs = build_search_index(large_site(1500))
    index = json.loads(outputs[0].content)
    shards = [o for o in outputs if o.path.startswith("search/shard-")]
    assert len(shards) == len(index["shards"]) > 4
    biggest = max(len(gzip.compress(o.content)) for o in shards)
    assert biggest <= 30_000
    assert len(index["metas"]) > 1 and len(index["texts"]) > 1


def test_every_token_is_in_the_shard_its_hash_names() -> None:
    files: dict[str, Output] = {o.path: o for o in build_search_index(large_site(300))}
    index = json.loads(files["search/index.json"].content)
    for key, is_char in (("shards", False), ("chars", True)):
        count = len(index[key])
        for k, name in enumerate(index[key]):
            for token in json.loads(files["search/" + name].content):
                assert search_index.token_shard(token, count) == k
                assert (len(token) == 1 and not token.isascii()) == is_char


def test_chunk_starts_point_at_their_first_document() -> None:
    files = {o.path: json.loads(o.content) for o in build_search_index(large_site(400))}
    index = files["search/index.json"]
    for key in ("metas", "texts"):
        starts = [start for _, start in index[key]]
        sizes = [len(files["search/" + name]) for name, _ in index[key]]
        assert starts[0] == 0
        assert [a + n for a, n in zip(starts, sizes, strict=False)][:-1] == starts[1:]
        assert starts[-1] + sizes[-1] == index["n"]
