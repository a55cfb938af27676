"""What counts as personal data in free text, defined once for Python (text.py) and SQL (sql.py).

Each rule is a regular expression with three groups — shown before, hidden, shown after — and the
stars that replace the hidden one, so a masked number stays recognisable and cannot be dialled:
139****5678, 110101********1234, 6222********0123, 010-****5678, z***@example.com, QQ：12****78,
京A****5. The rules run in order over the text; a later rule sees the stars of an earlier one.

The patterns are written in the subset that Python's `re` and PostgreSQL's regular expressions
(AREs) read alike: explicit classes instead of \\d, \\s, \\w and \\b (Python's \\d also matches
Arabic-Indic digits, PostgreSQL's depends on the locale); greedy quantifiers only; where two
alternatives could match at one place with different lengths, the longer first and the rest of the
pattern admitting only one of them (PostgreSQL takes the longest match, Python the first
alternative that matches). tests/layers/privacy/ runs the held-back list and random strings
through both and fails on any difference.

Not personal, and left alone: building, unit and room numbers (3号楼2单元502), house numbers,
dates (2026-01-05, 20260105), times, amounts, postcodes, the 12345 hotline, and numbers named
by a ticket label (工单号…, 网格…, 订单号…; PROTECT), long ones also when one follows (…号工单).
An unlabelled 7–8 digit number is not taken for a landline (it could be a date or an amount)
unless a word such as 电话 or 座机 introduces it. Licence plates (京A12345) are personal data: a plate leads to the
car's keeper, and parking complaints name the neighbour's car; handlers keep them to act on.

Not recognised (known limits): numbers spelt in Chinese numerals (一三九…), a mobile number with a
digit missing or too many, an unlabelled QQ number, and a 7–8 digit landline with no area code and
no word before it.
"""

from dataclasses import dataclass

# Digits as residents type them: ASCII or full-width (input methods in full-width mode).
D = "[0-9０-９]"
# One separator between digit groups: a space, hyphen or dot (ASCII), a full-width space or hyphen.
SEP = "[ 　.－-]"
# Inserted before a number named by a ticket label, so no rule takes it; removed at the end. A
# private-use character: no input method produces it.
SENTINEL = "\ue000"
# Before a number: the start of the text or a character that is no digit and no SENTINEL, matched
# and kept in the first group. (A lookbehind says the same, but PostgreSQL then takes twice as long
# to replace a match, and phone numbers are the commonest match.)
_START = "(?:^|[^0-9０-９\\uE000])"
_END = "(?![0-9０-９])"  # after a number: no further digit
_NOT_TICKET = "(?!号?(?:工单|案卷|案件))"  # nor a ticket label after a long number (2024010112345678号工单)


def _digit(char: str) -> str:
    """One ASCII digit or its full-width twin: "9" -> "[9９]"."""
    return f"[{char}{chr(ord(char) + 0xFEE0)}]"


def _digits(low: str, high: str) -> str:
    """A range of digits, ASCII and full-width: ("3", "9") -> "[3-9３-９]"."""
    return f"[{low}-{high}{chr(ord(low) + 0xFEE0)}-{chr(ord(high) + 0xFEE0)}]"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: str  # groups: 1 shown before, 2 hidden (or the protected number's first digit), 3 shown after
    replacement: tuple  # group numbers (int) and literal text (str)
    # A pattern found in every text the rule changes: SQL tests it before running the rule (rules in a
    # row with one trigger, once); it implies TRIGGER, which every text is tested against first.
    trigger: str
    luhn: bool = False  # only matches whose digits pass the Luhn check (bank cards)


_MONTH = f"(?:{_digit('0')}{_digits('1', '9')}|{_digit('1')}{_digits('0', '2')})"
_DAY = f"(?:{_digit('0')}{_digits('1', '9')}|{_digits('1', '2')}{D}|{_digit('3')}{_digits('0', '1')})"
_CENTURY = f"(?:{_digit('1')}{_digit('9')}|{_digit('2')}{_digit('0')})"
# The province of a resident ID's region code (GB/T 2260): 11–15, 21–23, 31–37, 41–46, 50–54, 61–65,
# 71, 81–83. A date-based number (2024…, 1990…) starts with none of them.
_PROVINCE_UNITS = {"1": "15", "2": "13", "3": "17", "4": "16", "5": "04", "6": "15", "7": "11", "8": "13"}
_PROVINCE = "|".join(f"{_digit(tens)}{_digits(low, high)}" for tens, (low, high) in _PROVINCE_UNITS.items())
_REGION = f"(?:{_PROVINCE}){D}{{4}}"
_SEVEN_DIGITS = f"{D}(?:{SEP}?{D}){{6}}"  # in every number below (a 7-digit local number is the shortest)
_FIFTEEN_DIGITS = f"{D}(?:{SEP}?{D}){{14}}"  # in every ID and card number: the phones' texts skip those rules
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_LETTER = "[A-HJ-NP-Z]"  # plates use no I or O (京ICP备… is no plate)
_PLATE_CHAR = "[A-HJ-NP-Z0-9]"
_PLATE = f"[{_PROVINCES}]{_PLATE_LETTER}"
# Labels that introduce an account or document identifier (银行卡号 and 社保卡号 end in 卡号).
_ID_LABELS = "微信|[Vv][Xx]|[Ww][Xx]|[Qq][Qq]|护照|通行证|证件|身份证|驾驶证|卡号|账号|账户"
_ID_TRIGGER = "[微VvWwQq护证卡账]"  # a character of every label above
_EMAIL_TRIGGER = "[@＠]"
_ID_CHAR = "[A-Za-z0-9_-]"
_LABEL_SEP = "[：:是为 　]*"

PROTECT = Rule(
    "ticket_label",
    f"((?:工单|案卷|案件|网格|订单|运单|快递单)(?:号码|编号|编码|号)?[：:＃# 　]*)({D})",
    (1, SENTINEL, 2),
    _SEVEN_DIGITS,
)
RULES = (
    Rule(
        "email",
        "([A-Za-z0-9])([A-Za-z0-9._%+-]*)([@＠][A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)",
        (1, "***", 3),
        _EMAIL_TRIGGER,
    ),
    PROTECT,
    # 18-digit resident ID: region, birth date (hidden), sequence and check digit (X for 10).
    Rule(
        "resident_id",
        f"({_START}{_REGION})({SEP}?{_CENTURY}{D}{{2}}{_MONTH}{_DAY}{SEP}?)"
        f"({D}{{3}}[0-9０-９XxＸｘ]){_END}{_NOT_TICKET}",
        (1, "********", 3),
        _FIFTEEN_DIGITS,
    ),
    # 15-digit ID of before 1999 (born 19YY, YY from 10: a grid code's 0xx street would read as 190x).
    Rule(
        "old_resident_id",
        f"({_START}{_REGION})({SEP}?{_digits('1', '9')}{D}{_MONTH}{_DAY}{SEP}?)({D}{{3}}){_END}{_NOT_TICKET}",
        (1, "******", 3),
        _FIFTEEN_DIGITS,
    ),
    # Bank cards: 16–19 digits, in groups or not, whose check digit is right (Luhn), starting with 3–6
    # (UnionPay 62, Visa 4, Mastercard 5, JCB and American Express 3): not a date-based number (2024…).
    Rule(
        "bank_card",
        f"({_START}{_digits('3', '6')}(?:{SEP}?{D}){{3}})((?:{SEP}?{D}){{8,11}}{SEP}?)"
        f"({D}(?:{SEP}?{D}){{3}}){_END}{_NOT_TICKET}",
        (1, "********", 3),
        _FIFTEEN_DIGITS,
        luhn=True,
    ),
    # Mainland mobile numbers, with or without +86 / 0086 / 86, in groups or not.
    Rule(
        "mobile",
        f"({_START}(?:(?:[+＋]|{_digit('0')}{{2}})?{_digit('8')}{_digit('6')}{SEP}?)?"
        f"{_digit('1')}{_digits('3', '9')}{D})({SEP}?{D}{{4}}{SEP}?)({D}{{4}}){_END}",
        (1, "****", 3),
        _SEVEN_DIGITS,
    ),
    # Landlines with an area code: 010 and 02x are three digits, the others four; local numbers
    # are 7 or 8 digits and never start with 0 or 1.
    Rule(
        "landline",
        f"({_START}[(（]?(?:{_digit('0')}{_digits('1', '2')}{D}|{_digit('0')}{_digits('3', '9')}{D}{{2}})"
        f"[)）]?{SEP}?)({_digits('2', '9')}{D}{{2,3}}{SEP}?)({D}{{4}}){_END}",
        (1, "****", 3),
        _SEVEN_DIGITS,
    ),
    # A local number without area code only where a word says it is one (电话：62345678).
    Rule(
        "landline_named",
        f"((?:电话|座机|固话|手机|联系方式|号码|致电|拨打|(?<![A-Za-z])[Tt][Ee][Ll]){_LABEL_SEP})"
        f"({_digits('2', '9')}{D}{{2,3}}{SEP}?)({D}{{4}}){_END}",
        (1, "****", 3),
        _SEVEN_DIGITS,
    ),
    # WeChat and QQ ids, passport, permit, card and account numbers after their label; an id already
    # starred by a rule above (微信：139****5678) is left as it is.
    Rule(
        "labelled_id",
        f"((?<![A-Za-z])(?:{_ID_LABELS})(?:号码|号)?{_LABEL_SEP}{_ID_CHAR}{{2}})({_ID_CHAR}+)({_ID_CHAR}{{2}})"
        "(?![A-Za-z0-9_*-])",
        (1, "****", 3),
        _ID_TRIGGER,
    ),
    # Licence plates: province, letter, then 5 characters (6 for new-energy cars).
    Rule(
        "licence_plate",
        f"({_PLATE})([·•・ -]?{_PLATE_CHAR}{{4,5}})({_PLATE_CHAR})(?![A-Za-z0-9])",
        (1, "****", 3),
        _PLATE,
    ),
)
# Any text that a rule would change matches this (every rule's trigger implies one of its parts);
# the others skip the rules. One character class and two short patterns: each alternative costs
# PostgreSQL ~1 µs a text, and most texts are tested and left alone.
TRIGGER = f"[{_EMAIL_TRIGGER[1:-1]}{_ID_TRIGGER[1:-1]}]|{_SEVEN_DIGITS}|{_PLATE}"

# The complainant's own name and phone, wherever they appear in the text. Names shorter than two
# characters are left (a single 王 would star unrelated words), and so are the placeholders a 12345
# sheet gives for an unnamed caller.
NAME_MIN_LENGTH = 2
NOT_NAMES = ("匿名", "市民", "居民", "来电人", "先生", "女士", "未知", "不详", "保密")
PHONE_MIN_LENGTH = 7
PHONE_SHOWN = 4  # the last digits of the complainant's own number, after ****
