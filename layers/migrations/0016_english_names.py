"""English names beside the Chinese ones of categories and departments, shown in English mode.

The 15 categories loaded by 0003 get their English names here (until now a dictionary in the mobile
page's code). Filling is by code and only where the English name is empty: a name edited in the admin
stays as edited, and a re-run changes nothing. Departments are the sub-district's own list (the demo
fills its four); a department without an English name shows its Chinese name in both languages.
"""

from django.db import migrations, models

CATEGORY_NAMES_EN = {
    "property": "Property management",
    "housing_repair": "Housing repair / roof leaks",
    "heating": "Heating",
    "parking_traffic": "Parking / traffic",
    "noise": "Noise",
    "cityscape": "Street scene",
    "environment": "Environment",
    "construction": "Construction / illegal building",
    "public_safety": "Public safety / fire",
    "roads": "Roads / surfaces",
    "drainage": "Drainage / waterlogging",
    "utilities": "Utilities (water, power, gas, heat)",
    "market": "Markets",
    "social_order": "Public order",
    "other": "Other",
}


def fill_category_names(apps, schema_editor):
    Category = apps.get_model("layers", "Category")
    for code, name_en in CATEGORY_NAMES_EN.items():
        Category.objects.filter(code=code, name_en="").update(name_en=name_en)


class Migration(migrations.Migration):
    dependencies = [
        ("layers", "0015_notifications"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="name_en",
            field=models.CharField(blank=True, max_length=64, verbose_name="英文名称"),
        ),
        migrations.AddField(
            model_name="department",
            name="name_en",
            field=models.CharField(blank=True, max_length=64, verbose_name="英文名称"),
        ),
        # Going back drops the columns, and the names with them.
        migrations.RunPython(fill_category_names, migrations.RunPython.noop),
    ]
