"""Read ``content/`` into typed sources: home, sections, articles and notices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huabei_guide import schema
from huabei_guide.errors import Problem, Severity
from huabei_guide.frontmatter import Field, FrontMatter, parse_front_matter

INDEX = "_index.md"
NOTICE_DIR = "_notices"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What to publish: drafts and future-dated articles are left out unless asked for."""

    today: dt.date
    drafts: bool = False
    future: bool = False


@dataclass(frozen=True, slots=True)
class Source:
    """One parsed source file: its place, checked front matter and Markdown body."""

    path: str  # relative to the project root, forward slashes
    folder: str  # the section folder name ('' for the home page and notices)
    stem: str  # the file stem, or the folder name for a section's _index.md
    values: Mapping[str, Any]
    lines: Mapping[str, int]
    body: str
    body_line: int


@dataclass(frozen=True, slots=True)
class Sources:
    """Every source of a project, each kind in a sorted tuple."""

    home: Source | None
    sections: tuple[Source, ...]
    articles: tuple[Source, ...]
    notices: tuple[Source, ...]
    withheld: tuple[Source, ...] = ()  # drafts and future articles not published this build


def decode_source(data: bytes, path: str) -> str | Problem:
    """Decode UTF-8 (with or without BOM, any line endings) or explain why not."""
    if not data.strip():
        return Problem("encoding", "文件是空的：请至少写上 front matter 和正文", path, 1, 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return Problem("encoding", _encoding_message(data), path, line, col)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _encoding_message(data: bytes) -> str:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return "文件不是 UTF-8 编码：请用编辑器以 UTF-8 重新保存"
    return "文件不是 UTF-8 编码（看起来是 GBK）：请用编辑器“另存为 UTF-8”后再提交"


def read_source(file: Path, root: Path, schema_: tuple[Field, ...]) -> Source | list[Problem]:
    """Read and parse one source file; return problems instead when it is unusable."""
    path = file.relative_to(root).as_posix()
    try:
        text = decode_source(file.read_bytes(), path)
    except OSError as exc:
        return [Problem("io", f"无法读取文件：{exc.strerror}", path)]
    if isinstance(text, Problem):
        return [text]
    front, problems = parse_front_matter(text, path, schema_)
    if front is None or any(p.is_error for p in problems):
        return problems
    return _make_source(file, path, front)


def _make_source(file: Path, path: str, front: FrontMatter) -> Source:
    in_section = file.parent.name if file.parent.parent.name == "content" else ""
    folder = "" if in_section.startswith("_") else in_section
    stem = folder if file.name == INDEX else file.stem
    return Source(path, folder, stem, front.values, front.lines, front.body, front.body_line)


def read_sources(root: Path, options: ReadOptions) -> tuple[Sources, list[Problem]]:
    """Read every source under ``root/content``; gather all problems in one pass."""
    content = root / "content"
    if not content.is_dir():
        return Sources(None, (), (), ()), [Problem("content", "缺少 content/ 文件夹", "content")]
    problems: list[Problem] = []
    home = _read_one(content / INDEX, root, schema.HOME, problems)
    sections, articles = _read_sections(content, root, problems)
    notices = _read_all(sorted((content / NOTICE_DIR).glob("*.md")), root, schema.NOTICE, problems)
    problems += _stray_files(content, root)
    published = tuple(a for a in articles if _is_published(a, options))
    withheld = tuple(a for a in articles if not _is_published(a, options))
    return Sources(home, sections, published, notices, withheld), problems


def _read_sections(
    content: Path, root: Path, problems: list[Problem]
) -> tuple[tuple[Source, ...], tuple[Source, ...]]:
    sections: list[Source] = []
    articles: list[Source] = []
    for folder in sorted(p for p in content.iterdir() if p.is_dir()):
        if folder.name.startswith(("_", ".")):
            continue
        index = folder / INDEX
        if not index.is_file():
            rel = folder.relative_to(root).as_posix()
            problems.append(Problem("section", f"栏目 {rel}/ 缺少 {INDEX}（栏目标题和简介）", rel))
            continue
        section = _read_one(index, root, schema.SECTION, problems)
        if section is not None:
            sections.append(section)
        files = sorted(p for p in folder.glob("*.md") if p.name != INDEX)
        articles += _read_all(files, root, schema.ARTICLE, problems)
    return tuple(sections), tuple(articles)


def _read_one(
    file: Path, root: Path, schema_: tuple[Field, ...], problems: list[Problem]
) -> Source | None:
    if not file.is_file():
        rel = file.relative_to(root).as_posix()
        problems.append(Problem("content", "缺少首页文件 content/_index.md", rel))
        return None
    found = _read_all([file], root, schema_, problems)
    return found[0] if found else None


def _read_all(
    files: list[Path], root: Path, schema_: tuple[Field, ...], problems: list[Problem]
) -> tuple[Source, ...]:
    sources: list[Source] = []
    for file in files:
        result = read_source(file, root, schema_)
        if isinstance(result, Source):
            sources.append(result)
        else:
            problems += result
    return tuple(sources)


def _stray_files(content: Path, root: Path) -> list[Problem]:
    """Warn about Markdown files the build would silently skip."""
    top = [p for p in sorted(content.glob("*.md")) if p.name != INDEX]
    deep = [p for p in sorted(content.glob("*/*/**/*.md")) if not p.parts[-3].startswith("_")]
    return [
        Problem(
            "content",
            "这个文件不会被发布：文章应直接放在栏目文件夹里（content/栏目/文章.md）",
            p.relative_to(root).as_posix(),
            severity=Severity.WARNING,
        )
        for p in (*top, *deep)
    ]


def _is_published(article: Source, options: ReadOptions) -> bool:
    if article.values.get("draft", False) and not options.drafts:
        return False
    date: dt.date = article.values["date"]
    return options.future or date <= options.today
