"""The dev server: live reload, errors in the browser, and no half-built or stray output."""

from __future__ import annotations

import datetime as dt
import http.client
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from huabei_guide.build import BuildOptions
from huabei_guide.errors import Problem
from huabei_guide.serve import BuildState, PreviewServer, render_error_page, start_server

REPO = Path(__file__).resolve().parents[1]
OPTIONS = BuildOptions(today=dt.date(2026, 11, 2), drafts=True, future=True)
SCRIPT = '<script src="/__livereload.js"'
ARTICLE = """\
---
title: {title}
summary: 一篇用来测试预览的文章。
date: 2026-11-01
reviewed: 2026-11-01
---

正文第一段。
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    shutil.copytree(REPO / "templates", site / "templates")
    shutil.copytree(REPO / "static", site / "static")
    write(site / "content/_index.md", "---\ntitle: 测试首页\nsummary: 首页摘要。\n---\n\n首页。\n")
    write(site / "content/a/_index.md", "---\ntitle: 测试栏目\nsummary: 栏目摘要。\n---\n")
    write(site / "content/a/b.md", ARTICLE.format(title="第一版标题"))
    config = yaml.safe_load((site / "site.yaml").read_text(encoding="utf-8"))
    for name in config.get("footer_notices", []):
        write(site / f"content/_notices/{name}.md", f"---\ntitle: 提示{name}\n---\n\n提示正文。\n")
    return site


@pytest.fixture
def server(root: Path) -> Iterator[PreviewServer]:
    preview = start_server(root, host="127.0.0.1", port=0, options=OPTIONS)
    try:
        yield preview
    finally:
        preview.close()


def get(preview: PreviewServer, path: str) -> tuple[int, dict[str, str], str]:
    """Fetch ``path`` without following redirects; return status, headers and text."""
    address = urlsplit(preview.url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def edit_until(path: Path, text: str, seen: Callable[[], bool], *, by_rename: bool = False) -> None:
    """Save ``text`` and poll until ``seen()``, saving again in case the watcher missed it."""
    deadline = time.monotonic() + 10.0
    while time.monotonic() < deadline:
        staging = path.with_name(f".{path.name}.tmp") if by_rename else path
        staging.write_text(text, encoding="utf-8")
        staging.replace(path)
        written = time.monotonic()
        while time.monotonic() - written < 2.5 and time.monotonic() < deadline:
            if seen():
                return
            time.sleep(0.1)
    pytest.fail(f"the preview never showed the edit of {path.name}")


def test_preview_rebuilds_shows_errors_and_recovers(
    root: Path, server: PreviewServer, capsys: pytest.CaptureFixture[str]
) -> None:
    status, headers, body = get(server, "/a/b/")
    assert status == 200
    assert headers["cache-control"] == "no-store"
    assert "第一版标题" in body
    assert body.count(SCRIPT) == 1
    assert body.index(SCRIPT) < body.rindex("</body>")
    folders = {server.latest.current().site_dir}

    article = root / "content/a/b.md"
    edit_until(
        article, ARTICLE.format(title="第二版标题"), lambda: "第二版标题" in get(server, "/a/b/")[2]
    )
    folders.add(server.latest.current().site_dir)
    assert server.build_number >= 2

    def broken() -> bool:
        status, _, body = get(server, "/")
        return status == 500 and "content/a/b.md:" in body

    edit_until(article, ARTICLE.format(title="2024"), broken)
    status, _, body = get(server, "/")
    assert "<h1>构建失败</h1>" in body
    assert "<pre" in body and "content/a/b.md:2:1: 错误[front-matter]: " in body
    assert SCRIPT in body
    assert get(server, "/a/b/")[0] == 500
    assert get(server, "/sitemap.xml")[0] == 200  # assets still come from the last good build

    edit_until(article, ARTICLE.format(title="第三版标题"), lambda: get(server, "/a/b/")[0] == 200)
    assert "第三版标题" in get(server, "/a/b/")[2]
    folders.add(server.latest.current().site_dir)

    server.close()
    assert not (root / "public").exists()
    assert not (root / "urls.lock").exists()
    assert all(folder is not None and not folder.parent.exists() for folder in folders)
    out, err = capsys.readouterr()
    assert "已重新构建（" in out
    assert "构建失败：1 个问题" in out
    assert "content/a/b.md:2:" in err


def test_preview_serves_script_events_redirects_and_404(server: PreviewServer) -> None:
    status, headers, body = get(server, "/__livereload.js")
    assert status == 200
    assert headers["content-type"].startswith("text/javascript")
    assert 'new EventSource("/__livereload")' in body

    status, headers, _ = get(server, "/a")
    assert (status, headers["location"]) == (301, "/a/")

    status, _, body = get(server, "/no/such/page/")
    assert status == 404
    assert SCRIPT in body
    assert get(server, "/../../../../../../etc/passwd")[0] == 404
    assert get(server, "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd")[0] == 404


def test_site_yaml_saved_by_rename_is_seen_every_time(root: Path, server: PreviewServer) -> None:
    config = root / "site.yaml"
    original = config.read_text(encoding="utf-8")
    for title in (
        "改名站点一",
        "改名站点二",
    ):  # the second save catches a watch left on the old file

        def seen(title: str = title) -> bool:
            return title in get(server, "/")[2]

        edit_until(config, original.replace("花呗逾期指南", title), seen, by_rename=True)


def test_event_stream_starts_with_the_current_build_number(server: PreviewServer) -> None:
    address = urlsplit(server.url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=5)
    try:
        connection.request("GET", "/__livereload")
        response = connection.getresponse()
        assert response.getheader("Content-Type", "").startswith("text/event-stream")
        lines = [response.readline() for _ in range(2)]
    finally:
        connection.close()
    assert lines == [b"retry: 1000\n", f"data: {server.build_number}\n".encode()]


def test_error_page_escapes_messages() -> None:
    problem = Problem("front-matter", "标题应为文字，而不是 <b>2024</b>", "content/a/b.md", 2, 8)
    page = render_error_page(BuildState(3, None, (problem,))).decode()
    assert (
        "content/a/b.md:2:8: 错误[front-matter]: 标题应为文字，而不是 &lt;b&gt;2024&lt;/b&gt;"
        in page
    )
    assert '<script src="/__livereload.js" data-build="3" defer></script>' in page
