"""The category taxonomy loaded by migration 0003 with the English names of 0016, the 12345 names
seeded by 0017, and the unique-where-present ticket number."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from layers.models import Category, CategoryMapping, Complaint, SishiType, TimeBase

migration = importlib.import_module("layers.migrations.0003_categories")
english_names = importlib.import_module("layers.migrations.0016_english_names")
mapping_migration = importlib.import_module("layers.migrations.0017_intake_review")


def test_the_fifteen_domain_categories_load_idempotently(db):
    # Loaded again here rather than trusted from migrate: a transactional test elsewhere may
    # have flushed the table.
    CategoryMapping.objects.all().delete()
    Category.objects.all().delete()
    migration.load_categories(apps, None)
    migration.load_categories(apps, None)
    assert Category.objects.count() == 15
    heating = Category.objects.get(code="heating")
    assert (heating.name, heating.time_limit_amount, heating.time_limit_base) == ("供暖", 24, TimeBase.NATURAL_HOURS)
    assert Category.objects.get(name="公共安全/消防").time_limit_amount == 2
    assert {c.default_sishi_type for c in Category.objects.all()} == set(SishiType.values)
    assert all(c.duplicate_radius_m == 50 and c.duplicate_window_days == 7 for c in Category.objects.all())


def test_loading_keeps_admin_edits(db):
    CategoryMapping.objects.all().delete()
    Category.objects.all().delete()
    Category.objects.create(code="heating", name="供暖", time_limit_amount=12, time_limit_base="working_hours")
    migration.load_categories(apps, None)
    assert Category.objects.get(code="heating").time_limit_amount == 12


def test_the_seeded_categories_get_english_names_and_edits_stay(db):
    CategoryMapping.objects.all().delete()
    Category.objects.all().delete()
    migration.load_categories(apps, None)
    Category.objects.filter(code="noise").update(name_en="Noise nuisance")
    english_names.fill_category_names(apps, None)
    english_names.fill_category_names(apps, None)

    assert not Category.objects.filter(name_en="").exists()
    assert Category.objects.get(code="heating").name_en == "Heating"
    assert Category.objects.get(code="noise").name_en == "Noise nuisance"


def test_a_category_is_named_in_the_active_language_falling_back_to_chinese(db):
    heating = Category(code="heating", name="供暖", name_en="Heating")
    local = Category(code="local", name="本地分类")

    with translation.override("en"):
        assert (heating.localized_name, local.localized_name) == ("Heating", "本地分类")
    with translation.override("zh-hans"):
        assert (heating.localized_name, local.localized_name) == ("供暖", "本地分类")


def test_ticket_no_is_unique_only_where_present(db):
    category = Category.objects.create(code="t", name="t", time_limit_amount=7, time_limit_base="natural_days")

    def make(ticket_no):
        Complaint.objects.create(
            channel="hotline_12345", description="d", category=category, sishi_type="urgent", ticket_no=ticket_no
        )

    make(None)
    make(None)
    make("2025100100001")
    with pytest.raises(IntegrityError), transaction.atomic():
        make("2025100100001")
    assert Complaint.objects.count() == 3


def test_the_common_12345_names_are_seeded_onto_the_fifteen_categories(db):
    codes = {code for code, *_rest in migration.CATEGORIES}
    seeded = dict(CategoryMapping.objects.values_list("name", "category__code"))
    for name, (code, _note) in mapping_migration.SEED.items():
        assert code in codes, name
        assert seeded[name] == code, name
    for name in ("房屋修缮", "停车管理", "私装地锁", "噪声扰民", "供热", "物业服务", "违法建设", "下水道堵塞", "燃气"):
        assert name in seeded


def test_two_mappings_differing_only_in_width_or_spaces_are_refused(db):
    other = Category.objects.get(code="other")
    with pytest.raises(ValidationError, match="停车管理"):
        CategoryMapping(name="停车 管理", category=other).full_clean()
    CategoryMapping(name="停车管理（地下）", category=other).full_clean()
