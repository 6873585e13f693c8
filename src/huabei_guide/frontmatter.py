"""Split a source file into front matter and body, and check the front matter's types."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import yaml

from huabei_guide.errors import Problem

try:  # the C loader is much faster; fall back where libyaml is missing
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader  # type: ignore[assignment]

CODE = "front-matter"
MISSING = "缺少必填字段"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True, slots=True)
class Field:
    """One allowed front-matter key: its checker, whether required, and its Chinese name."""

    name: str
    check: Callable[[Any], Any]
    required: bool = False
    label: str = ""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Checked front-matter values, the line of each key, and where the body starts."""

    values: Mapping[str, Any]
    lines: Mapping[str, int]
    body: str
    body_line: int


class FieldError(ValueError):
    """A value has the wrong type or form; the message is shown to the editor."""


def split_front_matter(text: str, path: str) -> tuple[str, str, int] | Problem:
    """Return (yaml text, body, first body line), or a problem when the fences are wrong."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Problem(CODE, "文件开头缺少 front matter：第一行应为 ---", path, 1, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return Problem(CODE, "front matter 没有结束：请在字段之后加一行 ---", path, 1, 1)


def parse_front_matter(
    text: str, path: str, schema: tuple[Field, ...]
) -> tuple[FrontMatter | None, list[Problem]]:
    """Parse and check the front matter of ``text``; report every problem found."""
    split = split_front_matter(text, path)
    if isinstance(split, Problem):
        return None, [split]
    raw, body, body_line = split
    parsed = parse_mapping(raw, path, schema, first_line=2)
    if isinstance(parsed, Problem):
        return None, [parsed]
    values, lines, problems = parsed
    fence = body_line - 1  # a missing key is added just above the closing ---
    problems = [replace(p, line=fence) if p.message.startswith(MISSING) else p for p in problems]
    return FrontMatter(values, lines, body, body_line), problems


def parse_mapping(
    raw: str, path: str, schema: tuple[Field, ...], *, first_line: int
) -> tuple[dict[str, Any], dict[str, int], list[Problem]] | Problem:
    """Parse a YAML mapping that starts at ``first_line`` of ``path`` and check it."""
    nodes = _compose(raw, path, first_line)
    if isinstance(nodes, Problem):
        return nodes
    return _check_fields(nodes, path, schema, first_line)


def _compose(raw: str, path: str, first: int) -> list[tuple[yaml.Node, yaml.Node]] | Problem:
    """Return the key/value nodes of the mapping, rejecting aliases."""
    loader = SafeLoader(raw)
    try:
        # An alias needs a "*"; only then is the extra event pass worth it.
        for event in yaml.parse(raw, Loader=SafeLoader) if "*" in raw else ():
            if isinstance(event, yaml.AliasEvent):
                line = (event.start_mark.line if event.start_mark else 0) + first
                return Problem(CODE, "不支持 YAML 别名（*name），请直接写出值", path, line, 1)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + first, mark.column + 1) if mark else (first, 1)
        reason = f"（{exc.problem}）" if exc.problem else ""
        message = f"不是合法的 YAML{reason}：请检查引号、括号是否成对，冒号后是否有空格"
        return Problem(CODE, message, path, line, col)
    except yaml.reader.ReaderError as exc:
        line = first + raw.count("\n", 0, max(exc.position, 0))
        message = f"含有不允许的控制字符 {exc.character!r}：请删除它"
        return Problem(CODE, message, path, line, 1)
    finally:
        loader.dispose()
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        return Problem(CODE, "应为“键: 值”形式的映射", path, first, 1)
    return list(node.value)


def _check_fields(
    pairs: list[tuple[yaml.Node, yaml.Node]], path: str, schema: tuple[Field, ...], first: int
) -> tuple[dict[str, Any], dict[str, int], list[Problem]]:
    known = {f.name: f for f in schema}
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for key_node, value_node in pairs:
        key, line, col = str(key_node.value), key_node.start_mark.line + first, 1
        if key not in known:
            problems.append(_unknown_key(key, path, line, tuple(known)))
            continue
        if key in lines:
            problems.append(Problem(CODE, f"字段 {key} 重复出现", path, line, col))
            continue
        lines[key] = line
        try:
            values[key] = known[key].check(_construct(value_node))
        except FieldError as exc:
            problems.append(Problem(CODE, f"字段 {key} {exc}", path, line, col))
    problems += [_missing(f, path, first) for f in schema if f.required and f.name not in lines]
    return values, lines, problems


def _construct(node: yaml.Node) -> Any:
    """Build the Python value of one YAML node, turning constructor failures into FieldError."""
    loader = SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError) as exc:
        if node.tag.endswith(":timestamp"):
            raise FieldError(f"不是真实存在的日期（{exc}）：请写成 2026-11-28 这样的日期") from exc
        raise FieldError(f"的值无法解析（{exc}）") from exc
    finally:
        loader.dispose()


def _unknown_key(key: str, path: str, line: int, known: tuple[str, ...]) -> Problem:
    guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"你是不是想写 {guess[0]}？" if guess else "可用字段：" + "、".join(known)
    return Problem(CODE, f"未知字段 {key}", path, line, 1, hint=hint)


def _missing(field: Field, path: str, first: int) -> Problem:
    label = f"（{field.label}）" if field.label else ""
    return Problem(CODE, f"{MISSING} {field.name}{label}", path, max(first - 1, 1), 1)


def check_text(value: Any) -> str:
    """Accept a non-empty string (a number or true/false is an error, not text)."""
    if not isinstance(value, str):
        raise FieldError(f"应为文字，实际是 {_type_name(value)}：如需数字样的文字请加引号")
    if not value.strip():
        raise FieldError("不能为空")
    return value.strip()


def check_date(value: Any) -> dt.date:
    """Accept a YAML date, a date-time (read in Asia/Shanghai) or an ISO date string."""
    if isinstance(value, dt.datetime):
        return (value.astimezone(SHANGHAI) if value.tzinfo else value).date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FieldError(f"应为日期（如 2026-11-28），实际是 {_type_name(value)} {value!r}")


def check_bool(value: Any) -> bool:
    """Accept only YAML true/false."""
    if not isinstance(value, bool):
        raise FieldError(f"应为 true 或 false，实际是 {_type_name(value)} {value!r}")
    return value


def check_int(value: Any) -> int:
    """Accept a whole number."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(f"应为整数，实际是 {_type_name(value)} {value!r}")
    return value


def check_text_list(value: Any) -> tuple[str, ...]:
    """Accept a list of non-empty strings."""
    if not isinstance(value, list):
        raise FieldError(f"应为列表（如 [征信, 逾期利息]），实际是 {_type_name(value)}")
    items = []
    for index, item in enumerate(value, start=1):
        if not isinstance(item, str) or not item.strip():
            raise FieldError(f"第 {index} 项应为非空文字，实际是 {_type_name(item)}")
        items.append(item.strip())
    return tuple(items)


def check_sources(value: Any) -> tuple[tuple[str, str], ...]:
    """Accept a list of ``{title, url}`` mappings with http(s) URLs."""
    if not isinstance(value, list):
        raise FieldError("应为列表，每项写成 {title: …, url: https://…}")
    refs = []
    for index, item in enumerate(value, start=1):
        if not isinstance(item, Mapping) or set(item) != {"title", "url"}:
            raise FieldError(f"第 {index} 项应恰好包含 title 和 url 两个键")
        title, url = item["title"], item["url"]
        if not isinstance(title, str) or not isinstance(url, str):
            raise FieldError(f"第 {index} 项的 title 和 url 都应为文字")
        if not url.startswith(("https://", "http://")):
            raise FieldError(f"第 {index} 项的 url 应以 https:// 开头")
        refs.append((title.strip(), url.strip()))
    return tuple(refs)


def _type_name(value: Any) -> str:
    names: Mapping[type, str] = {
        bool: "布尔值",
        int: "数字",
        float: "数字",
        str: "文字",
        list: "列表",
        dict: "映射",
        dt.date: "日期",
        dt.datetime: "日期时间",
        type(None): "空值",
    }
    return names.get(type(value), type(value).__name__)
