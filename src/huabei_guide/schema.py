"""The front-matter schema of each kind of source file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from huabei_guide.frontmatter import (
    Field,
    FieldError,
    check_bool,
    check_date,
    check_int,
    check_sources,
    check_text,
    check_text_list,
)


def check_entries(value: Any) -> tuple[tuple[str, str, str], ...]:
    """Accept a list of ``{title, text, link}`` triage entries for the home page."""
    if not isinstance(value, list):
        raise FieldError("应为列表，每项写成 {title: …, text: …, link: 栏目/文章.md}")
    entries = []
    for index, item in enumerate(value, start=1):
        if not isinstance(item, Mapping) or set(item) != {"title", "text", "link"}:
            raise FieldError(f"第 {index} 项应恰好包含 title、text、link 三个键")
        if not all(isinstance(item[k], str) and item[k].strip() for k in item):
            raise FieldError(f"第 {index} 项的 title、text、link 都应为非空文字")
        entries.append((item["title"].strip(), item["text"].strip(), item["link"].strip()))
    return tuple(entries)


ARTICLE = (
    Field("title", check_text, required=True, label="标题"),
    Field("summary", check_text, required=True, label="一句话摘要"),
    Field("date", check_date, required=True, label="首次发布日期"),
    Field("updated", check_date),
    Field("reviewed", check_date, required=True, label="最近审核日期"),
    Field("order", check_int),
    Field("tags", check_text_list),
    Field("aliases", check_text_list),
    Field("sources", check_sources),
    Field("draft", check_bool),
    Field("slug", check_text),
)

SECTION = (
    Field("title", check_text, required=True, label="栏目标题"),
    Field("summary", check_text, required=True, label="栏目摘要"),
    Field("order", check_int),
    Field("notices", check_text_list),
    Field("aliases", check_text_list),
    Field("slug", check_text),
)

HOME = (
    Field("title", check_text, required=True, label="首页标题"),
    Field("summary", check_text, required=True, label="首页摘要"),
    Field("entries", check_entries),
    Field("notices", check_text_list),
)

NOTICE = (Field("title", check_text, required=True, label="提示框标题"),)
