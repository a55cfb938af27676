"""The held-back list (tests/data/privacy/held_back.json) and random texts near the rules' edges."""

import json
import random
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "privacy" / "held_back.json"
_LIST = json.loads(DATA.read_text(encoding="utf-8"))
PERSONAL = _LIST["personal"]
NOT_PERSONAL = _LIST["not_personal"]

# Pieces the rules look at (digits of both widths, separators, labels, plate and e-mail parts),
# joined at random: most texts come close to a rule, many match one, some match several.
_PIECES = [
    *"0123456789０１２３４５６７８９",
    *" 　-－.+＋()（）@＠xXQqVvWwABDN·:：*_号",
    "13912345678", "139 1234 5678", "110101199003071234", "110101900307123", "6222021234567890128",
    "4111 1111 1111 1111", "010", "0755", "86", "0086", "62345678", "2026", "0105", "1231",
    "电话", "座机", "工单号", "网格", "号工单", "QQ", "微信", "卡号", "护照", "京A", "新AD", "京ICP",
    "@qq.com", "zhang.san", "张三", "漏水", "楼", "单元",
]  # fmt: skip


def random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12))) for _ in range(count)]


def personal_ids() -> list[str]:
    return [item["text"] for item in PERSONAL]
