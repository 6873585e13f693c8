"""Front matter: types are checked, and no input crashes the parser."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from huabei_guide import schema
from huabei_guide.errors import Problem
from huabei_guide.frontmatter import parse_front_matter, split_front_matter

GOOD = "---\ntitle: 标题\nsummary: 摘要\ndate: 2026-11-20\nreviewed: 2026-11-28\n---\n正文\n"


def test_valid_front_matter_gives_typed_values() -> None:
    front, problems = parse_front_matter(GOOD, "a.md", schema.ARTICLE)
    assert problems == [] and front is not None
    assert front.values["date"] == dt.date(2026, 11, 20)
    assert front.lines == {"title": 2, "summary": 3, "date": 4, "reviewed": 5}
    assert front.body == "正文\n" and front.body_line == 7


def test_quoted_iso_date_and_datetime_are_dates() -> None:
    text = GOOD.replace("2026-11-20", '"2026-11-20"').replace("2026-11-28", "2026-11-27T20:00:00Z")
    front, problems = parse_front_matter(text, "a.md", schema.ARTICLE)
    assert problems == [] and front is not None
    assert front.values["date"] == dt.date(2026, 11, 20)
    assert front.values["reviewed"] == dt.date(2026, 11, 28)  # 04:00 in Shanghai


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_values_or_problems_never_an_exception(text: str) -> None:
    front, problems = parse_front_matter("---\n" + text + "\n---\n", "a.md", schema.ARTICLE)
    assert front is not None or problems
    assert all(isinstance(p, Problem) and p.line >= 1 for p in problems)


yaml_scalars = st.one_of(
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dates(),
)


@settings(max_examples=200, deadline=None)
@given(title=yaml_scalars, draft=yaml_scalars)
def test_wrong_types_are_problems_not_coercions(title: object, draft: object) -> None:
    text = f"---\ntitle: {title!r}\nsummary: s\ndate: 2026-01-01\nreviewed: 2026-01-01\ndraft: {draft!r}\n---\n"
    front, problems = parse_front_matter(text, "a.md", schema.ARTICLE)
    if front is not None and not problems:
        assert isinstance(front.values["title"], str)
        assert isinstance(front.values["draft"], bool)


def test_split_requires_an_opening_fence() -> None:
    result = split_front_matter("title: x\n", "a.md")
    assert isinstance(result, Problem) and result.line == 1
