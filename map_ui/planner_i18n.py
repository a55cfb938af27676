"""What the planners' pages (/planner/) say, in Chinese (first) and English.

Kept apart from map_ui/i18n.py (the dashboard's words) so the pages can change alone; the
language choice is shared (map_ui.i18n.language_of). The pages' scripts get these labels too.
"""

from map_ui.i18n import LABELS, language_of
from map_ui.mobile_i18n import CATEGORY_NAMES_EN

# Score components in the order the table shows them; keys are settings.RENOVATION_WEIGHTS'.
COMPONENTS = ["infra_rate", "trend", "repeat", "unresolved", "age", "ownership", "no_management"]

PLANNER_LABELS = {
    "zh-hans": {
        "html_lang": "zh-Hans",
        "app_name": "老旧小区改造规划",
        "place": "北京市丰台区五里店街道",
        "skip_to_content": "跳到主要内容",
        "current_user": "当前用户",
        "role": "角色",
        "logout": "退出登录",
        "nav_label": "规划页面",
        "back_to_map": "返回地图",
        "pages": {
            "ranking": "改造候选排名",
            "packages": "成片改造包",
            "before_after": "改造前后对比",
            "patrols": "巡查路线",
        },
        "map": "地图",
        "notices": "提示",
        "legend": "图例",
        "loading": "正在加载…",
        "load_failed": "数据暂时无法加载（{status}）。",
        "context_failed": "社区边界暂时无法加载（{status}），规划数据不受影响。",
        "network_error": "网络错误",
        "no_results": "本期没有符合条件的住宅项目。",
        "period": "统计期",
        "start": "开始日期",
        "end": "结束日期",
        "apply": "查询",
        "bad_period": "日期无效：{field} 应为 YYYY-MM-DD 格式的日期，且开始日期不晚于结束日期。已改用默认统计期。",
        "ranking_intro": (
            "按投诉证据对住宅项目打分：每一分项为 0–1，得分为各分项的加权和。"
            "点击表格中的小区名称可在地图上定位；点击地图上的小区可在表格中找到它。"
        ),
        "weights": "权重：",
        "table_caption": "住宅项目改造得分（{start} 至 {end}）",
        "select": "选择",
        "select_all": "全选",
        "select_estate": "选择 {name}",
        "rank": "排名",
        "estate": "住宅项目",
        "community": "社区",
        "households": "户数",
        "infra_count": "基础设施诉求",
        "infra_per_100": "每百户诉求",
        "score": "得分",
        "components": {
            "infra_rate": "每百户诉求",
            "trend": "趋势",
            "repeat": "回头件",
            "unresolved": "未办结",
            "age": "房龄",
            "ownership": "产权复杂",
            "no_management": "物业缺位",
        },
        "show_on_map": "在地图上显示 {name}",
        "selected_count": "已选 {count} 个住宅项目",
        "export_format": "导出格式",
        "gpkg": "GeoPackage（.gpkg）",
        "xlsx": "Excel（.xlsx）",
        "export": "导出所选",
        "export_none": "请先勾选要导出的住宅项目。",
        "export_failed": "导出失败（{status}）。",
        "score_legend": "改造得分",
        "legend_range": "{low}–{high}",
        "built": "{build_year}年建成",
        "property_company": "物业：{name}",
        "no_property_company": "无物业（管理缺位）",
        "packages_intro": (
            "把相邻的候选小区组成改造包（成片改造）：包内任意两个小区的边界距离不超过设定距离，"
            "且不超过小区数和户数上限；按覆盖的投诉证据排序。"
        ),
        "parameters": "参数",
        "max_distance_m": "最大间距（米）",
        "max_estates": "每包最多小区数",
        "max_households": "每包最多户数",
        "packages_caption": "成片改造包（{start} 至 {end}）",
        "package": "改造包",
        "package_rank": "第 {rank} 包",
        "estates": "住宅项目",
        "infra_share": "占本期基础设施诉求",
        "show_package": "在地图上显示第 {rank} 包",
        "before_after_intro": (
            "已完成改造的小区：改造前后每百户每年诉求量（按类别），变化幅度，以及变化是否超出偶然波动（p < 0.05）。"
        ),
        "category": "类别",
        "all_categories": "全部类别（逐类）",
        "categories_together": "各类合计",
        "renovation_period": "改造期",
        "before": "改造前",
        "after": "改造后",
        "before_count": "改造前诉求",
        "after_count": "改造后诉求",
        "chart": "对比（每百户每年）",
        "change": "变化",
        "p_value": "p 值",
        "significant": "显著",
        "significant_yes": "是",
        "significant_no": "否",
        "adjusted_change": "扣除对照后变化",
        "adjusted_significant": "扣除对照后显著",
        "no_control": "无对照",
        "with_p": "{answer}（{p}）",
        "no_renovated": "暂无已完成改造且有日期的小区。",
        "before_after_caption": "改造前后诉求密度",
        "change_legend": "改造后变化（各类合计）",
        "change_down": "显著下降",
        "change_up": "显著上升",
        "change_none": "无显著变化",
        "days": "{days} 天",
        "none": "无",
        "list_separator": "、",
    },
    "en": {
        "html_lang": "en",
        "app_name": "Old-estate renovation planning",
        "place": "Wulidian Sub-district, Fengtai District, Beijing",
        "skip_to_content": "Skip to the main content",
        "current_user": "Signed in as",
        "role": "Role",
        "logout": "Log out",
        "nav_label": "Planning pages",
        "back_to_map": "Back to the map",
        "pages": {
            "ranking": "Renovation ranking",
            "packages": "Renovation packages",
            "before_after": "Before and after",
            "patrols": "Patrol routes",
        },
        "map": "Map",
        "notices": "Notices",
        "legend": "Legend",
        "loading": "Loading…",
        "load_failed": "Could not load the data ({status}).",
        "context_failed": "Could not load the community boundaries ({status}); the planning data is unaffected.",
        "network_error": "network error",
        "no_results": "No housing projects for this period.",
        "period": "Period",
        "start": "From",
        "end": "To",
        "apply": "Show",
        "bad_period": (
            "Invalid date: {field} must be a YYYY-MM-DD date, and the start no later than the end. "
            "The default period is shown instead."
        ),
        "ranking_intro": (
            "Housing projects scored on complaint evidence: each component runs 0–1 and the score is their "
            "weighted sum. Click an estate's name to find it on the map; click an estate on the map to find "
            "its row."
        ),
        "weights": "Weights: ",
        "table_caption": "Renovation scores ({start} to {end})",
        "select": "Select",
        "select_all": "Select all",
        "select_estate": "Select {name}",
        "rank": "Rank",
        "estate": "Housing project",
        "community": "Community",
        "households": "Households",
        "infra_count": "Infrastructure complaints",
        "infra_per_100": "Per 100 households",
        "score": "Score",
        "components": {
            "infra_rate": "Per 100 households",
            "trend": "Trend",
            "repeat": "Repeat cases",
            "unresolved": "Unresolved",
            "age": "Building age",
            "ownership": "Ownership",
            "no_management": "No management",
        },
        "show_on_map": "Show {name} on the map",
        "selected_count": "{count} housing projects selected",
        "export_format": "Export format",
        "gpkg": "GeoPackage (.gpkg)",
        "xlsx": "Excel (.xlsx)",
        "export": "Export selection",
        "export_none": "Tick the housing projects to export first.",
        "export_failed": "Export failed ({status}).",
        "score_legend": "Renovation score",
        "legend_range": "{low}–{high}",
        "built": "built {build_year}",
        "property_company": "Property company: {name}",
        "no_property_company": "No property company",
        "packages_intro": (
            "Neighbouring candidates grouped into renovation packages, done together: every two estates in a "
            "package lie within the set distance (edge to edge), within the caps on estates and households; "
            "packages are ranked by the evidence they cover."
        ),
        "parameters": "Parameters",
        "max_distance_m": "Largest distance (m)",
        "max_estates": "Most estates per package",
        "max_households": "Most households per package",
        "packages_caption": "Renovation packages ({start} to {end})",
        "package": "Package",
        "package_rank": "Package {rank}",
        "estates": "Housing projects",
        "infra_share": "Share of all infrastructure complaints in the period",
        "show_package": "Show package {rank} on the map",
        "before_after_intro": (
            "Renovated estates: complaints per 100 households per year before and after the works, by "
            "category, the change, and whether it is beyond chance (p < 0.05). The control is the same "
            "category in the same windows on estates never worked on: the change beyond it leaves out "
            "the seasons and other shared causes."
        ),
        "category": "Category",
        "all_categories": "All categories (one by one)",
        "categories_together": "Categories together",
        "renovation_period": "Works",
        "before": "Before",
        "after": "After",
        "before_count": "Complaints before",
        "after_count": "Complaints after",
        "chart": "Comparison (per 100 households a year)",
        "change": "Change",
        "p_value": "p-value",
        "significant": "Significant",
        "significant_yes": "Yes",
        "significant_no": "No",
        "adjusted_change": "Change beyond the control",
        "adjusted_significant": "Significant beyond the control",
        "no_control": "No control",
        "with_p": "{answer} ({p})",
        "no_renovated": "No renovated estates with works dates yet.",
        "before_after_caption": "Complaint density before and after the works",
        "change_legend": "Change after the works (categories together)",
        "change_down": "Significant fall",
        "change_up": "Significant rise",
        "change_none": "No significant change",
        "days": "{days} days",
        "none": "None",
        "list_separator": ", ",
    },
}


def planner_labels(language_code: str | None) -> dict:
    """The planners' pages' words in the request's language, with the dashboard's ownership names and
    the mobile page's English category names (the category table holds Chinese names only)."""
    language = language_of(language_code)
    categories = CATEGORY_NAMES_EN if language == "en" else {}
    return {**PLANNER_LABELS[language], "ownership": LABELS[language]["ownership"], "category_names": categories}
