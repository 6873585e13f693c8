"""Shared fixtures: throwaway projects written from a dict, and a CLI runner."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

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


# --- The repository's real site, built once, served with its own CSP, and a browser ---------

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def site_policy(site: Path) -> str:
    """Return the Content-Security-Policy the build wrote into ``_headers`` for every path."""
    for line in (site / "_headers").read_text(encoding="utf-8").splitlines():
        name, _, value = line.strip().partition(": ")
        if name == "Content-Security-Policy":
            return value
    raise AssertionError("_headers has no Content-Security-Policy")


class SiteHandler(SimpleHTTPRequestHandler):
    """Serve a built site as the static host would: its own CSP, no caching, no access log."""

    policy = ""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.policy)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the repository's site from a copy, so no test can touch the checkout."""
    project = tmp_path_factory.mktemp("project")
    for name in ("site.yaml", "urls.lock"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, project / name)
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, project / name)
    out = tmp_path_factory.mktemp("public")
    command = [sys.executable, "-m", "huabei_guide", "build", "-C", str(project), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        pytest.fail(f"build failed:\n{done.stdout}\n{done.stderr}")
    return out


@pytest.fixture(scope="session")
def site_url(real_site: Path) -> Iterator[str]:
    """Serve the real site on a free local port with the policy from its ``_headers``."""
    handler = type("PolicyHandler", (SiteHandler,), {"policy": site_policy(real_site)})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(real_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Launch Debian's Chromium through Playwright (never a browser Playwright downloads)."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
