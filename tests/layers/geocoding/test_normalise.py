"""Normalisation: the forms residents type meet the gazetteer's spelling (pure functions, no database)."""

import pytest

from layers.geocoding.normalise import building_key, chinese_to_int, normalise


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("两", 2),
        ("一百零五", 105),
        ("三百二十", 320),
        ("五〇二", 502),
        ("五零二", 502),
        ("二〇一", 201),
    ],
)
def test_chinese_numerals(numeral, value):
    assert chinese_to_int(numeral) == value


def test_not_a_numeral_is_refused():
    with pytest.raises(ValueError, match="not a Chinese numeral: '十a'"):
        chinese_to_int("十a")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１２号楼", "12号楼"),  # full-width digits
        ("丰西路４５号院３号楼", "丰西路45号院3号楼"),
        ("Ａ座", "A号楼"),  # full-width letter, 座 as building
        ("十二号楼", "12号楼"),
        ("二十三号院", "23号院"),
        ("两单元", "2单元"),
        ("北大地西区十二号楼一单元五〇二室", "北大地西区12号楼1单元502室"),
        ("北大地西区十二号楼一单元五零二", "北大地西区12号楼1单元502"),
        ("12栋", "12号楼"),
        ("12号栋", "12号楼"),
        ("3幢2单元", "3号楼2单元"),
        ("7#楼", "7号楼"),
        ("7#", "7号楼"),
        ("45#院", "45号院"),
        ("12楼1单元", "12号楼1单元"),
        ("12楼", "12楼"),  # alone it may be the 12th floor: left as written
        ("45院", "45号院"),
        ("丰西路 45 号院　3 号楼", "丰西路45号院3号楼"),  # ASCII and ideographic spaces
        ("北京市丰台区五里店街道丰西路45号院", "丰西路45号院"),
        ("北京丰台区丰西路45号院", "丰西路45号院"),
        ("五里店丰西路45号院", "丰西路45号院"),
        ("（丰西路）", "(丰西路)"),  # full-width punctuation
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_numerals_inside_names_stay():
    # 五 of 五里店 and 一 of 第一社区 are names, not numbers.
    assert normalise("五里店第一社区", keep=("五里店第一社区",)) == "五里店第一社区"
    assert normalise("北大地十六号院社区") == "北大地16号院社区"


def test_known_name_keeps_its_short_prefix():
    assert normalise("五里店东街44号院", keep=("五里店东街44号院",)) == "五里店东街44号院"
    assert normalise("五里店街道五里店东街44号院", keep=("五里店东街",)) == "五里店东街44号院"
    assert normalise("五里店东街44号院") == "东街44号院"  # without the gazetteer nothing says it is a street


def test_gazetteer_names_keep_their_prefix():
    assert normalise("五里店西街28号院", strip_admin=False) == "五里店西街28号院"


@pytest.mark.parametrize(
    ("number", "key"),
    [("12", "12"), ("十二", "12"), ("12号楼", "12"), ("１２栋", "12"), ("012", "12"), ("a座", "A"), ("两", "2")],
)
def test_building_key(number, key):
    assert building_key(number) == key
