"""URL assignment helpers: aliases, the lock file format, fingerprints, message formats."""

from __future__ import annotations

from huabei_guide.assets import Assets, output_path
from huabei_guide.errors import Problem, Severity, format_github, format_text
from huabei_guide.routes import normalise_alias, parse_lock, render_lock


def test_aliases_are_site_paths() -> None:
    assert normalise_alias("/old/path") == "/old/path/"
    assert normalise_alias("/old.html") == "/old.html"
    for bad in ("old/", "//evil.example/", "/a/../b/", "/a b/", "/a?x=1", "https://x/"):
        assert normalise_alias(bad) is None


def test_lock_round_trip_is_sorted_and_deduplicated() -> None:
    text = render_lock(["/b/", "/a/", "/b/"])
    assert text == "/a/\n/b/\n"
    assert parse_lock("# comment\n\n/a/\n/b/\n") == ((3, "/a/"), (4, "/b/"))


def test_css_and_js_are_fingerprinted_by_content() -> None:
    one = output_path("css/site.css", b"a{}")
    assert (
        one.startswith("static/css/site.") and one.endswith(".css") and one != "static/css/site.css"
    )
    assert output_path("css/site.css", b"b{}") != one
    assert output_path("img/logo.png", b"x") == "static/img/logo.png"
    assert output_path("favicon.ico", b"x") == "favicon.ico"


def test_csp_hashes_the_stylesheets_and_omits_frame_ancestors_in_meta() -> None:
    assets = Assets({"css/site.css": b"body{}\n"})
    assert "'sha256-" in assets.csp() and "frame-ancestors 'none'" in assets.csp()
    assert "frame-ancestors" not in assets.csp(for_meta=True)


def test_problem_formats() -> None:
    problem = Problem("broken-link", "链接目标 a.md 不存在", "content/x.md", 3, 5, hint="改成 b.md")
    assert format_text(problem) == (
        "content/x.md:3:5: 错误[broken-link]: 链接目标 a.md 不存在\n  提示: 改成 b.md"
    )
    warning = Problem("review", "过期,100%", "content/x.md", severity=Severity.WARNING)
    assert format_github(warning) == "::warning file=content/x.md,title=review::过期,100%25"
