"""What the map pages say, in Chinese (first) and English.

Kept as a Python dict rather than gettext catalogues: compiled .mo files would need GNU gettext
at set-up, which the Debian base image does not promise, and binaries are not committed. The
language is the one geo_gov/language.py chose (the 中文/EN switch's cookie, else zh-hans).
"""

from layers.models import Role

DEFAULT_LANGUAGE = "zh-hans"

LABELS = {
    "zh-hans": {
        "html_lang": "zh-Hans",
        "title": "五里店街道网格治理地图",
        # Chongqing has a 五里店街道 too: always say which one.
        "place": "北京市丰台区",
        "skip_to_map": "跳到地图",
        "current_user": "当前用户",
        "role": "角色",
        "no_role": "未设置角色",
        "logout": "退出登录",
        "map": "地图",
        "locate_heading": "位置查询",
        "locate_hint": "在地图上单击任一位置，查看该点所在的街道、社区、网格、住宅项目、楼栋和涉军单位。",
        "locate_center": "查询地图中心点",
        "locate_loading": "正在查询…",
        "locate_outside": "该点不在本街道范围内。",
        "locate_unavailable": "位置查询暂时不可用（{status}）。",
        "locate_point": "坐标",
        "notices": "提示",
        "dismiss": "关闭提示",
        "layers_unavailable": "以下图层暂时无法加载：{layers}。地图其余部分仍可使用。",
        "layer_failure": "“{layer}”（{status}）",
        "list_separator": "、",
        "building_title": "{estate}{number}号楼",
        "network_error": "网络错误",
        "legend": "图例",
        "no_base_map": "无底图（离线）",
        "tianditu_vec": "天地图矢量",
        "tianditu_cva": "天地图注记",
        "amap": "高德地图（本图层按 GCJ-02 偏移显示）",
        "layers": {
            "subdistrict": "街道边界",
            "communities": "社区",
            "military-zones": "涉军单位/军产小区",
            "housing-projects": "住宅项目",
            "grid-cells": "单元网格",
            "buildings": "楼栋",
        },
        "legend_items": {
            "subdistrict": "街道边界",
            "communities": "社区边界",
            "military_property_estate": "军产（斜线填充）",
            "grid-cells": "单元网格（第17级起显示编号）",
            "buildings": "楼栋（第17级起显示）",
        },
        "ownership": {"single": "单一产权", "multi": "多产权", "private": "私产"},
        "military_kind": {"unit": "涉军单位", "property": "军产小区"},
        "renovation": {"none": "未纳入", "planned": "已纳入改造", "in_progress": "改造中", "done": "已完成"},
        # Stored values are the Chinese names themselves (HousingProject.HousingType).
        "housing_types": {},
        "fields": {
            "code": "编码",
            "households": "户数",
            "residents": "户籍/常住人口",
            "floating_population": "流动人口",
            "address": "地址",
            "community_name": "所属社区",
            "community": "社区编码",
            "ownership": "产权类型",
            "owner_units": "产权单位",
            "housing_types": "房屋类型",
            "build_year": "建成年份",
            "property_company": "物业服务企业",
            "is_old_estate": "老旧小区",
            "renovation": "综合整治",
            "is_military_property": "军产",
            "estate_name": "住宅项目",
            "number": "楼号",
            "responsible_party": "责任主体",
            "grid_worker": "网格员",
            "kind": "类型",
        },
        "locate_fields": {
            "subdistrict": "街道",
            "community": "社区",
            "grid_cell": "网格",
            "housing_project": "住宅项目",
            "building": "楼栋",
            "military_zone": "涉军单位/军产",
        },
        "yes": "是",
        "no": "否",
        "none": "无",
        "no_property_company": "无（管理缺位）",
        "placeholder_name": "（占位名称）",
    },
    "en": {
        "html_lang": "en",
        "title": "Wulidian Sub-district Grid Governance Map",
        "place": "Fengtai District, Beijing",
        "skip_to_map": "Skip to the map",
        "current_user": "Signed in as",
        "role": "Role",
        "no_role": "No role set",
        "logout": "Log out",
        "map": "Map",
        "locate_heading": "What is here?",
        "locate_hint": (
            "Click anywhere on the map to see the sub-district, community, grid cell, housing project, "
            "building and military zone at that point."
        ),
        "locate_center": "Look up the map centre",
        "locate_loading": "Looking up…",
        "locate_outside": "This point is outside the sub-district.",
        "locate_unavailable": "Location look-up is unavailable for now ({status}).",
        "locate_point": "Point",
        "notices": "Notices",
        "dismiss": "Dismiss notice",
        "layers_unavailable": "Could not load these layers: {layers}. The rest of the map still works.",
        "layer_failure": "“{layer}” ({status})",
        "list_separator": ", ",
        "building_title": "{estate} building {number}",
        "network_error": "network error",
        "legend": "Legend",
        "no_base_map": "No base map (offline)",
        "tianditu_vec": "Tianditu streets",
        "tianditu_cva": "Tianditu labels",
        "amap": "AMap (our layers shifted to GCJ-02 for display)",
        "layers": {
            "subdistrict": "Sub-district boundary",
            "communities": "Communities",
            "military-zones": "Military units / military property",
            "housing-projects": "Housing projects",
            "grid-cells": "Grid cells",
            "buildings": "Buildings",
        },
        "legend_items": {
            "subdistrict": "Sub-district boundary",
            "communities": "Community boundary",
            "military_property_estate": "Military property (hatched)",
            "grid-cells": "Grid cell (codes from zoom 17)",
            "buildings": "Building (from zoom 17)",
        },
        "ownership": {"single": "Single ownership", "multi": "Multiple ownership", "private": "Private"},
        "military_kind": {"unit": "Military unit", "property": "Military-property estate"},
        "renovation": {"none": "Not included", "planned": "Planned", "in_progress": "In progress", "done": "Done"},
        "housing_types": {
            "安置房": "Resettlement housing",
            "回迁房": "Returnee housing",
            "福利房": "Welfare housing",
            "商品房": "Commercial housing",
            "平房区": "Single-storey houses",
        },
        "fields": {
            "code": "Code",
            "households": "Households",
            "residents": "Residents",
            "floating_population": "Floating population",
            "address": "Address",
            "community_name": "Community",
            "community": "Community code",
            "ownership": "Ownership",
            "owner_units": "Owner units",
            "housing_types": "Housing types",
            "build_year": "Built",
            "property_company": "Property company",
            "is_old_estate": "Old estate",
            "renovation": "Renovation",
            "is_military_property": "Military property",
            "estate_name": "Housing project",
            "number": "Building no.",
            "responsible_party": "Responsible party",
            "grid_worker": "Grid worker",
            "kind": "Kind",
        },
        "locate_fields": {
            "subdistrict": "Sub-district",
            "community": "Community",
            "grid_cell": "Grid cell",
            "housing_project": "Housing project",
            "building": "Building",
            "military_zone": "Military zone",
        },
        "yes": "Yes",
        "no": "No",
        "none": "None",
        "no_property_company": "None (no one manages it)",
        "placeholder_name": "(placeholder name)",
    },
}

# Chinese role names come from the model's choices, so they cannot drift apart.
ROLE_LABELS = {
    "zh-hans": dict(Role.choices),
    "en": {
        Role.LEADER: "Sub-district leader",
        Role.DEPARTMENT: "Department staff",
        Role.CADRE: "Community cadre",
        Role.GRID_WORKER: "Grid worker",
        Role.PLANNER: "Planner",
        Role.AGENCY: "District agency (read-only export)",
        Role.ADMIN: "System administrator",
    },
}


def language_of(language_code: str | None) -> str:
    """The LABELS key for a Django language code ("en-us" -> "en"); Chinese when unknown."""
    code = (language_code or "").lower()
    if code in LABELS:
        return code
    return "en" if code.startswith("en") else DEFAULT_LANGUAGE


def labels_for(language_code: str | None) -> dict:
    return LABELS[language_of(language_code)]


def role_label(role: str, language_code: str | None) -> str:
    return ROLE_LABELS[language_of(language_code)].get(role, role)
