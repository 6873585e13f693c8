"""Create a new article file with its front matter filled in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from huabei_guide.errors import GuideError, Problem
from huabei_guide.slugs import is_valid_slug, slugify


def article_text(title: str, today: dt.date) -> str:
    """Return the starting text of a new article: front matter and a body outline."""
    quoted = json.dumps(title, ensure_ascii=False)  # a JSON string is a valid YAML scalar
    return (
        "---\n"
        f"title: {quoted}\n"
        'summary: "一句话说明这篇文章能帮读者解决什么问题。"\n'
        f"date: {today.isoformat()}\n"
        f"reviewed: {today.isoformat()}\n"
        "tags: []\n"
        "draft: true\n"
        "---\n\n"
        "先用一两句话说明结论。\n\n"
        "## 具体怎么做\n\n"
        "1. 第一步\n"
        "2. 第二步\n"
    )


def _find_section(content: Path, section: str) -> Path | None:
    """Match SECTION by folder name or by the pinyin of a Chinese name."""
    wanted = {section, slugify(section)}
    for folder in sorted(p for p in content.iterdir() if p.is_dir()):
        if folder.name in wanted and (folder / "_index.md").is_file():
            return folder
    return None


def create_article(
    root: Path, section: str, title: str, *, slug: str | None, today: dt.date
) -> Path:
    """Write ``content/SECTION/<slug>.md`` as a draft; refuse to overwrite anything."""
    content = root / "content"
    folder = _find_section(content, section) if content.is_dir() else None
    if folder is None:
        names = (
            sorted(p.parent.name for p in content.glob("*/_index.md")) if content.is_dir() else []
        )
        known = "、".join(names) or "（还没有栏目）"
        hint = f"现有栏目：{known}"
        raise GuideError((Problem("new", f"栏目 {section} 不存在", "content", hint=hint),))
    name = slug or slugify(title)
    if not is_valid_slug(name):
        hint = f"改成 {slugify(name)}"
        raise GuideError((Problem("new", f"slug {name} 不是合法的网址片段", "content", hint=hint),))
    path = folder / f"{name}.md"
    if path.exists():
        rel = path.relative_to(root).as_posix()
        raise GuideError((Problem("new", "文件已存在，没有覆盖", rel, hint="换一个标题或 --slug"),))
    path.write_text(article_text(title, today), encoding="utf-8")
    return path
