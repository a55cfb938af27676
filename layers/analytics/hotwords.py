"""Hot words (热词) of complaint descriptions: jieba segmentation, counted once per complaint.

A word's figure is the number of complaints that use it (document frequency), not how often it
occurs, so one long description repeating 漏雨 ten times does not outweigh ten residents.
Estate names and aliases from our gazetteer are added to jieba's dictionary so 丰西路45号院 stays
one word. Identical descriptions are segmented once (12345 texts repeat templated phrases).
"""

import logging
import re
from collections import Counter
from functools import lru_cache

import jieba

from layers.models import HousingProject

# jieba logs its dictionary loading at DEBUG on every process start.
jieba.setLogLevel(logging.WARNING)

# Function words and case-handling boilerplate that say nothing about the problem.
_STOP_TEXT = (
    "的 了 是 在 和 与 及 或 有 无 不 也 都 就 还 又 被 把 对 向 从 到 为 以 等 这 那 其 之 请 希望 要求 反映 诉求 "
    "来电 市民 居民 问题 情况 处理 解决 尽快 相关 部门 工作人员 一直 目前 现在 没有 进行 已经 我们 他们 自己 我 你 他 "
    "表示 称 该 此 个 号 楼 单元 室 院 小区 社区 街道 北京市 丰台区 五里店"
)
STOPWORDS = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]+$")


# jieba's dictionary (~500,000 entries with prefixes) is read once per process, lazily, from the
# cache jieba keeps in the temp dir (jieba.cache): ~1 s on a quiet machine, the largest fixed cost
# of a first report. A trimmed dictionary would load faster but splits words such as 停车难 and
# 安全隐患 (measured on the benchmark week), so the full one is kept.
_BASE = jieba.Tokenizer()


@lru_cache(maxsize=1)
def _tokenizer(names: tuple[str, ...]) -> jieba.Tokenizer:
    # A changed gazetteer gets a fresh tokenizer from a copy of the loaded dictionary (tens of ms)
    # instead of a reload, and a name since removed does not linger. FREQ, total and initialized
    # are the state jieba's initialize() sets.
    _BASE.check_initialized()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(_BASE.FREQ), _BASE.total, True
    for name in names:
        tokenizer.add_word(name, freq=10_000)
    return tokenizer


def gazetteer_words() -> tuple[str, ...]:
    """Estate names and aliases, sorted (a stable cache key for the tokenizer)."""
    names = set()
    for name, aliases in HousingProject.objects.values_list("name", "aliases"):
        names.add(name)
        names.update(aliases or [])
    return tuple(sorted(n for n in names if n))


def hot_words(descriptions, top: int = 20, extra_words: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    """The top words over descriptions as (word, number of complaints using it), largest first."""
    tokenizer = _tokenizer(tuple(sorted(extra_words)))
    texts = Counter(d for d in descriptions if d)
    counts: Counter = Counter()
    for text, times in texts.items():
        # HMM off: new-word discovery invents fragments on short texts and is 2x slower.
        words = {w for w in tokenizer.lcut(text, HMM=False) if w not in STOPWORDS and _WORD.match(w)}
        for word in words:
            counts[word] += times
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
