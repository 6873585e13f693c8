"""Problems found in a project, and the one exception family that carries them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    """How bad a finding is: errors fail a build, warnings fail only ``check --strict``."""

    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding in the user's files, with the place to fix it."""

    code: str
    message: str
    path: str
    line: int = 0
    col: int = 0
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        """Tell whether this finding fails a build."""
        return self.severity is Severity.ERROR

    @property
    def location(self) -> str:
        """Return ``path:line:col`` (line and column only when known)."""
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{max(self.col, 1)}"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order findings by file, then position, then code."""
        return (self.path, self.line, self.col, self.code, self.message)


def format_text(problem: Problem) -> str:
    """Render a finding compiler-style, with its hint on a second line."""
    head = f"{problem.location}: {problem.severity.value}[{problem.code}]: {problem.message}"
    return f"{head}\n  提示: {problem.hint}" if problem.hint else head


def format_github(problem: Problem) -> str:
    """Render a finding as a GitHub Actions workflow annotation."""
    level = "error" if problem.is_error else "warning"
    parts = [f"file={_escape_property(problem.path)}"]
    if problem.line > 0:
        parts += [f"line={problem.line}", f"col={max(problem.col, 1)}"]
    parts.append(f"title={problem.code}")
    text = problem.message + (f"（提示: {problem.hint}）" if problem.hint else "")
    return f"::{level} {','.join(parts)}::{_escape_data(text)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def sorted_problems(problems: list[Problem] | tuple[Problem, ...]) -> tuple[Problem, ...]:
    """Return findings in a stable order, duplicates removed."""
    return tuple(sorted(set(problems), key=Problem.sort_key))


class GuideError(Exception):
    """A problem that stops a stage; carries every finding gathered so far."""

    exit_code = 1

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("\n".join(format_text(p) for p in problems))
        self.problems = sorted_problems(problems)


class BuildFailed(GuideError):
    """The project has errors; nothing was written."""
