"""The 15 top-level complaint categories with their default 四事四办 type and time limit.

Sources:
- Category names: /work/shared/DOMAIN.md "Categories (top level)", a secondary source [S].
- Time limits and bases: DOMAIN.md "Time limits" [S]: sudden or risk to life/property (急) =
  feedback within 2 hours; water, power, gas, heating outage = 24 hours; general = 7 days;
  complex/difficult = 15 days. Natural (elapsed) time is the default base; where a local rule
  counts 工作日, staff change the base in the admin, which is why these are data, not code.
- The default 四事四办 type of each category is our own reading of DOMAIN.md's 四事四办
  description (urgent outages and safety → 急事; several departments → 愁事; co-governance such
  as parking → 盼事; the rest → 难事). Unconfirmed [U]: staff override it per case.
- 12345 catalogue names are left empty: the catalogue is not public, and guessing names would make
  the 12345 import match the wrong category. They are filled from real dispatch sheets.

Loading is by code and never overwrites: a category edited in the admin stays as edited.
"""

from django.db import migrations

# code, name, default 四事四办 type, time limit amount, time base
CATEGORIES = [
    ("property", "物业管理", "difficult", 7, "natural_days"),
    ("housing_repair", "房屋修缮/漏雨", "difficult", 15, "natural_days"),
    ("heating", "供暖", "urgent", 24, "natural_hours"),
    ("parking_traffic", "停车/交通", "hoped", 15, "natural_days"),
    ("noise", "噪音扰民", "difficult", 7, "natural_days"),
    ("cityscape", "市容环境", "worrying", 7, "natural_days"),
    ("environment", "环境保护", "worrying", 7, "natural_days"),
    ("construction", "城乡建设/违建", "worrying", 15, "natural_days"),
    ("public_safety", "公共安全/消防", "urgent", 2, "natural_hours"),
    ("roads", "道路/路面", "difficult", 15, "natural_days"),
    ("drainage", "排水/积水", "urgent", 24, "natural_hours"),
    ("utilities", "公共服务(水电气热)", "urgent", 24, "natural_hours"),
    ("market", "市场管理", "difficult", 7, "natural_days"),
    ("social_order", "社会秩序", "difficult", 7, "natural_days"),
    ("other", "其他", "difficult", 7, "natural_days"),
]


def load_categories(apps, schema_editor):
    Category = apps.get_model("layers", "Category")
    for code, name, sishi_type, amount, base in CATEGORIES:
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "default_sishi_type": sishi_type,
                "time_limit_amount": amount,
                "time_limit_base": base,
            },
        )


def unload_categories(apps, schema_editor):
    Category = apps.get_model("layers", "Category")
    # Categories already used by complaints are protected by their foreign key and stay.
    Category.objects.filter(code__in=[row[0] for row in CATEGORIES], complaints__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("layers", "0002_complaints"),
    ]

    operations = [
        migrations.RunPython(load_categories, unload_categories),
    ]
