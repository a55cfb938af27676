"""What each importable layer's file must carry, and the names agencies give those fields.

Field names in files are at most 10 bytes (dBase). Agencies hand over files with Chinese or
truncated names; ALIASES maps them to ours, and `import_layer --map 源字段=field` adds more.
Multi-valued fields (aliases, owner units, housing types) are separated by ';' (or '；', '、').
Dates (reno_start, reno_end: the renovation works) are a dBase date or text such as 2026-05-04,
2026/5/4 or 2026年5月4日.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class LayerSpec:
    name: str  # the LAYER argument of import_layer
    required: tuple[str, ...]
    optional: tuple[str, ...]


LAYERS = {
    spec.name: spec
    for spec in (
        LayerSpec("subdistrict", ("code", "name"), ()),
        LayerSpec(
            "communities",
            ("code", "name"),
            ("households", "residents", "floating", "placeholdr", "dept"),
        ),
        LayerSpec(
            "housing-projects",
            ("code", "name", "community", "ownership"),
            (
                "aliases",
                "address",
                "owners",
                "htypes",
                "build_year",
                "households",
                "prop_co",
                "old_estate",
                "renovation",
                "reno_start",
                "reno_end",
                "military",
                "placeholdr",
            ),
        ),
        LayerSpec("buildings", ("code", "estate", "number"), ("owners", "households")),
        LayerSpec("military-zones", ("code", "name", "kind"), ("placeholdr",)),
        LayerSpec("grid-cells", ("code", "community"), ("resp_party",)),
    )
}

# Common names in agency files (Chinese, or English truncated to 10 bytes) -> our field.
ALIASES = {
    "编码": "code",
    "代码": "code",
    "网格编码": "code",
    "名称": "name",
    "社区名称": "name",
    "小区名称": "name",
    "户数": "households",
    "人口": "residents",
    "常住人口": "residents",
    "流动人口": "floating",
    "floating_p": "floating",
    "社区": "community",
    "社区编码": "community",
    "community_": "community",
    "产权类型": "ownership",
    "产权单位": "owners",
    "owner_unit": "owners",
    "房屋类型": "htypes",
    "housing_ty": "htypes",
    "建成年份": "build_year",
    "物业": "prop_co",
    "物业公司": "prop_co",
    "property_c": "prop_co",
    "老旧小区": "old_estate",
    "综合整治": "renovation",
    "改造开工日期": "reno_start",
    "开工日期": "reno_start",
    "改造完工日期": "reno_end",
    "完工日期": "reno_end",
    "军产": "military",
    "别名": "aliases",
    "地址": "address",
    "小区编码": "estate",
    "楼号": "number",
    "类型": "kind",
    "责任主体": "resp_party",
    "responsibl": "resp_party",
}

# Values agencies write for enumerations -> our stored value.
OWNERSHIP_VALUES = {
    "single": "single",
    "单一产权": "single",
    "单一": "single",
    "multi": "multi",
    "多产权": "multi",
    "多": "multi",
    "private": "private",
    "私产": "private",
}
MILITARY_KIND_VALUES = {
    "unit": "unit",
    "涉军单位": "unit",
    "property": "property",
    "军产小区": "property",
    "军产": "property",
}
RENOVATION_VALUES = {
    "": "none",
    "none": "none",
    "未纳入": "none",
    "planned": "planned",
    "已纳入改造": "planned",
    "in_progress": "in_progress",
    "改造中": "in_progress",
    "done": "done",
    "已完成": "done",
}
