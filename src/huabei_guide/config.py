"""Load ``site.yaml`` into a frozen Config, checking every key at the door."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from huabei_guide.content import decode_source
from huabei_guide.errors import GuideError, Problem
from huabei_guide.frontmatter import (
    Field,
    FieldError,
    check_int,
    check_text,
    check_text_list,
    parse_mapping,
)
from huabei_guide.model import Config

CONFIG_FILE = "site.yaml"


def check_base_url(value: Any) -> str:
    """Accept an absolute http(s) URL of the site root, normalised to end in /."""
    text = check_text(value)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FieldError(f"应为完整网址，如 https://example.org/，实际是 {text!r}")
    if parts.path.strip("/") or parts.query or parts.fragment:
        # Pages link to each other by root-relative paths (/section/slug/).
        raise FieldError(f"应为站点根地址（不带子路径），如 {parts.scheme}://{parts.netloc}/")
    return text.rstrip("/") + "/"


def check_age(value: Any) -> int:
    """Accept a positive number of days."""
    days = check_int(value)
    if days <= 0:
        raise FieldError("应为大于 0 的天数")
    return days


SCHEMA = (
    Field("title", check_text, required=True, label="站点名称"),
    Field("description", check_text, required=True, label="站点简介"),
    Field("base_url", check_base_url, required=True, label="站点网址"),
    Field("language", check_text),
    Field("review_max_age_days", check_age),
    Field("footer_notices", check_text_list),
)


def parse_config(text: str, root: Path) -> Config:
    """Parse the text of ``site.yaml``; raise GuideError listing every bad key."""
    parsed = parse_mapping(text, CONFIG_FILE, SCHEMA, first_line=1)
    if isinstance(parsed, Problem):
        raise GuideError((replace(parsed, code="config"),))
    values, _, problems = parsed
    if problems:
        raise GuideError(tuple(replace(p, code="config") for p in problems))
    return Config(
        root=root,
        title=values["title"],
        description=values["description"],
        base_url=values["base_url"],
        language=values.get("language", "zh-CN"),
        review_max_age_days=values.get("review_max_age_days", 120),
        footer_notices=tuple(values.get("footer_notices", ())),
    )


def read_config(root: Path) -> Config:
    """Read and check ``ROOT/site.yaml``."""
    path = root / CONFIG_FILE
    if not path.is_file():
        message = f"找不到 {CONFIG_FILE}：请在项目根目录运行，或用 -C 指定项目目录"
        raise GuideError((Problem("config", message, CONFIG_FILE),))
    text = decode_source(path.read_bytes(), CONFIG_FILE)
    if isinstance(text, Problem):
        raise GuideError((text,))
    return parse_config(text, root.resolve())
