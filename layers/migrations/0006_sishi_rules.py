"""Default 四事四办 rules (issue 3, part 6), loaded as data the sub-district edits in the admin.

Sources: the issue's own examples (urgent keywords 燃气, 漏水, 断电, 停水, 火, 坠落; the same
category at the same estate three or more times in 30 days -> 难事 and 回头件; several departments
-> 愁事 with a 吹哨 summons; co-governance requests -> 盼事) and DOMAIN.md's 四事四办 description.
The extra keywords (煤气, 触电, 漏电, 燃气泄漏 ...) are our reading of "risk to life or property"
[U]. "火" alone also matches words such as 火锅; it stays because the issue lists it and a false
急事 costs less than a missed fire; staff override and the reason records why.

Loading is by name and never overwrites: a rule edited in the admin stays as edited.
"""

from django.db import migrations

RULES = [
    {
        "name": "紧急关键词",
        "kind": "keyword",
        "target_type": "urgent",
        "priority": 10,
        "keywords": [
            "燃气",
            "煤气",
            "漏气",
            "漏水",
            "跑水",
            "爆管",
            "断电",
            "停电",
            "停水",
            "火",
            "冒烟",
            "坠落",
            "坠物",
            "触电",
            "漏电",
            "塌陷",
            "倒塌",
            "被困",
        ],
        "note": "急事急办: 危及生命财产安全或水电气热中断, 加急工单, 首接负责。",
    },
    {
        "name": "多部门协同",
        "kind": "multi_department",
        "target_type": "worrying",
        "priority": 20,
        "threshold": 2,
        "keywords": ["多部门", "多个部门", "联合执法", "推诿", "扯皮", "无人管", "没人管", "管不了"],
        "note": "愁事集中力量办: 涉及两个及以上科室时街乡吹哨、部门报到。",
    },
    {
        "name": "回头件",
        "kind": "repeat",
        "target_type": "difficult",
        "priority": 30,
        "threshold": 3,
        "window_days": 30,
        "note": "难事盯办: 同一小区同一类问题30天内3次及以上, 标记回头件, 主要负责人盯办到底。",
    },
    {
        "name": "共商共治诉求",
        "kind": "co_governance",
        "target_type": "hoped",
        "priority": 40,
        "keywords": ["协商", "议事", "共建", "共治", "增设", "加装", "希望", "建议"],
        "note": "盼事共商共治办: 提交协商议事厅, 与居民、驻区单位共同商议。",
    },
]


def load_rules(apps, schema_editor):
    SishiRule = apps.get_model("layers", "SishiRule")
    for rule in RULES:
        SishiRule.objects.get_or_create(name=rule["name"], defaults={k: v for k, v in rule.items() if k != "name"})


def unload_rules(apps, schema_editor):
    apps.get_model("layers", "SishiRule").objects.filter(name__in=[r["name"] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("layers", "0005_case_routing")]

    operations = [migrations.RunPython(load_rules, unload_rules)]
