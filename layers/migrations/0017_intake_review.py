"""Every 12345 ticket lands (issue 15): the mapping table of 12345 category names, and what a case
keeps when its input was doubtful.

- CategoryMapping (12345分类映射): a name the 12345 centre uses → our category, edited in the admin.
  It replaces Category.catalogue_names (one place, not two): names stored there are copied over
  before the field goes.
- Seeded with the common 12345 category names a Beijing dispatch sheet carries (the leaf names of
  the city's 问题分类 such as 房屋修缮, 停车管理, 噪声扰民), each mapped to one of the 15 categories
  of migration 0003. No 12345 catalogue *codes* are invented: the catalogue is not public, so only
  names seen on sheets are seeded, and only where the category is plain from the words. Where the
  choice is ours (路灯, 绿化, 占道经营, 电梯) the row says so in its note, and staff change it in the admin.
  Loading is by name and never overwrites a row staff edited.
- Complaint.source_category (the category as the channel named it), review_items (what is to be
  checked, by kind) and due_set_by_centre (the 12345 centre set due_at); description, address,
  name and phone become text, so a long ticket is kept whole (varchar → text is no table rewrite
  in PostgreSQL).
- The mapping table joins the reference data whose writes bump layers_reference_version
  (migration 0010), so every worker's category cache sees a mapping edit within a second.
"""

import django.db.models.deletion
from django.db import migrations, models

# 12345 name → (our category code from migration 0003, note when the choice is ours)
SEED = {
    "房屋修缮": ("housing_repair", ""),
    "房屋漏雨": ("housing_repair", ""),
    "漏雨": ("housing_repair", ""),
    "屋顶漏雨": ("housing_repair", ""),
    "房屋渗漏": ("housing_repair", ""),
    "停车管理": ("parking_traffic", ""),
    "私装地锁": ("parking_traffic", ""),
    "乱停乱放": ("parking_traffic", ""),
    "交通管理": ("parking_traffic", ""),
    "噪声扰民": ("noise", ""),
    "施工噪音": ("noise", ""),
    "施工噪声": ("noise", ""),
    "社会生活噪声": ("noise", ""),
    "供暖": ("heating", ""),
    "供热": ("heating", ""),
    "暖气不热": ("heating", ""),
    "物业服务": ("property", ""),
    "物业管理": ("property", ""),
    "电梯": ("property", "老旧小区电梯多由物业或产权单位维保；特种设备安全问题请改为公共安全/消防"),
    "垃圾清运": ("cityscape", ""),
    "环境卫生": ("cityscape", ""),
    "市容环境": ("cityscape", ""),
    "绿化": ("cityscape", "园林绿化按市容环境办理（街道分类口径）"),
    "园林绿化": ("cityscape", "园林绿化按市容环境办理（街道分类口径）"),
    "占道经营": ("cityscape", "占道经营按城管市容办理，而非市场监管"),
    "私搭乱建": ("construction", ""),
    "违法建设": ("construction", ""),
    "违章建筑": ("construction", ""),
    "道路破损": ("roads", ""),
    "路面坑洼": ("roads", ""),
    "路灯": ("roads", "路灯按道路设施办理（街道分类口径）"),
    "积水": ("drainage", ""),
    "道路积水": ("drainage", ""),
    "排水": ("drainage", ""),
    "下水道堵塞": ("drainage", ""),
    "消防通道": ("public_safety", ""),
    "消防安全": ("public_safety", ""),
    "供水": ("utilities", ""),
    "停水": ("utilities", ""),
    "停电": ("utilities", ""),
    "供电": ("utilities", ""),
    "燃气": ("utilities", ""),
    "大气污染": ("environment", ""),
    "餐饮油烟": ("environment", ""),
    "群租房": ("social_order", ""),
}


def copy_and_seed(apps, schema_editor):
    Category = apps.get_model("layers", "Category")
    Mapping = apps.get_model("layers", "CategoryMapping")
    for category in Category.objects.exclude(catalogue_names=[]):
        for name in category.catalogue_names:
            if name.strip():
                Mapping.objects.get_or_create(name=name.strip(), defaults={"category": category})
    by_code = {c.code: c for c in Category.objects.all()}
    for name, (code, note) in SEED.items():
        # A category deleted or renamed by the sub-district simply gets no seeded names.
        if code in by_code:
            Mapping.objects.get_or_create(name=name, defaults={"category": by_code[code], "note": note})


def copy_back(apps, schema_editor):
    Mapping = apps.get_model("layers", "CategoryMapping")
    for mapping in Mapping.objects.exclude(name__in=SEED).select_related("category"):
        category = mapping.category
        category.catalogue_names = [*category.catalogue_names, mapping.name]
        category.save(update_fields=["catalogue_names"])


VERSION_TRIGGER = (
    "CREATE TRIGGER layers_categorymapping_reference_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
    " ON layers_categorymapping FOR EACH STATEMENT EXECUTE FUNCTION layers_reference_bump();"
)
# Cases already waiting for review were put there by the address matcher, the only reason until now.
BACKFILL_REVIEW_ITEMS = """
UPDATE layers_complaint
SET review_items = jsonb_build_array(jsonb_build_object('code', 'address', 'reason', review_reason))
WHERE needs_review
"""
DROP_VERSION_TRIGGER = "DROP TRIGGER IF EXISTS layers_categorymapping_reference_version ON layers_categorymapping;"


class Migration(migrations.Migration):
    dependencies = [("layers", "0016_english_names")]

    operations = [
        migrations.CreateModel(
            name="CategoryMapping",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="12345分类名称")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="备注")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="mappings",
                        to="layers.category",
                        verbose_name="对应分类",
                    ),
                ),
            ],
            options={"verbose_name": "12345分类映射", "verbose_name_plural": "12345分类映射", "ordering": ["name"]},
        ),
        migrations.RunPython(copy_and_seed, copy_back),
        migrations.RemoveField(model_name="category", name="catalogue_names"),
        migrations.RunSQL(VERSION_TRIGGER, DROP_VERSION_TRIGGER),
        migrations.AddField(
            model_name="complaint",
            name="due_set_by_centre",
            field=models.BooleanField(default=False, verbose_name="时限由12345中心设定"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="review_items",
            field=models.JSONField(blank=True, default=list, verbose_name="待核定事项"),
        ),
        migrations.RunSQL(BACKFILL_REVIEW_ITEMS, migrations.RunSQL.noop),
        migrations.AddField(
            model_name="complaint",
            name="source_category",
            field=models.TextField(blank=True, verbose_name="来源分类（原文）"),
        ),
        migrations.AlterField(
            model_name="complaint", name="address", field=models.TextField(blank=True, verbose_name="诉求地址")
        ),
        migrations.AlterField(
            model_name="complaint", name="complainant_name", field=models.TextField(blank=True, verbose_name="诉求人")
        ),
        migrations.AlterField(
            model_name="complaint",
            name="complainant_phone",
            field=models.TextField(blank=True, verbose_name="联系电话"),
        ),
        migrations.AlterField(
            model_name="complaint", name="description", field=models.TextField(verbose_name="诉求内容")
        ),
    ]
