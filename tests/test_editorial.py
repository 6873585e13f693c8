"""Editorial rules for content/: the checks an editor would otherwise do by hand.

The generator is deliberately not imported: these rules describe the content, and must keep
working while the generator changes. Every checker is a small pure function that returns a
list of problems; the ``test_checker_*`` tests prove each one can fail.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
NOTICES = CONTENT / "_notices"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

ARTICLE_KEYS = frozenset(
    {
        "title",
        "summary",
        "date",
        "updated",
        "reviewed",
        "order",
        "tags",
        "aliases",
        "sources",
        "draft",
        "slug",
    }
)
REQUIRED_KEYS = ("title", "summary", "date", "reviewed")
SUMMARY_MAX_CHARS = 80
MAX_TAGS_SITE_WIDE = 12
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# The only phone numbers the site may print. Anything else is a typo or a scam number.
ALLOWED_PHONES = frozenset({"95188", "12378", "110", "96110", "12356", "12348", "120"})

# Hosts of official bodies and major media; every article needs at least one of them.
TRUSTED_HOST_SUFFIXES = (
    ".gov.cn",
    "people.cn",
    "chinadaily.com.cn",
    "xinhuanet.com",
    "alipay.com",
    "pbccrc.org.cn",
)

# A "number claim" is a sentence (split on 。！？ and newlines) that
#   * contains an ASCII or full-width digit and any unit character below, or
#   * contains a Chinese numeral directly followed by a unit character (两次 is not one,
#     五年 and 第十六条 are), or
#   * contains a phone number (see PHONE_PATTERNS).
# Link targets and explicit heading ids are removed first, so URLs never count.
UNIT_CHARS = "天日年月%％元条倍号"
DIGIT_RE = re.compile(r"[0-9０-９]")
UNIT_RE = re.compile(f"[{UNIT_CHARS}]")
CN_NUMERAL_UNIT_RE = re.compile(f"[零〇一二两三四五六七八九十百千万]个?[{UNIT_CHARS}]")
SENTENCE_SPLIT_RE = re.compile(r"[。！？!?\n]")

# A phone number: 3+ digits in a tel: link, or near a word that introduces a phone number.
PHONE_WORDS = r"(?:电话|热线|拨打|专线|回拨|致电|来电)"
PHONE_NUMBER = r"(\d{3,}(?:[-－ ]\d{2,})*)"
PHONE_PATTERNS = (
    re.compile(r"tel:\+?" + PHONE_NUMBER),
    re.compile(PHONE_WORDS + r"[^\d\n]{0,12}?" + PHONE_NUMBER),
    re.compile(r"(?<![\d.])" + PHONE_NUMBER + r"[^\d\n]{0,6}?" + PHONE_WORDS),
)
TEL_LINK_RE = re.compile(r"\]\(tel:([^)\s]*)\)")

# Phrases that may appear only inside a sentence that negates or debunks them.
DEBUNK_WORDS = ("未经核实", "不是", "并非", "取消")
BANNED_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("退还本金", ("不", "没有")),
    ("只还本金", ("不", "没有", "吗", "无法", "并非")),
    ("坐牢", DEBUNK_WORDS),
    ("毁掉", DEBUNK_WORDS),
    ("黑户", DEBUNK_WORDS),
    ("日万分之五", DEBUNK_WORDS),
    # The seed's "95188 转 2" phone menu is unverified and changes over time.
    (r"[按转]\s*[2２]", ("未经核实", "不是", "并非")),
)

LINK_RE = re.compile(r"\]\(([^)\s]+)\)")
HEADING_ID_RE = re.compile(r"\{#([^}\s]+)\}")
LINK_TARGET_RE = re.compile(r"\]\([^)]*\)")
SEED_MIN_CHARS = 12


# --------------------------------------------------------------------------- reading


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a Markdown file into its YAML front matter (as a dict) and its body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        raise ValueError("file does not start with a '---' front matter line")
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r\n") == "---":
            meta = yaml.safe_load("".join(lines[1:index])) or {}
            if not isinstance(meta, dict):
                raise ValueError("front matter is not a mapping")
            return meta, "".join(lines[index + 1 :])
    raise ValueError("front matter has no closing '---' line")


def article_paths() -> list[Path]:
    """Return every article under content/ (no _index.md, nothing under _notices/)."""
    return sorted(
        path
        for path in CONTENT.rglob("*.md")
        if path.name != "_index.md"
        and not any(part.startswith(("_", ".")) for part in path.relative_to(CONTENT).parts)
    )


def all_content_paths() -> list[Path]:
    """Return every Markdown file under content/, including section pages and notices."""
    return sorted(CONTENT.rglob("*.md"))


def read_site_config() -> dict[str, Any]:
    """Load site.yaml from the repository root."""
    data = yaml.safe_load((ROOT / "site.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def read_seed_text() -> str:
    """Return the concatenated seed files, or skip when the shared folder is absent."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed folder {SEEDS} is absent")
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip(f"no seed files in {SEEDS}")
    return "\n".join(path.read_text(encoding="utf-8") for path in seeds)


# --------------------------------------------------------------------------- checkers


def prose(body: str) -> str:
    """Drop link targets and explicit heading ids, keeping the visible text."""
    return HEADING_ID_RE.sub("", LINK_TARGET_RE.sub("]", body))


def sentences(body: str) -> list[str]:
    """Split visible text into sentences on 。！？ and line breaks."""
    return [s.strip() for s in SENTENCE_SPLIT_RE.split(prose(body)) if s.strip()]


def normalize(text: str) -> str:
    """Keep only letters, digits and CJK characters, lower-cased."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def front_matter_problems(meta: dict[str, Any]) -> list[str]:
    """Check keys and value types of an article's front matter."""
    problems = [f"unknown key {key!r}" for key in sorted(set(meta) - ARTICLE_KEYS)]
    problems += [f"missing required key {key!r}" for key in REQUIRED_KEYS if key not in meta]
    for key in ("title", "summary"):
        if key in meta and not (isinstance(meta[key], str) and meta[key].strip()):
            problems.append(f"{key} must be a non-empty string")
    if isinstance(meta.get("summary"), str) and len(meta["summary"]) > SUMMARY_MAX_CHARS:
        problems.append(f"summary is longer than {SUMMARY_MAX_CHARS} characters")
    for key in ("date", "reviewed", "updated"):
        value = meta.get(key)
        if key in meta and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            problems.append(f"{key} must be a YAML date (YYYY-MM-DD)")
    if "order" in meta and (not isinstance(meta["order"], int) or isinstance(meta["order"], bool)):
        problems.append("order must be an integer")
    tags = meta.get("tags", [])
    if not (isinstance(tags, list) and all(isinstance(t, str) and t for t in tags)):
        problems.append("tags must be a list of strings")
    return problems


def review_date_problems(meta: dict[str, Any], today: dt.date, max_age_days: int) -> list[str]:
    """Check that date and reviewed are not in the future and the review is recent."""
    problems = []
    date, reviewed = meta.get("date"), meta.get("reviewed")
    if isinstance(date, dt.date) and date > today:
        problems.append(f"date {date} is in the future")
    if isinstance(reviewed, dt.date):
        if reviewed > today:
            problems.append(f"reviewed {reviewed} is in the future")
        if (today - reviewed).days > max_age_days:
            problems.append(f"reviewed {reviewed} is older than {max_age_days} days")
        if isinstance(date, dt.date) and reviewed < date:
            problems.append("reviewed is earlier than date")
    return problems


def find_phone_numbers(body: str) -> set[str]:
    """Return every phone-like number in the body, separators removed."""
    found = set()
    for pattern in PHONE_PATTERNS:
        found.update(re.sub(r"\D", "", m.group(1)) for m in pattern.finditer(body))
    return found


def has_number_claim(body: str) -> bool:
    """Tell whether any sentence states a number with a unit, or a phone number."""
    if find_phone_numbers(body):
        return True
    return any(
        (DIGIT_RE.search(s) and UNIT_RE.search(s)) or CN_NUMERAL_UNIT_RE.search(s)
        for s in sentences(body)
    )


def source_problems(meta: dict[str, Any], body: str) -> list[str]:
    """Require a well-formed, non-empty sources list where the body makes number claims."""
    sources = meta.get("sources")
    if sources is None:
        if has_number_claim(body):
            return ["body states a number, date or phone but has no sources"]
        return []
    if not isinstance(sources, list) or not sources:
        return ["sources must be a non-empty list"]
    problems = []
    for index, source in enumerate(sources):
        if not isinstance(source, dict) or set(source) != {"title", "url"}:
            problems.append(f"sources[{index}] must have exactly the keys title and url")
            continue
        if not (isinstance(source["title"], str) and source["title"].strip()):
            problems.append(f"sources[{index}].title must be a non-empty string")
        if not (isinstance(source["url"], str) and re.match(r"https?://\S+$", source["url"])):
            problems.append(f"sources[{index}].url must be an http(s) URL")
    return problems


def trusted_source_problems(meta: dict[str, Any]) -> list[str]:
    """Require at least one source from an official body or a major news outlet."""
    urls = [s.get("url", "") for s in meta.get("sources") or [] if isinstance(s, dict)]
    hosts = [re.sub(r"^https?://([^/:]+).*$", r"\1", str(url)) for url in urls]
    if not hosts or any(host.endswith(TRUSTED_HOST_SUFFIXES) for host in hosts):
        return []
    return ["no source from an official body or major media (only: " + ", ".join(hosts) + ")"]


def phone_problems(body: str) -> list[str]:
    """Allow only listed numbers, and require each one to be a tel: link at least once."""
    problems = [
        f"phone number {number} is not on the allow-list"
        for number in sorted(find_phone_numbers(body) - ALLOWED_PHONES)
    ]
    problems += [
        f"tel: link {target!r} is not an allow-listed number"
        for target in TEL_LINK_RE.findall(body)
        if target not in ALLOWED_PHONES
    ]
    linked = set(TEL_LINK_RE.findall(body))
    visible = prose(body)
    for number in sorted(ALLOWED_PHONES - linked):
        if re.search(rf"(?<![\d.]){number}(?![\d.])", visible):
            problems.append(f"{number} appears but never as a [{number}](tel:{number}) link")
    return problems


def copied_sentences(body: str, seed_text: str) -> list[str]:
    """Return sentences shared between body and seed (at least SEED_MIN_CHARS characters)."""
    body_norm, seed_norm = normalize(prose(body)), normalize(seed_text)
    copied = [
        s
        for s in SENTENCE_SPLIT_RE.split(seed_text)
        if len(normalize(s)) >= SEED_MIN_CHARS and normalize(s) in body_norm
    ]
    copied += [
        s
        for s in sentences(body)
        if len(normalize(s)) >= SEED_MIN_CHARS and normalize(s) in seed_norm
    ]
    return copied


def title_repeat_problems(title: str, body: str) -> list[str]:
    """Reject body lines that merely repeat the page title (the seed's SEO padding)."""
    wanted = normalize(title)
    return [
        f"line {number} repeats the title"
        for number, line in enumerate(prose(body).splitlines(), start=1)
        if wanted and normalize(line) == wanted
    ]


def banned_phrase_problems(body: str) -> list[str]:
    """Reject banned phrases unless their sentence negates or debunks them."""
    problems = []
    for sentence in sentences(body):
        for pattern, allowed_context in BANNED_PHRASES:
            if re.search(pattern, sentence) and not any(w in sentence for w in allowed_context):
                problems.append(f"banned phrase {pattern!r} stated as fact: {sentence}")
    return problems


def markup_problems(body: str) -> list[str]:
    """Reject raw HTML and template syntax in content."""
    problems = []
    if re.search(r"<[A-Za-z/!]", body):
        problems.append("raw HTML in body")
    if "{{" in body or "{%" in body:
        problems.append("template syntax {{ or {% in body")
    return problems


def link_target_problems(source: Path, target: str) -> list[str]:
    """Check that a relative .md link (and its #fragment) resolves on disk."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or not (target.startswith("#") or ".md" in target):
        return []
    path_part, _, fragment = target.partition("#")
    file = (source.parent / path_part).resolve() if path_part else source
    if not file.is_file():
        return [f"link target {target} does not exist"]
    if fragment and f"{{#{fragment}}}" not in file.read_text(encoding="utf-8"):
        return [f"link target {target}: no heading with {{#{fragment}}}"]
    return []


def link_problems(source: Path, body: str) -> list[str]:
    """Check every relative .md link in a body."""
    return [p for target in LINK_RE.findall(body) for p in link_target_problems(source, target)]


# --------------------------------------------------------------------------- fixtures


def read_article(path: Path) -> tuple[dict[str, Any], str]:
    """Read an article and split it."""
    return split_front_matter(path.read_text(encoding="utf-8"))


ARTICLES = article_paths()
ARTICLE_IDS = [str(p.relative_to(CONTENT)) for p in ARTICLES]
CONTENT_FILES = all_content_paths()
CONTENT_IDS = [str(p.relative_to(CONTENT)) for p in CONTENT_FILES]
TODAY = dt.date.today()


# --------------------------------------------------------------------------- content tests


def test_there_are_enough_articles() -> None:
    assert len(ARTICLES) >= 13


@pytest.mark.parametrize("path", ARTICLES, ids=ARTICLE_IDS)
def test_front_matter(path: Path) -> None:
    meta, _ = read_article(path)
    assert front_matter_problems(meta) == []


@pytest.mark.parametrize("path", ARTICLES, ids=ARTICLE_IDS)
def test_file_name_is_a_slug(path: Path) -> None:
    assert SLUG_RE.match(path.stem), path.stem
    assert len(path.stem) <= 60


@pytest.mark.parametrize("path", ARTICLES, ids=ARTICLE_IDS)
def test_review_date_is_recent(path: Path) -> None:
    meta, _ = read_article(path)
    max_age = read_site_config()["review_max_age_days"]
    assert review_date_problems(meta, TODAY, max_age) == []


@pytest.mark.parametrize("path", ARTICLES, ids=ARTICLE_IDS)
def test_number_claims_have_sources(path: Path) -> None:
    meta, body = read_article(path)
    assert source_problems(meta, body) == []
    assert trusted_source_problems(meta) == []


@pytest.mark.parametrize("path", CONTENT_FILES, ids=CONTENT_IDS)
def test_phone_numbers_are_allow_listed_and_linked(path: Path) -> None:
    _, body = split_front_matter(path.read_text(encoding="utf-8"))
    assert phone_problems(body) == []


@pytest.mark.parametrize("path", CONTENT_FILES, ids=CONTENT_IDS)
def test_nothing_copied_from_seed(path: Path) -> None:
    seed_text = read_seed_text()
    _, body = split_front_matter(path.read_text(encoding="utf-8"))
    assert copied_sentences(body, seed_text) == []


@pytest.mark.parametrize("path", ARTICLES, ids=ARTICLE_IDS)
def test_title_is_not_repeated(path: Path) -> None:
    meta, body = read_article(path)
    assert title_repeat_problems(meta["title"], body) == []


@pytest.mark.parametrize("path", CONTENT_FILES, ids=CONTENT_IDS)
def test_no_banned_phrases_or_markup(path: Path) -> None:
    _, body = split_front_matter(path.read_text(encoding="utf-8"))
    assert banned_phrase_problems(body) == []
    assert markup_problems(body) == []


@pytest.mark.parametrize("path", CONTENT_FILES, ids=CONTENT_IDS)
def test_links_resolve(path: Path) -> None:
    _, body = split_front_matter(path.read_text(encoding="utf-8"))
    assert link_problems(path, body) == []


def test_home_entries_link_to_articles() -> None:
    meta, _ = split_front_matter((CONTENT / "_index.md").read_text(encoding="utf-8"))
    entries = meta["entries"]
    assert len(entries) == 4
    for entry in entries:
        assert set(entry) == {"title", "text", "link"}
        assert all(isinstance(entry[key], str) and entry[key] for key in entry)
        assert link_target_problems(CONTENT / "_index.md", entry["link"]) == []


@pytest.mark.parametrize(
    ("section", "required"),
    [
        ("xie-shang-bu-zhou", {"fang-pian", "guan-fang-qu-dao"}),
        ("zhu-yi-shi-xiang", {"xin-li-zhi-chi"}),
        ("chang-jian-wen-ti", {"xin-li-zhi-chi"}),
    ],
)
def test_section_notices(section: str, required: set[str]) -> None:
    meta, _ = split_front_matter((CONTENT / section / "_index.md").read_text(encoding="utf-8"))
    assert required <= set(meta.get("notices", []))


def test_every_named_notice_exists() -> None:
    names = set(read_site_config()["footer_notices"])
    for index in CONTENT.glob("*/_index.md"):
        names.update(split_front_matter(index.read_text(encoding="utf-8"))[0].get("notices", []))
    missing = sorted(name for name in names if not (NOTICES / f"{name}.md").is_file())
    assert missing == []
    for notice in NOTICES.glob("*.md"):
        assert set(split_front_matter(notice.read_text(encoding="utf-8"))[0]) == {"title"}


def test_tag_vocabulary_is_small() -> None:
    tags = {tag for path in ARTICLES for tag in read_article(path)[0].get("tags", [])}
    assert len(tags) <= MAX_TAGS_SITE_WIDE, sorted(tags)


# --------------------------------------------------------------------------- checker tests


BAD_META: dict[str, Any] = {
    "title": 2024,
    "summary": "长" * 81,
    "date": "2026-11-28",
    "colour": "red",
    "order": True,
    "tags": "征信",
}


def test_checker_front_matter_catches_bad_values() -> None:
    problems = front_matter_problems(BAD_META)
    assert "unknown key 'colour'" in problems
    assert "missing required key 'reviewed'" in problems
    assert "title must be a non-empty string" in problems
    assert f"summary is longer than {SUMMARY_MAX_CHARS} characters" in problems
    assert "date must be a YAML date (YYYY-MM-DD)" in problems
    assert "order must be an integer" in problems
    assert "tags must be a list of strings" in problems


def test_checker_split_front_matter() -> None:
    meta, body = split_front_matter("---\ntitle: 标题\ndate: 2026-11-28\n---\n正文\n")
    assert meta == {"title": "标题", "date": dt.date(2026, 11, 28)}
    assert body == "正文\n"
    with pytest.raises(ValueError, match="closing"):
        split_front_matter("---\ntitle: 标题\n正文\n")


def test_checker_review_dates() -> None:
    today = dt.date(2026, 11, 28)
    stale = {"date": dt.date(2026, 1, 1), "reviewed": dt.date(2026, 1, 2)}
    future = {"date": dt.date(2026, 12, 1), "reviewed": dt.date(2026, 12, 1)}
    fresh = {"date": dt.date(2026, 11, 1), "reviewed": today}
    assert review_date_problems(stale, today, 120) == ["reviewed 2026-01-02 is older than 120 days"]
    assert len(review_date_problems(future, today, 120)) == 2
    assert review_date_problems(fresh, today, 120) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("不良信息保存5年。", True),
        ("异议应在２０日内答复。", True),
        ("依据第十六条。", True),
        ("可拨打[95188](tel:95188)。", True),
        ("每年可以免费查两次。", False),
        ("一步一步来，你不需要一个人扛。", False),
        ("[链接](../a/b-2021.md)", False),
    ],
)
def test_checker_number_claim(body: str, expected: bool) -> None:
    assert has_number_claim(body) is expected


def test_checker_sources() -> None:
    assert source_problems({}, "逾期记录保存5年。") != []
    assert source_problems({}, "先别慌。") == []
    assert source_problems({"sources": []}, "先别慌。") == ["sources must be a non-empty list"]
    bad = {"sources": [{"title": "条例"}, {"title": "条例", "url": "gov.cn"}]}
    assert len(source_problems(bad, "x")) == 2
    good = {"sources": [{"title": "条例", "url": "https://www.gov.cn/x.htm"}]}
    assert source_problems(good, "保存5年。") == []
    seo = {"sources": [{"title": "某站", "url": "https://seo.example.com/a"}]}
    assert trusted_source_problems(seo) != []
    assert trusted_source_problems(good) == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("支付宝客服电话95055。", "phone number 95055 is not on the allow-list"),
        ("请拨打 400-123-4567 咨询。", "phone number 4001234567 is not on the allow-list"),
        ("12363 热线也可以。", "phone number 12363 is not on the allow-list"),
        ("[热线](tel:12345)", "tel: link '12345' is not an allow-listed number"),
        ("请拨打95188。", "95188 appears but never as a [95188](tel:95188) link"),
    ],
)
def test_checker_phone_numbers_catch(body: str, problem: str) -> None:
    assert problem in phone_problems(body)


def test_checker_phone_numbers_accept() -> None:
    body = "拨打[95188](tel:95188)，之后再拨95188核实。2026年3月31日截止，第二十五条，20日内。"
    assert phone_problems(body) == []


def test_checker_seed_copy() -> None:
    seed = "标题行\n花呗逾期后首先要做的就是及时联系花呗客服。其他内容。"
    assert copied_sentences("我们说：花呗逾期后首先要做的就是及时联系花呗客服！", seed) != []
    assert copied_sentences("发现逾期后，先查清欠款，再联系官方客服。", seed) == []


def test_checker_title_repeat() -> None:
    title = "花呗逾期后会发生什么？"
    assert title_repeat_problems(title, "正文\n\n## 花呗逾期后会发生什么\n") == [
        "line 3 repeats the title"
    ]
    assert title_repeat_problems(title, "逾期会带来费用。\n") == []


@pytest.mark.parametrize(
    "body",
    [
        "如何申请退还本金。",
        "协商后可以只还本金。",
        "逾期会坐牢。",
        "花呗逾期利率是日万分之五。",
        "拨打95188转2联系人工。",
        "逾期会变成黑户。",
    ],
)
def test_checker_banned_phrases_catch(body: str) -> None:
    assert banned_phrase_problems(body) != []


def test_checker_banned_phrases_accept_debunking() -> None:
    body = (
        "花呗没有退还本金这回事。可以只还本金吗？"
        "日万分之五是已取消的信用卡上限。按2转人工的说法未经核实。"
    )
    assert banned_phrase_problems(body) == []


def test_checker_markup() -> None:
    assert markup_problems("<div>hi</div>") == ["raw HTML in body"]
    assert markup_problems("{{ page.title }}") == ["template syntax {{ or {% in body"]
    assert markup_problems("欠款 ≤ 1万元，A > B。") == []


def test_checker_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "target.md").write_text("## 准备材料 {#zhun-bei-cai-liao}\n", "utf-8")
    source = tmp_path / "a" / "page.md"
    source.write_text("## 本页 {#ben-ye}\n", "utf-8")
    good = "[x](../b/target.md#zhun-bei-cai-liao) [y](#ben-ye) [z](https://a.cn/) [t](tel:110)"
    assert link_problems(source, good) == []
    bad = "[x](../b/missing.md) [y](../b/target.md#no-such) [z](#nope)"
    assert len(link_problems(source, bad)) == 3
