"""Shared fixtures: throwaway projects written from a dict, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from huabei_guide.cli import main

FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"
# 2026-11-28 12:00 Asia/Shanghai: tests never depend on the real clock.
TEST_EPOCH = "1795838400"

BASE_FILES = {
    "content/_index.md": "---\ntitle: 首页\nsummary: 首页摘要。\n---\n\n欢迎。\n",
    "content/a/_index.md": "---\ntitle: 栏目甲\nsummary: 栏目摘要。\norder: 1\n---\n",
    "content/a/ok.md": (
        "---\ntitle: 正常文章\nsummary: 一切正常。\ndate: 2026-11-01\nreviewed: 2026-11-20\n---\n\n"
        "正文。\n"
    ),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite tests/golden/ from current output"
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


ProjectFactory = Callable[..., Path]


@pytest.fixture
def project(tmp_path: Path) -> ProjectFactory:
    """Return a factory writing a valid small project plus the given files (None deletes)."""

    def make(files: dict[str, str | bytes | None] | None = None, *, base: bool = True) -> Path:
        root = tmp_path / "site"
        if root.exists():
            shutil.rmtree(root)
        root.mkdir()
        for name in ("site.yaml", "templates", "static", "content/_notices"):
            source = FIXTURE_SITE / name
            if source.is_dir():
                shutil.copytree(source, root / name)
            else:
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, root / name)
        for path, text in {**(BASE_FILES if base else {}), **(files or {})}.items():
            target = root / path
            if text is None:
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture
def run() -> Callable[..., Result]:
    """Invoke the CLI in-process with a fixed date."""

    def invoke(*args: str) -> Result:
        runner = CliRunner(env={"SOURCE_DATE_EPOCH": TEST_EPOCH})
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke
