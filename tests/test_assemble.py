"""Cross-page facts: related articles and neighbours."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from huabei_guide.assemble import RELATED_COUNT, find_related, index_by_tag, index_by_tag_pair
from huabei_guide.model import Article

DAY = dt.date(2026, 11, 1)


def _article(number: int, section: str, tags: tuple[str, ...]) -> Article:
    url = f"/{section}/a{number:03d}/"
    return Article("content/x.md", section, f"a{number:03d}", url, "t", "s", DAY, DAY, tags=tags)


def _brute_force(article: Article, articles: tuple[Article, ...]) -> tuple[Article, ...]:
    mine = set(article.tags)
    scored = sorted(
        (-len(mine & set(o.tags)), o.section != article.section, o.url, o)
        for o in articles
        if o.url != article.url and mine & set(o.tags)
    )
    return tuple(entry[-1] for entry in scored[:RELATED_COUNT])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("xyz"), st.lists(st.sampled_from("abcdef"), max_size=4)),
        max_size=40,
    )
)
def test_related_matches_brute_force_ranking(rows: list[tuple[str, list[str]]]) -> None:
    articles = tuple(
        _article(n, section, tuple(dict.fromkeys(tags))) for n, (section, tags) in enumerate(rows)
    )
    by_tag, by_pair = index_by_tag(articles), index_by_tag_pair(articles)
    for article in articles:
        assert find_related(article, by_tag, by_pair) == _brute_force(article, articles)


def test_more_shared_tags_rank_first_then_same_section() -> None:
    me = _article(0, "x", ("a", "b"))
    both = _article(1, "y", ("a", "b"))
    same_section = _article(2, "x", ("a",))
    other_section = _article(3, "y", ("b",))
    unrelated = _article(4, "x", ("c",))
    articles = (me, both, same_section, other_section, unrelated)
    related = find_related(me, index_by_tag(articles), index_by_tag_pair(articles))
    assert related == (both, same_section, other_section)
