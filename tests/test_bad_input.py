"""Every kind of bad input: exact message, exit code 1, previous output and lock untouched."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from conftest import ProjectFactory

A = "---\ntitle: 好\nsummary: 摘要。\ndate: 2026-11-01\nreviewed: 2026-11-20\n"
BOMB = (
    '---\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n---\n"
)
X = "content/a/x.md"

CASES: dict[str, tuple[dict[str, str | bytes | None], str]] = {
    "unclosed": (
        {X: "---\ntitle: 好\nsummary: s\n"},
        f"{X}:1:1: 错误[front-matter]: front matter 没有结束：请在字段之后加一行 ---",
    ),
    "no-front-matter": (
        {X: "# 标题\n\n正文\n"},
        f"{X}:1:1: 错误[front-matter]: 文件开头缺少 front matter：第一行应为 ---",
    ),
    "invalid-yaml": (
        {X: "---\ntitle: [好\n---\n"},
        f"{X}:3:1: 错误[front-matter]: 不是合法的 YAML（did not find expected ',' or ']'）："
        "请检查引号、括号是否成对，冒号后是否有空格",
    ),
    "not-a-mapping": (
        {X: "---\n- 一\n- 二\n---\n"},
        f"{X}:2:1: 错误[front-matter]: 应为“键: 值”形式的映射",
    ),
    "missing-field": (
        {X: "---\ntitle: 好\nsummary: 摘要。\ndate: 2026-11-01\n---\n正文\n"},
        f"{X}:5:1: 错误[front-matter]: 缺少必填字段 reviewed（最近审核日期）",
    ),
    "title-is-a-number": (
        {X: A.replace("title: 好", "title: 2024") + "---\n"},
        f"{X}:2:1: 错误[front-matter]: 字段 title 应为文字，实际是 数字：如需数字样的文字请加引号",
    ),
    "draft-is-a-string": (
        {X: A + 'draft: "no"\n---\n'},
        f"{X}:6:1: 错误[front-matter]: 字段 draft 应为 true 或 false，实际是 文字 'no'",
    ),
    "tags-not-a-list": (
        {X: A + "tags: 征信\n---\n"},
        f"{X}:6:1: 错误[front-matter]: 字段 tags 应为列表（如 [征信, 逾期利息]），实际是 文字",
    ),
    "tags-not-strings": (
        {X: A + "tags: [征信, 3]\n---\n"},
        f"{X}:6:1: 错误[front-matter]: 字段 tags 第 2 项应为非空文字，实际是 数字",
    ),
    "impossible-date": (
        {X: A.replace("2026-11-01", "2026-02-30") + "---\n"},
        f"{X}:4:1: 错误[front-matter]: 字段 date 不是真实存在的日期"
        "（day is out of range for month）：请写成 2026-11-28 这样的日期",
    ),
    "unknown-key": (
        {X: A + "summery: x\n---\n"},
        f"{X}:6:1: 错误[front-matter]: 未知字段 summery\n  提示: 你是不是想写 summary？",
    ),
    "slug-not-url-safe": (
        {X: A + "slug: Hello World\n---\n"},
        f"{X}:6:1: 错误[slug]: slug Hello World 不是合法的网址片段（只能用小写字母、数字和单个连字符）"
        "\n  提示: 改成 hello-world",
    ),
    "slug-leaves-output": (
        {X: A + "slug: ../../etc\n---\n"},
        f"{X}:6:1: 错误[slug]: slug ../../etc 含有 / 或 ..，会让页面写到输出文件夹之外\n  提示: 改成 etc",
    ),
    "two-sources-one-url": (
        {X: A + "slug: ok\n---\n"},
        f"{X}:6:1: 错误[url-collision]: 网址 /a/ok/ 与 content/a/ok.md 相同"
        "\n  提示: 请修改其中一个的文件名或 slug；旧网址可写进 aliases",
    ),
    "broken-link": (
        {X: A + "---\n\n见[这里](../b/none.md)。\n"},
        f"{X}:8:1: 错误[broken-link]: 链接目标 ../b/none.md 不存在",
    ),
    "broken-link-with-hint": (
        {X: A + "---\n\n见[这里](okk.md)。\n"},
        f"{X}:8:1: 错误[broken-link]: 链接目标 okk.md 不存在\n  提示: 你是不是想链接 ok.md？",
    ),
    "broken-anchor": (
        {X: A + "---\n\n见[这里](ok.md#mei-you)。\n"},
        f"{X}:8:1: 错误[broken-anchor]: 链接 ok.md#mei-you 的锚点 #mei-you 在目标页面中不存在"
        "\n  提示: 目标页面没有小标题",
    ),
    "gbk-file": (
        {X: (A + "---\n正文内容\n").encode("gbk")},
        f"{X}:2:8: 错误[encoding]: 文件不是 UTF-8 编码（看起来是 GBK）：请用编辑器“另存为 UTF-8”后再提交",
    ),
    "empty-file": (
        {X: ""},
        f"{X}:1:1: 错误[encoding]: 文件是空的：请至少写上 front matter 和正文",
    ),
    "yaml-alias-bomb": (
        {X: BOMB},
        f"{X}:3:1: 错误[front-matter]: 不支持 YAML 别名（*name），请直接写出值",
    ),
    "reserved-section": (
        {"content/tags/_index.md": "---\ntitle: t\nsummary: s\n---\n"},
        "content/tags/_index.md:1:1: 错误[slug]: 栏目网址 /tags/ 是保留名称，会和站点自带页面冲突"
        "\n  提示: 请给栏目文件夹换一个名字，或在 _index.md 里写 slug:",
    ),
    "config-unknown-key": (
        {"site.yaml": "title: t\ndescription: d\nbase_url: https://x.org/\nfooter_notice: []\n"},
        "site.yaml:4:1: 错误[config]: 未知字段 footer_notice\n  提示: 你是不是想写 footer_notices？",
    ),
    "missing-notice": (
        {"content/a/_index.md": "---\ntitle: 甲\nsummary: 摘要。\nnotices: [mei-you]\n---\n"},
        "content/a/_index.md:4:1: 错误[notice]: 提示框 mei-you 不存在"
        "\n  提示: 请新建 content/_notices/mei-you.md",
    ),
}


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and (p.name == "urls.lock" or "public" in p.parts)
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_reported_and_loses_nothing(
    name: str, project: ProjectFactory, run: Callable[..., Result]
) -> None:
    root = project()
    assert run("build", "-C", str(root), "--quiet").exit_code == 0
    before = _snapshot(root)
    assert before  # a published site and a lock exist
    files, expected = CASES[name]
    project(files) if "site.yaml" in files else _write(root, files)
    started = time.perf_counter()
    result = run("build", "-C", str(root), "--quiet")
    assert time.perf_counter() - started < 10  # an alias bomb must not hang the build
    assert result.exit_code == 1
    assert result.stderr == expected + "\n"
    assert "Traceback" not in result.output
    if "site.yaml" not in files:
        assert _snapshot(root) == before


def _write(root: Path, files: dict[str, str | bytes | None]) -> None:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        elif text is not None:
            target.write_text(text, encoding="utf-8")


def test_bom_and_crlf_are_valid_input(project: ProjectFactory, run: Callable[..., Result]) -> None:
    text = ("\ufeff" + A + "---\n正文\n").replace("\n", "\r\n").encode("utf-8")
    root = project({X: text})
    result = run("build", "-C", str(root), "--quiet")
    assert result.exit_code == 0, result.stderr
    assert "正文" in (root / "public/a/x/index.html").read_text(encoding="utf-8")


def test_every_problem_in_every_file_is_reported_in_one_run(
    project: ProjectFactory, run: Callable[..., Result]
) -> None:
    root = project(
        {
            "content/a/one.md": A.replace("title: 好", "title: 1") + "tagz: []\n---\n",
            "content/a/two.md": "---\ntitle: 二\n---\n",
            "content/a/three.md": A.replace("title: 好", "title: 三") + "---\n[x](nope.md)\n",
        }
    )
    result = run("build", "-C", str(root), "--quiet")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/a/one.md:2:1: 错误[front-matter]: 字段 title 应为文字，实际是 数字：如需数字样的文字请加引号",
        "content/a/one.md:6:1: 错误[front-matter]: 未知字段 tagz",
        "  提示: 你是不是想写 tags？",
        "content/a/three.md:7:1: 错误[broken-link]: 链接目标 nope.md 不存在",
        "content/a/two.md:3:1: 错误[front-matter]: 缺少必填字段 date（首次发布日期）",
        "content/a/two.md:3:1: 错误[front-matter]: 缺少必填字段 reviewed（最近审核日期）",
        "content/a/two.md:3:1: 错误[front-matter]: 缺少必填字段 summary（一句话摘要）",
    ]


@pytest.mark.parametrize(
    "args",
    [("build", "--jobs", "0"), ("build", "--nope"), ("frobnicate",), ("slug",), ("new", "a")],
)
def test_bad_command_line_exits_2(args: tuple[str, ...], run: Callable[..., Result]) -> None:
    assert run(*args).exit_code == 2


def test_missing_site_yaml_is_a_project_error(tmp_path: Path, run: Callable[..., Result]) -> None:
    result = run("build", "-C", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (
        "site.yaml: 错误[config]: 找不到 site.yaml：请在项目根目录运行，或用 -C 指定项目目录\n"
    )
