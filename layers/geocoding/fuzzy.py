"""Fuzzy estate names: 北大地西 for 北大地西区, 北大地西小区 for 北大地西区小区.

Only the words may differ, never the numbers: 丰西路46号院 is not a misspelt 丰西路45号院, however
similar the strings (difflib gives 0.86). And in a numbered name the words before the number must
themselves be alike: 卢沟桥路45号院 is another road's 45号院, not a misspelt 丰西路45号院, although
the two share 路45号院 (0.83 over the whole stretch).
"""

import re
from collections import Counter
from difflib import SequenceMatcher

THRESHOLD = 0.8
_WINDOW, _STEP, _MAX_WINDOWS = 40, 20, 200  # long prose is read in overlapping windows, within a budget
_NUMBERS = re.compile(r"\d+")


def _windows(leftovers: tuple[str, ...]) -> list[str]:
    windows: list[str] = []
    for piece in leftovers:
        if len(piece) <= _WINDOW:
            windows.append(piece)
        else:
            windows.extend(piece[i : i + _WINDOW] for i in range(0, len(piece) - _STEP, _STEP))
    return windows[:_MAX_WINDOWS]


def _reachable(names_by_char: dict[str, list[tuple[str, int]]], window: str) -> list[str]:
    """Names whose ratio with some stretch of the window can reach the threshold.

    ratio() = 2M / (len(name) + len(stretch)), with M at most the name's characters present in the
    window and len(stretch) >= M: a cheap upper bound, gathered per character of the window."""
    shared: Counter = Counter()
    for ch in set(window):
        for name, count in names_by_char.get(ch, ()):
            shared[name] += count
    return [name for name, m in shared.items() if 2 * m / (len(name) + m) >= THRESHOLD]


def _words_agree(name: str, text: str, start: int) -> bool:
    """Whether the words in front of a numbered name's first number are alike the words in front of
    that number in the text's matching stretch (from `start`; up to one character more or less, so
    丰西45号院 still agrees)."""
    first = _NUMBERS.search(name)
    if first is None or first.start() == 0:
        return True
    words, at = name[: first.start()], _NUMBERS.search(text, start).start()
    candidates = (text[max(0, at - size) : at] for size in range(len(words) - 1, len(words) + 2))
    return any(SequenceMatcher(None, words, before, autojunk=False).ratio() >= THRESHOLD for before in candidates)


def _ratio(name: str, text: str) -> float:
    """Similarity of name with the stretch of text that matches it."""
    blocks = [b for b in SequenceMatcher(None, name, text, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return 0.0
    start = blocks[0].b
    stretch = text[start : blocks[-1].b + blocks[-1].size]
    if _NUMBERS.findall(stretch) != _NUMBERS.findall(name):
        return 0.0
    # The stretch holds the name's numbers (checked above), so a number follows its start.
    if not _words_agree(name, text, start):
        return 0.0
    return SequenceMatcher(None, name, stretch, autojunk=False).ratio()


def best_names(names, leftovers: tuple[str, ...]) -> tuple[float, list[str]]:
    """(best ratio >= THRESHOLD, the names reaching it) or (0.0, [])."""
    # A bare numbered alias (45号院) is too short to be guessed at: it counts only when exact.
    names_by_char: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        if not name[0].isdigit():
            for ch, count in Counter(name).items():
                names_by_char.setdefault(ch, []).append((name, count))
    best, winners = 0.0, []
    for window in _windows(leftovers):
        for name in _reachable(names_by_char, window):
            ratio = round(_ratio(name, window), 3)
            if ratio >= THRESHOLD and ratio >= best:
                winners = [*winners, name] if ratio == best else [name]
                best = ratio
    return (best, sorted(set(winners))) if winners else (0.0, [])
