"""Markdown to HTML: ids, links, sanitising, plain text, and no input crashes it."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from huabei_guide.markdown_html import MarkdownRenderer, sanitise

URLS = {"content/a/b.md": "/a/b/", "content/c/d.md": "/c/d/"}


def render(body: str, path: str = "content/a/x.md"):  # type: ignore[no-untyped-def]
    return MarkdownRenderer(URLS).render(body, path, 10)


def test_heading_ids_are_pinyin_and_unique_without_underscores() -> None:
    out = render("## 费用\n\n## 费用\n\n### 费用\n\n## 还款 {#custom}\n")
    assert [h.id for h in out.toc] == ["fei-yong", "fei-yong-2", "fei-yong-2--fei-yong", "custom"]
    assert out.duplicate_headings == ("费用",)
    assert "_1" not in out.html


def test_md_links_become_urls_with_lines() -> None:
    out = render("第一行\n\n见[这里](b.md#x)和[那里](../c/d.md)。\n\n[缺](nope.md)\n")
    assert 'href="/a/b/#x"' in out.html and 'href="/c/d/"' in out.html
    assert [(k.target, k.anchor, k.line) for k in out.links] == [
        ("content/a/b.md", "x", 12),
        ("content/c/d.md", "", 12),
        ("content/a/nope.md", "", 14),
    ]


def test_external_and_tel_links_are_left_alone() -> None:
    out = render("[官网](https://example.org/a.md) [电话](tel:95188) [顶](/a/)\n")
    assert 'href="https://example.org/a.md"' in out.html and 'href="tel:95188"' in out.html
    assert out.links == ()


def test_sanitiser_removes_active_content() -> None:
    dirty = '<p onclick="x()">a</p><script>alert(1)</script><a href="javascript:alert(1)">b</a>'
    clean = sanitise(dirty)
    assert "onclick" not in clean and "<script" not in clean and "javascript:" not in clean


def test_plain_text_keeps_chinese_phrases_together() -> None:
    out = render("见**联系**客服。\n\n- 一\n- 二\n")
    assert out.text == "见联系客服。 一 二"


def test_admonitions_and_footnotes_render() -> None:
    out = render('!!! warning "注意"\n    不要转账。\n\n正文[^1]\n\n[^1]: 注释\n')
    assert 'class="admonition warning"' in out.html
    assert 'href="#fn:1"' in out.html and "fn:1" in out.ids


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#*-[]()`>!<>{}|:\n 花呗还款abc1.md/")), max_size=120))
def test_any_markdown_renders_safely(body: str) -> None:
    out = render(body)
    assert "<script" not in out.html.lower()
    ids = [h.id for h in out.toc]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids if "{" not in i)
