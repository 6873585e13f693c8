"""Tests for pinyin slug generation."""

import hashlib
import re
import unicodedata
from pathlib import Path

import pytest
import zhconv
from hypothesis import given
from hypothesis import strategies as st

from huabei_guide.pinyin_overrides import PINYIN_OVERRIDES
from huabei_guide.slugs import MAX_SLUG_LENGTH, SLUG_RE, is_valid_slug, slugify, syllables

TABLE_PATH = Path(__file__).with_name("slug_titles.tsv")
EXPECTED_ACCURACY = 1.0
MIN_TABLE_SIZE = 160

TOKEN_RE = re.compile("[a-z0-9]+")
HAN_RE = re.compile("[\u4e00-\u9fff]+")
PINYIN_RE = re.compile(
    "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    "(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|"
    "ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ui|ue|ve|er|a|o|e|i|u|v)"
)
INVISIBLES = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\ufe0f", "\x07")
PUNCTUATION = "·、，。？！：；“”‘’（）《》【】—…,.?!:;\"'()[]/-_ "


def load_table() -> list[tuple[str, str]]:
    """Read the hand-written title table."""
    rows = []
    for line in TABLE_PATH.read_text(encoding="utf-8").splitlines():
        title, expected = line.split("\t")
        rows.append((title, expected))
    return rows


TABLE = load_table()


def test_table_is_large_and_well_formed() -> None:
    """Check the table size and that every expected slug obeys the contract."""
    assert len(TABLE) >= MIN_TABLE_SIZE
    assert len({title for title, _ in TABLE}) == len(TABLE)
    assert all(is_valid_slug(expected) for _, expected in TABLE)


def test_table_titles_match_expected_slugs() -> None:
    """Compare every title with its hand-written slug and list all mismatches."""
    mismatches = [
        f"{title!r}: expected {expected}, got {slugify(title)}"
        for title, expected in TABLE
        if slugify(title) != expected
    ]
    assert not mismatches, "\n".join(mismatches)


def test_table_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    """Report the share of titles slugged exactly as expected."""
    hits = sum(slugify(title) == expected for title, expected in TABLE)
    accuracy = hits / len(TABLE)
    with capsys.disabled():
        print(f"\nslug table accuracy: {hits}/{len(TABLE)} = {accuracy:.1%}")
    assert accuracy >= EXPECTED_ACCURACY


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("花呗逾期后怎么办", "hua-bei-yu-qi-hou-zen-me-ban"),
        ("APP还款", "app-huan-kuan"),
        ("iPhone 15", "iphone-15"),
        ("95188", "95188"),
        ("iPhone15", "iphone15"),
        ("2024年", "2024-nian"),
    ],
)
def test_chinese_becomes_pinyin_and_ascii_runs_stay_whole(title: str, expected: str) -> None:
    """Read Chinese syllable by syllable and keep ASCII runs as single words."""
    assert slugify(title) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("女", "nv"),
        ("绿", "lv"),
        ("略", "lve"),
        ("取", "qu"),
        ("去", "qu"),
        ("需", "xu"),
        ("约", "yue"),
        ("律师", "lv-shi"),
    ],
)
def test_u_umlaut_is_written_v_only_where_pinyin_writes_it(title: str, expected: str) -> None:
    """Write ü as v after n and l, and keep the plain u after j, q, x and y."""
    assert slugify(title) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [("ＡＰＰ", "app"), ("１２", "12"), ("ｉＰｈｏｎｅ　１５", "iphone-15"), ("①", "1")],
)
def test_full_width_forms_are_folded(title: str, expected: str) -> None:
    """Fold full-width and compatibility forms with NFKC."""
    assert slugify(title) == expected


@pytest.mark.parametrize("invisible", INVISIBLES)
def test_invisible_characters_are_dropped(invisible: str) -> None:
    """Drop zero-width, BOM, soft hyphen, variation selector and control characters."""
    assert slugify(f"花{invisible}呗{invisible}逾期") == "hua-bei-yu-qi"
    assert slugify(f"{invisible}app{invisible}store{invisible}") == "appstore"


def test_whitespace_controls_separate_words() -> None:
    """Treat tabs and newlines as word separators, not as invisible characters."""
    assert slugify("app\tstore\nguide") == "app-store-guide"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("還款", "huan-kuan"),
        ("銀行行長", "yin-hang-hang-zhang"),
        ("徵信報告", "zheng-xin-bao-gao"),
        ("借唄還不上怎麼辦", "jie-bei-huan-bu-shang-zen-me-ban"),
    ],
)
def test_traditional_characters_read_as_simplified(title: str, expected: str) -> None:
    """Convert traditional characters to simplified before reading them."""
    assert slugify(title) == expected


@pytest.mark.parametrize("mark", list(PUNCTUATION))
def test_punctuation_separates_words(mark: str) -> None:
    """Split words at Chinese and ASCII punctuation."""
    assert slugify(f"{mark}花呗{mark}{mark}逾期{mark}") == "hua-bei-yu-qi"
    assert slugify(f"{mark}app{mark}{mark}store{mark}") == "app-store"


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Café分期", "cafe-fen-qi"), ("Crème brûlée", "creme-brulee"), ("Straße", "strasse")],
)
def test_accented_latin_letters_fold_to_ascii(title: str, expected: str) -> None:
    """Fold accented Latin letters to their ASCII base letters."""
    assert slugify(title) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("还款", "huan-kuan"),
        ("还是", "hai-shi"),
        ("还有", "hai-you"),
        ("花呗不还有什么后果", "hua-bei-bu-huan-you-shen-me-hou-guo"),
        ("先还本金还是先还利息", "xian-huan-ben-jin-hai-shi-xian-huan-li-xi"),
        ("银行行长", "yin-hang-hang-zhang"),
        ("强制执行长期不还", "qiang-zhi-zhi-xing-chang-qi-bu-huan"),
        ("利率", "li-lv"),
        ("率先", "shuai-xian"),
        ("逾期了解决办法", "yu-qi-le-jie-jue-ban-fa"),
    ],
)
def test_polyphones_read_in_context(title: str, expected: str) -> None:
    """Read polyphonic characters by their meaning in context."""
    assert slugify(title) == expected


def test_long_title_is_cut_at_a_hyphen_boundary() -> None:
    """Cut an over-long slug after the last whole syllable that fits."""
    title = "花呗逾期三个月以上被起诉后应该如何准备应诉材料以及与法院和催收公司沟通的完整指南"
    tokens = syllables(title)
    full = "-".join(tokens)
    slug = slugify(title)
    assert len(full) > MAX_SLUG_LENGTH
    assert len(slug) <= MAX_SLUG_LENGTH
    assert full.startswith(slug + "-")
    next_token = tokens[slug.count("-") + 1]
    assert len(slug) + 1 + len(next_token) > MAX_SLUG_LENGTH


def test_custom_max_length_is_respected() -> None:
    """Honour a shorter limit, still cutting between words."""
    assert slugify("花呗逾期后怎么办", max_length=20) == "hua-bei-yu-qi-hou"


@pytest.mark.parametrize("max_length", [0, 9, 61, 100])
def test_out_of_range_max_length_is_rejected(max_length: int) -> None:
    """Refuse limits that could not hold a fallback slug or exceed the contract."""
    with pytest.raises(ValueError, match="max_length"):
        slugify("花呗", max_length=max_length)


def test_single_overlong_ascii_word_is_truncated() -> None:
    """Truncate a word longer than the limit, the only case without a hyphen to cut at."""
    assert slugify("a" * 100) == "a" * MAX_SLUG_LENGTH


@pytest.mark.parametrize("title", ["？？？", "🙂🙂", "……", "", "   ", "\u200b", "!!!"])
def test_titles_without_letters_get_a_deterministic_fallback(title: str) -> None:
    """Derive a stable hash slug for titles with no letters or digits."""
    digest = hashlib.sha256(unicodedata.normalize("NFC", title).encode()).hexdigest()
    assert syllables(title) == ()
    assert slugify(title) == f"t-{digest[:8]}"
    assert slugify(title) == slugify(title)
    assert is_valid_slug(slugify(title))


def test_fallback_slugs_differ_between_titles() -> None:
    """Give different letterless titles different slugs."""
    assert slugify("？？？") != slugify("！！！")


@pytest.mark.parametrize("slug", ["-a", "a-", "a--b", "A", "a_b", "a b", "", "a\n", "a" * 61])
def test_is_valid_slug_rejects_malformed_slugs(slug: str) -> None:
    """Reject hyphen misuse, foreign characters, emptiness and excess length."""
    assert not is_valid_slug(slug)


def test_is_valid_slug_accepts_well_formed_slugs() -> None:
    """Accept lowercase alphanumeric words joined by single hyphens."""
    assert is_valid_slug("hua-bei-2024")
    assert is_valid_slug("a" * MAX_SLUG_LENGTH)
    assert SLUG_RE.pattern == "^[a-z0-9]+(?:-[a-z0-9]+)*$"


def test_override_keys_are_chinese_and_values_are_toneless_pinyin() -> None:
    """Keep one valid toneless syllable per Chinese character in every override."""
    for key, value in PINYIN_OVERRIDES.items():
        assert HAN_RE.fullmatch(key), key
        assert zhconv.convert(key, "zh-cn") == key, f"{key} is not simplified, so never matches"
        assert len(value) == len(key), key
        for syllable in value:
            assert PINYIN_RE.fullmatch(syllable), (key, syllable)
            assert "v" not in syllable or syllable[0] in "nl", (key, syllable)


@given(st.text())
def test_any_text_gives_a_valid_deterministic_slug(text: str) -> None:
    """Produce a non-empty, well-formed, stable slug for arbitrary text."""
    slug = slugify(text)
    assert SLUG_RE.fullmatch(slug)
    assert 0 < len(slug) <= MAX_SLUG_LENGTH
    assert slugify(text) == slug


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)))
def test_any_chinese_text_gives_a_valid_slug(text: str) -> None:
    """Produce a well-formed slug for arbitrary runs of Chinese characters."""
    assert is_valid_slug(slugify(text))


@given(st.text(), st.integers(min_value=10, max_value=MAX_SLUG_LENGTH))
def test_any_text_respects_the_requested_length(text: str, max_length: int) -> None:
    """Stay within any allowed length limit."""
    slug = slugify(text, max_length=max_length)
    assert is_valid_slug(slug)
    assert len(slug) <= max_length


@given(st.text())
def test_syllables_are_lowercase_alphanumeric(text: str) -> None:
    """Emit only lowercase ASCII letter and digit tokens."""
    assert all(TOKEN_RE.fullmatch(token) for token in syllables(text))


@given(st.text())
def test_nfkc_equivalent_titles_share_a_slug(text: str) -> None:
    """Give NFKC-equivalent titles the same slug whenever they have letters."""
    if syllables(text):
        assert slugify(unicodedata.normalize("NFKC", text)) == slugify(text)
