"""The address parser on the forms petitioners and 12345 sheets use (pure, no database)."""

import pytest

from layers.geocoding.parse import KnownNames, parse_address

KNOWN = KnownNames(
    estates=("丰西路45号院", "45号院", "北大地西区", "北大地西区小区", "丰西路52号", "五里店东街44号院"),
    communities=("丰西路社区", "北大地西区社区", "北大地16号院社区"),
    roads=("丰西路", "五里店东街", "北大地", "东安街头条"),
)

FIELDS = ("community", "estate", "road", "number", "courtyard", "building", "unit", "room")


def read(text, known=KNOWN):
    parts = parse_address(text, known)
    return {name: getattr(parts, name) for name in FIELDS if getattr(parts, name) is not None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("北大地西区12号楼1单元502", {"estate": "北大地西区", "building": "12", "unit": "1", "room": "502"}),
        ("北大地西区12号楼1单元502室", {"estate": "北大地西区", "building": "12", "unit": "1", "room": "502"}),
        ("北大地西区小区12号楼", {"estate": "北大地西区小区", "building": "12"}),  # longest name wins
        ("北大地西区十二号楼一单元五〇二", {"estate": "北大地西区", "building": "12", "unit": "1", "room": "502"}),
        ("北大地西区12号1单元502", {"estate": "北大地西区", "building": "12", "unit": "1", "room": "502"}),
        ("北大地西区12-1-502", {"estate": "北大地西区", "building": "12", "unit": "1", "room": "502"}),
        ("北大地西区12栋3门201", {"estate": "北大地西区", "building": "12", "unit": "3", "room": "201"}),
        ("北大地西区B座", {"estate": "北大地西区", "building": "B"}),
        ("北大地西区3幢", {"estate": "北大地西区", "building": "3"}),
        ("北大地西区3#楼2单元101户", {"estate": "北大地西区", "building": "3", "unit": "2", "room": "101"}),
        (
            "北京市丰台区五里店街道丰西路45号院3号楼2单元301室",
            {"estate": "丰西路45号院", "building": "3", "unit": "2", "room": "301"},
        ),
        ("丰西路社区45号院2栋", {"community": "丰西路社区", "estate": "45号院", "building": "2"}),
        ("丰西路45号3号楼", {"road": "丰西路", "number": "45", "building": "3"}),
        ("丰西路52号3号楼", {"estate": "丰西路52号", "building": "3"}),
        ("丰西路99号", {"road": "丰西路", "number": "99"}),
        ("丰西路", {"road": "丰西路"}),
        ("丰西路3号楼", {"road": "丰西路", "building": "3"}),  # 3号楼 is a building, not a house number
        ("五里店东街44号院", {"estate": "五里店东街44号院"}),
        ("东安街头条9号院", {"road": "东安街头条", "number": "9"}),
        ("北大地东街7号院", {"road": "北大地", "courtyard": "7"}),  # 东街7号 read as 院 only: the road is unknown
        ("北大地十六号院社区", {"community": "北大地16号院社区"}),
        ("岳各庄45号院", {"courtyard": "45"}),  # a bare alias must not follow another name
        ("住在45号院", {"estate": "45号院"}),  # ... but may follow a word like 住在
        ("居民反映丰西路社区有噪音", {"community": "丰西路社区"}),
    ],
)
def test_parts_with_gazetteer(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("反映火星路12号院门口积水", {"road": "火星路", "number": "12", "courtyard": None}),
        ("住在幸福里社区", {"community": "幸福里社区"}),
        ("1单元502", {"unit": "1", "room": "502"}),
        ("12号楼", {"building": "12"}),
    ],
)
def test_parts_by_pattern_only(text, expected):
    expected = {key: value for key, value in expected.items() if value is not None}
    assert read(text, KnownNames()) == expected


def test_road_known_flag_and_text():
    parts = parse_address("丰台区丰西路99号", KNOWN)
    assert parts.road_known and parts.text == "丰西路99号"
    assert not parse_address("火星路1号", KNOWN).road_known


def test_every_estate_name_is_kept():
    parts = parse_address("丰西路45号院对面的北大地西区小区12号楼", KNOWN)
    assert (parts.estate, parts.other_estates, parts.building) == ("丰西路45号院", ("北大地西区小区",), "12")


def test_leftovers_keep_the_unread_words():
    parts = parse_address("北大地西12号楼1单元502", KNOWN)
    assert parts.estate is None and parts.leftovers == ("北大地西",)


@pytest.mark.parametrize("text", ["", "   ", "!!!", "<script>alert(1)</script>", "今天天气很好"])
def test_nothing_to_read(text):
    assert read(text) == {}
