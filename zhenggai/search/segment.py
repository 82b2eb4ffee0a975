"""Chinese word segmentation for the index and for queries (jieba, dictionary offline).

Both sides are cut the same way, in search mode (compound words and their parts), so
that 违法建设 finds "违法建设治理" and 更新改造 finds "城市连片开发更新改造".
"""

import functools
import logging
import re
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_jieba = None
_WORD = re.compile(r"\w", re.UNICODE)
_BLOCKS = None


def _cutter():
    # Loading the dictionary takes about a second: do it once, on first use, not at start-up.
    global _jieba, _BLOCKS
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _BLOCKS = jieba.re_han_default  # how jieba.cut splits a text into blocks
                _jieba = jieba
    return _jieba


def _split(text: str) -> list[str]:
    """`text` in jieba's own blocks (runs of Chinese, letters and digits, and what lies
    between): jieba cuts each block on its own, so the words of a text are those of its
    blocks in order, and a block seen before need not be cut again."""
    _cutter()
    return _BLOCKS.split(text)


@functools.lru_cache(maxsize=262144)
def _block(block: str) -> tuple[str, ...]:
    return tuple(_jieba.cut_for_search(block))


def _cut(text: str) -> Iterator[str]:
    """jieba's `cut_for_search(text)`, word for word, each distinct block cut once per
    process (ledgers repeat their phrases: 工作持续推进, 建立长效机制…)."""
    for block in _split(text or ""):
        if block:
            yield from _block(block)


def words(text: str) -> list[str]:
    """The distinct words of `text`, lower-cased, in order, without punctuation."""
    seen: dict[str, None] = {}
    for word in _cut(text):
        word = word.strip().lower()
        if word and _WORD.search(word):
            seen.setdefault(word, None)
    return list(seen)


@functools.lru_cache(maxsize=262144)
def _block_tokens(block: str) -> str:
    return " ".join(_block(block)).lower()


def tokens(text: str) -> str:
    """`text` as space-separated words: what the full-text index stores (the words of
    `_cut`, block by block: every block has at least one word)."""
    return " ".join([_block_tokens(b) for b in _split(text or "") if b])


@functools.lru_cache(maxsize=65536)
def _cached_tokens(text: str) -> str:
    return tokens(text)


def entry_tokens(*parts: str) -> str:
    """The words an entry is indexed by: each part cut on its own (an item's title is
    shared by all its reports, and segmented once), then joined."""
    return " ".join(_cached_tokens(p) for p in parts if p)


def essential(qwords: list[str]) -> list[str]:
    """`qwords` without those every entry matching the rest contains anyway: search mode
    cuts a long word into the dictionary's 2- and 3-character words inside it as well,
    on both sides, so an entry with 长效机制 has 长效 and 机制 too. Asking for them adds
    nothing but work (and misleads PostgreSQL's estimate of how many entries match)."""
    freq = _cutter().dt.FREQ

    def implied(w: str) -> bool:
        return (
            len(w) in (2, 3)
            and bool(freq.get(w))
            and any(len(o) > len(w) and w in o for o in qwords)
        )

    return [w for w in qwords if not implied(w)]
