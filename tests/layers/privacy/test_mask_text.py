"""layers.privacy.text: the held-back list through the Python masker, and its own properties."""

import pytest

from layers.privacy.text import apply_rules, luhn_valid, mask_text
from tests.layers.privacy.held_back import NOT_PERSONAL, PERSONAL, random_texts


def _masked(item: dict) -> str:
    return mask_text(item["text"], item.get("name", ""), item.get("phone", ""))


def test_the_held_back_list_is_as_large_as_promised():
    assert len(PERSONAL) >= 40 and len(NOT_PERSONAL) >= 15


@pytest.mark.parametrize("item", PERSONAL, ids=[item["text"] for item in PERSONAL])
def test_personal_data_is_masked_in_its_readable_shape(item):
    masked = _masked(item)
    assert masked == item["masked"]
    for secret in item["secrets"]:
        assert secret not in masked


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_look_alikes_are_left_whole(text):
    assert mask_text(text, "王建国", "13712345678") == text


@pytest.mark.parametrize("item", PERSONAL, ids=[item["text"] for item in PERSONAL])
def test_masking_twice_changes_nothing_more(item):
    once = _masked(item)
    assert _masked({**item, "text": once}) == once


def test_the_quick_test_misses_no_text_a_rule_changes():
    # mask_text skips the rules for texts TRIGGER rules out: running them anyway must change nothing.
    texts = [item["text"] for item in PERSONAL] + NOT_PERSONAL + random_texts(7, 5000)
    changed = [text for text in texts if apply_rules(text) != text]
    assert len(changed) > 1000  # the random texts do reach the rules
    assert [text for text in texts if mask_text(text) != apply_rules(text)] == []


def test_empty_and_missing_texts_and_names():
    assert mask_text(None) is None and mask_text("") == ""
    assert mask_text("张三反映漏水", None, None) == "张三反映漏水"
    # One character is too short to be taken for a name, and 匿名 is no name at all.
    assert mask_text("王府井的王先生", "王") == "王府井的王先生"
    assert mask_text("匿名来电", "匿名") == "匿名来电"


@pytest.mark.parametrize(
    ("number", "valid"),
    [("4111111111111111", True), ("4111111111111112", False), ("6222 0212 3456 7890 128", True), ("", False)],
)
def test_luhn(number, valid):
    assert luhn_valid(number) is valid
    assert luhn_valid(number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))) is valid
