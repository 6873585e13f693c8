"""The command line: slug, new, check formats, help and summary line."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from click.testing import Result

from conftest import ProjectFactory


def test_slug_prints_one_slug_per_title(run: Callable[..., Result]) -> None:
    result = run("slug", "--", "花呗逾期后怎么办", "APP还款", "-5 号")
    assert result.exit_code == 0
    assert result.stdout == "hua-bei-yu-qi-hou-zen-me-ban\napp-huan-kuan\n5-hao\n"


def test_build_prints_one_summary_line(project: ProjectFactory, run: Callable[..., Result]) -> None:
    result = run("build", "-C", str(project()))
    assert result.exit_code == 0
    assert result.stdout.startswith("已构建 ")
    assert result.stdout.count("\n") == 1


def test_new_writes_a_draft_that_builds(
    project: ProjectFactory, run: Callable[..., Result]
) -> None:
    root = project()
    result = run("new", "-C", str(root), "a", "花呗还款日可以改吗？")
    assert result.exit_code == 0
    assert result.stdout == "已创建 content/a/hua-bei-huan-kuan-ri-ke-yi-gai-ma.md\n"
    text = (root / "content/a/hua-bei-huan-kuan-ri-ke-yi-gai-ma.md").read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "花呗还款日可以改吗？"\n')
    assert "date: 2026-11-28\n" in text and "draft: true\n" in text
    assert run("check", "-C", str(root), "--drafts").exit_code == 0
    again = run("new", "-C", str(root), "a", "花呗还款日可以改吗？")
    assert again.exit_code == 1
    assert again.stderr.startswith(
        "content/a/hua-bei-huan-kuan-ri-ke-yi-gai-ma.md: 错误[new]: 文件已存在"
    )


def test_new_rejects_unknown_section(project: ProjectFactory, run: Callable[..., Result]) -> None:
    result = run("new", "-C", str(project()), "zz", "标题")
    assert result.exit_code == 1
    assert result.stderr == "content: 错误[new]: 栏目 zz 不存在\n  提示: 现有栏目：a\n"


def test_check_writes_nothing_and_reports_warnings_in_strict_mode(
    project: ProjectFactory, run: Callable[..., Result]
) -> None:
    old = "---\ntitle: 旧\nsummary: 摘要。\ndate: 2025-01-01\nreviewed: 2025-01-01\n---\n\n正文。\n"
    root = project({"content/a/old.md": old})
    result = run("check", "-C", str(root))
    assert result.exit_code == 0
    assert not (root / "public").exists() and not (root / "urls.lock").exists()
    warning = "content/a/old.md:5:1: 警告[review]: 最近审核日期 2025-01-01 已超过 120 天（696 天）"
    assert result.stderr.startswith(warning)
    assert run("check", "-C", str(root), "--strict").exit_code == 1


def test_check_github_format(project: ProjectFactory, run: Callable[..., Result]) -> None:
    root = project({"content/a/x.md": "---\ntitle: 1\n---\n"})
    result = run("check", "-C", str(root), "--format", "github")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "::error file=content/a/x.md,line=2,col=1,title=front-matter::"
        "字段 title 应为文字，实际是 数字：如需数字样的文字请加引号"
    )


def test_python_dash_m_and_help(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "huabei_guide", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("build", "check", "new", "serve", "slug"):
        assert command in done.stdout


def test_check_warns_about_cjk_typography(
    project: ProjectFactory, run: Callable[..., Result]
) -> None:
    body = "---\ntitle: 打开App还款\nsummary: 摘要。\ndate: 2026-11-01\nreviewed: 2026-11-20\n---\n\n拨打95188。\n"
    root = project({"content/a/t.md": body})
    result = run("check", "-C", str(root))
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    found = [pair for pair in pairwise(lines) if "[typography]" in pair[0]]
    assert found == [
        (
            "content/a/t.md:2:1: 警告[typography]: 中文与英文、数字之间应有空格（或标点用法需调整）",
            "  提示: 改为：打开 App 还款",
        ),
        (
            "content/a/t.md:8:1: 警告[typography]: 中文与英文、数字之间应有空格（或标点用法需调整）",
            "  提示: 改为：拨打 95188。",
        ),
    ]
    assert run("check", "-C", str(root), "--strict").exit_code == 1


def test_tags_that_share_a_url_are_reported(
    project: ProjectFactory, run: Callable[..., Result]
) -> None:
    article = "---\ntitle: {t}\nsummary: 摘要。\ndate: 2026-11-01\nreviewed: 2026-11-20\ntags: [{tag}]\n---\n\n正文。\n"
    root = project(
        {
            "content/a/one.md": article.format(t="一", tag="征信"),
            "content/a/two.md": article.format(t="二", tag="徵信"),
        }
    )
    result = run("check", "-C", str(root))
    assert (
        "content/a/two.md:6:1: 警告[tag]: 标签“徵信”与“征信”网址相同（/tags/zheng-xin/），将合并显示为“征信”\n"
        "  提示: 统一写成“征信”\n"
    ) in result.stderr


def test_base_url_must_be_a_site_root(project: ProjectFactory, run: Callable[..., Result]) -> None:
    root = project({"site.yaml": "title: t\ndescription: d\nbase_url: https://x.org/guide/\n"})
    result = run("build", "-C", str(root))
    assert result.exit_code == 1
    assert result.stderr == (
        "site.yaml:3:1: 错误[config]: 字段 base_url 应为站点根地址（不带子路径），如 https://x.org/\n"
    )


def test_failed_build_prints_errors_after_warnings_and_quiet_hides_warnings(
    project: ProjectFactory, run: Callable[..., Result]
) -> None:
    stale = (
        "---\ntitle: 旧\nsummary: 摘要。\ndate: 2025-01-01\nreviewed: 2025-01-01\n---\n\n正文。\n"
    )
    root = project({"content/a/old.md": stale, "content/a/bad.md": "---\ntitle: 1\n---\n"})
    loud = run("build", "-C", str(root)).stderr.splitlines()
    assert "警告[review]" in loud[0] and "错误[" in loud[-1]
    quiet = run("build", "-C", str(root), "--quiet").stderr
    assert "警告" not in quiet and "错误[front-matter]" in quiet
