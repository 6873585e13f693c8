"""The package's shape: layers import only downward, and modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "huabei_guide"
# Lowest layer first; a module may import only modules listed before it.
LAYERS = (
    "errors",
    "model",
    "pinyin_overrides",
    "slugs",
    "frontmatter",
    "schema",
    "assets",
    "content",
    "config",
    "routes",
    "markdown_html",
    "typography",
    "assemble",
    "checks",
    "search_index",
    "pages",
    "feeds",
    "output",
    "build",
    "scaffold",
    "serve",
    "cli",
    "__main__",
)
# Rendering may not reach back into loading: it works from the finished Site only.
RENDERING = {"pages", "feeds", "search_index", "output"}
LOADING = {"content", "config", "routes", "assemble", "checks", "frontmatter", "schema"}


def _imports(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found |= {n.split(".")[1] for n in names if n.startswith("huabei_guide.")}
    return found & set(LAYERS)


def test_every_module_is_placed_in_a_layer() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules == set(LAYERS)


@pytest.mark.parametrize("module", LAYERS)
def test_imports_point_downward(module: str) -> None:
    allowed = set(LAYERS[: LAYERS.index(module)])
    assert _imports(module) <= allowed, f"{module} imports a module above it"


@pytest.mark.parametrize("module", sorted(RENDERING))
def test_rendering_does_not_import_loading(module: str) -> None:
    assert not _imports(module) & LOADING


def test_click_lives_only_in_the_cli() -> None:
    for path in PACKAGE.glob("*.py"):
        if path.stem != "cli":
            assert "import click" not in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_modules_stay_under_300_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 300


def test_no_banned_module_names() -> None:
    banned = {"utils", "helpers", "common", "misc", "manager"}
    assert not {p.stem for p in PACKAGE.glob("*.py")} & banned
