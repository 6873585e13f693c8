"""Whole builds of the fixture site: golden tree, determinism, lock, drafts, safety."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import huabei_guide.assemble
import huabei_guide.build
from conftest import FIXTURE_SITE, ProjectFactory

GOLDEN = Path(__file__).parent / "golden" / "site"


def _copy_fixture(dest: Path) -> Path:
    shutil.copytree(FIXTURE_SITE, dest)
    return dest


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def built(tmp_path: Path, run: Callable[..., Result]) -> Path:
    root = _copy_fixture(tmp_path / "site")
    result = run("build", "-C", str(root), "--quiet")
    assert result.exit_code == 0, result.stderr
    return root / "public"


def test_output_matches_golden_tree(built: Path, update_goldens: bool) -> None:
    actual = _tree(built)
    if update_goldens:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in actual.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    expected = _tree(GOLDEN)
    assert sorted(actual) == sorted(expected)
    for name in expected:
        assert actual[name] == expected[name], f"{name} differs; run pytest --update-goldens"


def test_builds_from_different_paths_are_byte_identical(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    digests = []
    for place in ("one/deeper/site", "two"):
        root = _copy_fixture(tmp_path / place)
        assert run("build", "-C", str(root), "--quiet", "--jobs", "2").exit_code == 0
        tree = _tree(root / "public")
        digests.append({k: hashlib.sha256(v).hexdigest() for k, v in tree.items()})
        assert not any(str(tmp_path).encode() in v for v in tree.values())
    assert digests[0] == digests[1]


def test_urls_are_pinyin_and_chinese_folders_work(built: Path) -> None:
    assert (built / "chang-jian-wen-ti/huan-kuan-wen-ti/index.html").is_file()
    assert (built / "xie-shang/lian-xi-ke-fu/index.html").is_file()
    assert (built / "tags/xie-shang/index.html").is_file()


def test_drafts_and_future_articles_are_withheld_unless_asked(
    built: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    assert not (built / "chang-jian-wen-ti/cao-gao").exists()
    assert not (built / "chang-jian-wen-ti/wei-lai").exists()
    root = built.parent
    out = tmp_path / "all"
    assert run("build", "-C", str(root), "--drafts", "--future", "--out", str(out)).exit_code == 0
    assert (out / "chang-jian-wen-ti/cao-gao/index.html").is_file()
    assert (out / "chang-jian-wen-ti/wei-lai/index.html").is_file()


def test_markdown_links_headings_and_safety(built: Path) -> None:
    html = (built / "xie-shang/lian-xi-ke-fu/index.html").read_text(encoding="utf-8")
    assert 'href="/xie-shang/huan-kuan-hou/"' in html
    assert 'href="/chang-jian-wen-ti/huan-kuan-wen-ti/#ke-yi-zhi-huan-ben-jin-ma"' in html
    assert '<h2 id="zhun-bei-cai-liao">' in html
    assert '<h2 id="zhu-yi-shi-xiang">' in html
    assert '<h3 id="zhu-yi-shi-xiang--zhu-yi-shi-xiang">' in html  # qualified, never _1
    assert "_1" not in html
    assert 'href="tel:95188"' in html
    assert "<table>" in html and 'class="footnote' in html
    assert "<script>alert" not in html and "javascript:" not in html and "onclick" not in html
    assert "{{ not_a_template }}" in html and "{% raw %}" in html  # content is never Jinja


def test_article_page_has_everything_from_front_matter(built: Path) -> None:
    html = (built / "xie-shang/lian-xi-ke-fu/index.html").read_text(encoding="utf-8")
    assert "2026年11月1日" in html and "2026年11月20日" in html
    assert "参考来源" in html and "https://example.org/95188" in html
    assert '<a rel="next" href="/xie-shang/huan-kuan-hou/">' in html
    assert "防骗提醒" in html  # the section's notice
    assert "免责声明" in html  # the footer notice
    assert '"dateModified":"2026-11-20"' in html


def test_json_in_html_cannot_close_the_script(
    project: ProjectFactory, run: Callable[..., Result]
) -> None:
    title = "</script><script>alert(1)</script>"
    root = project(
        {
            "content/a/ok.md": f"---\ntitle: '{title}'\nsummary: s\ndate: 2026-11-01\n"
            "reviewed: 2026-11-20\n---\n"
        }
    )
    assert run("build", "-C", str(root), "--quiet").exit_code == 0
    html = (root / "public/a/ok/index.html").read_text(encoding="utf-8")
    assert "</script><script>alert(1)" not in html
    assert "\\u003c/script\\u003e" in html


def test_aliases_become_redirects(built: Path) -> None:
    assert (built / "_redirects").read_text() == "/old/kefu/ /xie-shang/lian-xi-ke-fu/ 301\n"
    page = (built / "old/kefu/index.html").read_text(encoding="utf-8")
    assert "https://test.example.org/xie-shang/lian-xi-ke-fu/" in page


def test_static_files_are_fingerprinted_and_csp_allows_inline_css(built: Path) -> None:
    css = list((built / "static/css").glob("site.*.css"))
    assert len(css) == 1 and len(css[0].name.split(".")) == 3
    assert (built / "favicon.ico").is_file()
    headers = (built / "_headers").read_text()
    assert "default-src 'self'" in headers and "'sha256-" in headers


def test_feeds_use_front_matter_dates(built: Path) -> None:
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://test.example.org/xie-shang/huan-kuan-hou/</loc>" in sitemap
    assert "<lastmod>2026-11-20</lastmod>" in sitemap
    atom = (built / "atom.xml").read_text(encoding="utf-8")
    assert "<updated>2026-11-20T00:00:00+08:00</updated>" in atom
    assert "Sitemap: https://test.example.org/sitemap.xml" in (built / "robots.txt").read_text()


def test_lock_records_urls_and_guards_them(built: Path, run: Callable[..., Result]) -> None:
    root = built.parent
    lock = (root / "urls.lock").read_text()
    assert "/xie-shang/lian-xi-ke-fu/\n" in lock and "/old/kefu/\n" in lock
    assert lock.splitlines() == sorted(lock.splitlines())
    article = root / "content/xie-shang/huan-kuan-hou.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("order: 20", "order: 20\nslug: hou-xu"),
        encoding="utf-8",
    )
    result = run("build", "-C", str(root), "--quiet")
    assert result.exit_code == 1
    assert result.stderr == (
        "urls.lock:8:1: 错误[url-lock]: 已发布的网址 /xie-shang/huan-kuan-hou/ 不再有页面或别名\n"
        "  提示: 把它写进接替它的文章的 aliases；确实要删除时，从 urls.lock 中删去这一行\n"
    )
    text = article.read_text(encoding="utf-8").replace(
        "order: 20", "order: 20\naliases: [/xie-shang/huan-kuan-hou/]"
    )
    article.write_text(text, encoding="utf-8")
    locked = run("build", "-C", str(root), "--quiet", "--locked")
    assert locked.exit_code == 1
    assert (
        "错误[url-lock]: 新网址 /xie-shang/hou-xu/ 不在 urls.lock 中（--locked）" in locked.stderr
    )
    assert run("build", "-C", str(root), "--quiet").exit_code == 0
    assert "/xie-shang/hou-xu/\n" in (root / "urls.lock").read_text()
    assert run("build", "-C", str(root), "--quiet", "--locked").exit_code == 0


def test_failed_build_keeps_previous_output(built: Path, run: Callable[..., Result]) -> None:
    before = _tree(built)
    (built.parent / "templates/tag.html").write_text("{% for %}", encoding="utf-8")
    result = run("build", "-C", str(built.parent), "--quiet")
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/tag.html:1:1: 错误[template]: 模板出错：")
    assert _tree(built) == before
    assert not [p for p in built.parent.iterdir() if p.name.startswith(".public")]


def test_template_using_an_undefined_name_is_reported(
    project: ProjectFactory, run: Callable[..., Result]
) -> None:
    root = project(
        {
            "templates/404.html": '{% extends "base.html" %}\n{% block main %}\n{{ nope.x }}{% endblock %}\n'
        }
    )
    result = run("build", "-C", str(root), "--quiet")
    assert result.exit_code == 1
    assert (
        result.stderr == "templates/404.html:3:1: 错误[template]: 模板出错：'nope' is undefined\n"
    )


def test_parallel_build_gives_the_same_bytes(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Force the worker-process paths even though the fixture site is small.
    monkeypatch.setattr(huabei_guide.assemble, "PARALLEL_MINIMUM", 1)
    monkeypatch.setattr(huabei_guide.build, "PARALLEL_MINIMUM", 1)
    root = _copy_fixture(tmp_path / "site")
    trees = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert (
            run("build", "-C", str(root), "--quiet", "--jobs", jobs, "--out", str(out)).exit_code
            == 0
        )
        trees.append(_tree(out))
    assert trees[0] == trees[1] == _tree(GOLDEN)
