"""Pin the pinyin of polyphonic phrases that slugs must read correctly in this domain."""

# Every key is a run of Chinese characters; every value is its toneless pinyin, one
# lowercase syllable per character, with "v" standing for "ü".  The readings were
# checked by hand, not copied from pypinyin.  Entries marked "anchor" are already read
# correctly by pypinyin 0.55 but are pinned because the site's vocabulary depends on them
# and a dictionary update must not silently change published URLs.
#
# The slug segmenter prefers the fewest words over this table plus pypinyin's phrase
# dictionary, so a key also acts as a word-boundary hint (for example 了解决).

from collections.abc import Mapping
from types import MappingProxyType

PINYIN_OVERRIDES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        # 还 = repay (huan).  pypinyin's single-character default is "hai" and it even
        # reads 还款 as "hai kuan"; on a debt-help site a bare 还 is almost always "repay".
        "还": ("huan",),
        "还款": ("huan", "kuan"),
        "还帐": ("huan", "zhang"),
        "只还": ("zhi", "huan"),
        "不还": ("bu", "huan"),
        "没钱还": ("mei", "qian", "huan"),
        "还不还": ("huan", "bu", "huan"),
        "还不上": ("huan", "bu", "shang"),
        "还不起": ("huan", "bu", "qi"),
        "还不了": ("huan", "bu", "liao"),
        "还不清": ("huan", "bu", "qing"),
        "还不完": ("huan", "bu", "wan"),
        "还得起": ("huan", "de", "qi"),
        "还得上": ("huan", "de", "shang"),
        "还得清": ("huan", "de", "qing"),
        "还欠款": ("huan", "qian", "kuan"),
        "抵还": ("di", "huan"),
        "摊还": ("tan", "huan"),
        "还呗": ("huan", "bei"),
        # 还 = repay, anchors.
        "还清": ("huan", "qing"),
        "还钱": ("huan", "qian"),
        "偿还": ("chang", "huan"),
        "归还": ("gui", "huan"),
        "退还": ("tui", "huan"),
        # 还 = still / also (hai) before modals and verbs.  Needed because the bare
        # character above defaults to "huan"; pypinyin has no phrase for most of these.
        "还是": ("hai", "shi"),
        "不还是": ("bu", "hai", "shi"),
        "还有": ("hai", "you"),
        "还能": ("hai", "neng"),
        "还会": ("hai", "hui"),
        "还要": ("hai", "yao"),
        "还没": ("hai", "mei"),
        "还没有": ("hai", "mei", "you"),
        "还未": ("hai", "wei"),
        "还可": ("hai", "ke"),
        "还可以": ("hai", "ke", "yi"),
        "还可能": ("hai", "ke", "neng"),
        "还在": ("hai", "zai"),
        "还得": ("hai", "dei"),
        "还需": ("hai", "xu"),
        "还需要": ("hai", "xu", "yao"),
        "还应该": ("hai", "ying", "gai"),
        "还不能": ("hai", "bu", "neng"),
        "还不会": ("hai", "bu", "hui"),
        "还不是": ("hai", "bu", "shi"),
        "还不如": ("hai", "bu", "ru"),
        "还不起诉": ("hai", "bu", "qi", "su"),
        "还算": ("hai", "suan"),
        "还很": ("hai", "hen"),
        "还挺": ("hai", "ting"),
        "还行": ("hai", "xing"),
        "还用": ("hai", "yong"),
        "还被": ("hai", "bei"),
        "还让": ("hai", "rang"),
        "还想": ("hai", "xiang"),
        "还敢": ("hai", "gan"),
        "还剩": ("hai", "sheng"),
        "还欠": ("hai", "qian"),
        "还差": ("hai", "cha"),
        "还真": ("hai", "zhen"),
        "还来得及": ("hai", "lai", "de", "ji"),
        "还影响": ("hai", "ying", "xiang"),
        "还属于": ("hai", "shu", "yu"),
        "还显示": ("hai", "xian", "shi"),
        "还存在": ("hai", "cun", "zai"),
        "还打": ("hai", "da"),
        # 打电话 is a pypinyin phrase but 电话 is not, so 还打 alone loses the tie.
        "还打电话": ("hai", "da", "dian", "hua"),
        "还催": ("hai", "cui"),
        "还收": ("hai", "shou"),
        "还扣": ("hai", "kou"),
        "还计息": ("hai", "ji", "xi"),
        "还继续": ("hai", "ji", "xu"),
        "还起诉": ("hai", "qi", "su"),
        "还上门": ("hai", "shang", "men"),
        "还上征信": ("hai", "shang", "zheng", "xin"),
        # 行 = bank (hang).  pypinyin reads these abbreviations as "xing".
        "人行": ("ren", "hang"),
        "各行": ("ge", "hang"),
        "支行": ("zhi", "hang"),
        "总行": ("zong", "hang"),
        "他行": ("ta", "hang"),
        # 行, anchors: hang for the trade/bank sense, xing for act/carry out.
        "银行": ("yin", "hang"),
        "行长": ("hang", "zhang"),
        "行业": ("hang", "ye"),
        "发行": ("fa", "xing"),
        "执行": ("zhi", "xing"),
        "履行": ("lv", "xing"),
        # 重 = again (chong).  pypinyin reads these as "zhong" (heavy).
        "重置": ("chong", "zhi"),
        "重来": ("chong", "lai"),
        "重做": ("chong", "zuo"),
        "重开": ("chong", "kai"),
        "重办": ("chong", "ban"),
        # 重, anchors.
        "重新": ("chong", "xin"),
        "重庆": ("chong", "qing"),
        "严重": ("yan", "zhong"),
        # 长 = long (chang).  pypinyin's default is "zhang", which breaks 最长, 多长,
        # 长时间; the zhang words (行长, 增长, 家长 ...) are phrases in its dictionary.
        "长": ("chang",),
        "长期": ("chang", "qi"),
        "增长": ("zeng", "zhang"),
        # 调 = adjust (tiao).  pypinyin reads these as "diao" (transfer).
        "调额": ("tiao", "e"),
        "调低": ("tiao", "di"),
        "调高": ("tiao", "gao"),
        "上调": ("shang", "tiao"),
        "调账": ("tiao", "zhang"),
        # 调, anchors.
        "调整": ("tiao", "zheng"),
        "调解": ("tiao", "jie"),
        "调查": ("diao", "cha"),
        "调取": ("diao", "qu"),
        # 弹 = pop up (tan); pypinyin says "dan" (bullet).
        "弹窗": ("tan", "chuang"),
        "弹出": ("tan", "chu"),
        # 着 as a result complement (zhao); pypinyin says "zhe" in 睡不着, 用不着.
        "不着": ("bu", "zhao"),
        "着急": ("zhao", "ji"),
        # 了 + 解决: pypinyin's segmenter glues 了解 (liao jie) in 逾期了解决办法.
        "了解决": ("le", "jie", "jue"),
        # 朝阳 as the Beijing district (chao); pypinyin reads 朝阳 as "zhao yang" (sunrise).
        "朝阳法院": ("chao", "yang", "fa", "yuan"),
        # 率 = rate (lv) in interest terms, anchors.
        "率": ("lv",),
        "利率": ("li", "lv"),
        # 都 = all (dou); pypinyin reads 都会 as the noun "du hui" (metropolis).
        "都会": ("dou", "hui"),
        # Other domain anchors with a polyphone.
        "花呗": ("hua", "bei"),
        "借呗": ("jie", "bei"),
        "会计": ("kuai", "ji"),
        "便宜": ("pian", "yi"),
        "差额": ("cha", "e"),
        "给予": ("ji", "yu"),
        "传票": ("chuan", "piao"),
        "强制": ("qiang", "zhi"),
    }
)
