"""CJK typography of source text, checked with autocorrect (spacing between 中文 and ASCII)."""

from __future__ import annotations

from collections.abc import Iterable

import autocorrect_py

from huabei_guide.errors import Problem, Severity

CODE = "typography"


def lint_text(text: str, path: str, first_line: int) -> list[Problem]:
    """Return a warning per line of Markdown ``text`` whose typography autocorrect would fix."""
    result = autocorrect_py.lint_for(text, "markdown")
    return [
        Problem(
            CODE,
            "中文与英文、数字之间应有空格（或标点用法需调整）",
            path,
            first_line + row.line - 1,
            row.col,
            hint=f"改为：{row.new.strip()}",
            severity=Severity.WARNING,
        )
        for row in result.lines
    ]


def lint_fields(fields: Iterable[tuple[str, int]], path: str) -> list[Problem]:
    """Check single-line front-matter values (text, line) the same way."""
    return [p for text, line in fields for p in lint_text(text, path, line)]
