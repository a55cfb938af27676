"""Strings only the pages' scripts (map_ui/static/map_ui/**) show, handed to them in each page's
json_script config as `labels`, in the request's language.

Temporary: once the scripts read their strings from Django's JavaScript catalogue (djangojs), this
module goes. Until then each function below returns exactly the keys its scripts read, grouped by
page. Placeholders are {name}, filled by the scripts' own format(); the page templates translate
their own strings with {% translate %}.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from layers.models import HousingProject, MilitaryZone
from map_ui.templatetags.map_ui_i18n import html_lang


def layer_names() -> dict:
    """The map layers by API id, as the layer control and the legend name them."""
    return {
        "subdistrict": _("街道边界"),
        "communities": pgettext("plural", "社区"),
        "military-zones": _("涉军单位/军产小区"),
        "housing-projects": pgettext("plural", "住宅项目"),
        "grid-cells": _("单元网格"),
        "buildings": pgettext("plural", "楼栋"),
    }


def ownership_names() -> dict:
    return {value: str(label) for value, label in HousingProject.Ownership.choices}


def _feature_fields() -> dict:
    # Popup field names by property (layers/popups.js).
    return {
        "code": _("编码"),
        "households": _("户数"),
        "residents": _("户籍/常住人口"),
        "floating_population": _("流动人口"),
        "address": _("地址"),
        "community_name": _("所属社区"),
        "community": _("社区编码"),
        "ownership": _("产权类型"),
        "owner_units": _("产权单位"),
        "housing_types": _("房屋类型"),
        "build_year": _("建成年份"),
        "property_company": _("物业服务企业"),
        "is_old_estate": _("老旧小区"),
        "renovation": _("综合整治"),
        "is_military_property": _("军产"),
        "estate_name": _("住宅项目"),
        "number": _("楼号"),
        "responsible_party": _("责任主体"),
        "grid_worker": _("网格员"),
        "kind": _("类型"),
    }


def _layer_kit() -> dict:
    # layers/*.js: loading, the legend, popups and the locate panel, on every map page that draws them.
    return {
        "html_lang": html_lang(),
        "locate_loading": _("正在查询…"),
        "locate_outside": _("该点不在本街道范围内。"),
        "locate_unavailable": _("位置查询暂时不可用（{status}）。"),
        "locate_point": _("坐标"),
        "dismiss": _("关闭提示"),
        "layers_unavailable": _("以下图层暂时无法加载：{layers}。地图其余部分仍可使用。"),
        "layer_failure": _("“{layer}”（{status}）"),
        "list_separator": _("、"),
        "building_title": _("{estate}{number}号楼"),
        "network_error": _("网络错误"),
        "legend": _("图例"),
        "no_base_map": _("无底图（离线）"),
        # TileLayerRef.label_key names one of these three.
        "tianditu_vec": _("天地图矢量"),
        "tianditu_cva": _("天地图注记"),
        "amap": _("高德地图（本图层按 GCJ-02 偏移显示）"),
        "layers": layer_names(),
        "legend_items": {
            "subdistrict": _("街道边界"),
            "communities": _("社区边界"),
            "military_property_estate": _("军产（斜线填充）"),
            "grid-cells": _("单元网格（第17级起显示编号）"),
            "buildings": _("楼栋（第17级起显示）"),
        },
        "ownership": ownership_names(),
        "military_kind": {value: str(label) for value, label in MilitaryZone.Kind.choices},
        "renovation": {value: str(label) for value, label in HousingProject.Renovation.choices},
        # Stored values are the Chinese names themselves: value -> its name in the reader's language.
        "housing_types": {value: str(label) for value, label in HousingProject.HousingType.choices},
        "fields": _feature_fields(),
        "locate_fields": {
            "subdistrict": _("街道"),
            "community": _("社区"),
            "grid_cell": _("网格"),
            "housing_project": _("住宅项目"),
            "building": _("楼栋"),
            "military_zone": _("涉军单位/军产"),
        },
        "yes": _("是"),
        "no": _("否"),
        "none": _("无"),
        "no_property_company": _("无（管理缺位）"),
        "placeholder_name": _("（占位名称）"),
    }


def _dashboard() -> dict:
    # dashboard/*.js: cards, legends, overlays, the unit panel.
    return {
        "no_value": "—",
        "choropleth_rate": _("诉求率（每千户）"),
        "choropleth_score": pgettext("choropleth", "三率综合得分"),
        "choropleth_missing": _("无数据或样本不足"),
        "heat_legend": _("诉求热力（件/平方公里，最高 {max}）"),
        "hotspot_legend": _("热点分析（Gi*，FDR 校正）"),
        "hotspot_summary": _("{units} 个网格中：热点 {hot} 个，冷点 {cold} 个"),
        "overlays": {"heat": _("诉求热力图"), "hotspots": _("热点/冷点网格"), "topics": _("协商议事议题")},
        "hotspot_classes": {
            "hot_99": _("热点 99%"),
            "hot_95": _("热点 95%"),
            "hot_90": _("热点 90%"),
            "cold_90": _("冷点 90%"),
            "cold_95": _("冷点 95%"),
            "cold_99": _("冷点 99%"),
        },
        "stats_unavailable": _("以下统计暂时无法加载：{items}。"),
        # Names inside that sentence (lower case in English).
        "stats_items": {
            "summary": pgettext("failed figures", "概况"),
            "communities": pgettext("failed figures", "社区着色"),
            "heat": pgettext("failed figures", "热力图"),
            "hotspots": pgettext("failed figures", "热点分析"),
            "topics": pgettext("failed figures", "议题"),
            "unit": pgettext("failed figures", "诉求列表"),
        },
        "unit_heading": _("{name} 的诉求"),
        "unit_total": _("筛选范围内共 {total} 件，显示最新 {shown} 件"),
        "unit_trend": _("每周诉求量（{first} 起 {weeks} 周，最近一周 {last} 件，最多 {max} 件）"),
        "unit_empty": _("筛选范围内没有诉求。"),
        "unit_loading": _("正在加载…"),
        "unit_switch_estate": _("看住宅项目"),
        "unit_switch_cell": _("看网格"),
        "unit_close": _("关闭"),
        "overdue": _("超期"),
        "complainant": _("诉求人"),
        "topic_open": _("查看议题"),
        "topic_complaints": _("关联诉求 {n} 件，会议 {m} 次"),
    }


def dashboard_labels() -> dict:
    """config.labels of the leaders' dashboard (map-config): the layer kit, and `dash` for dashboard/*.js."""
    return {**_layer_kit(), "dash": _dashboard()}


def mobile_labels() -> dict:
    """config.labels of the grid workers' phone page (mobile-config), for mobile/*.js."""
    return {
        "html_lang": html_lang(),
        "online": _("在线"),
        "offline": _("离线"),
        "outbox": _("待发送 {count} 条"),
        "outbox_empty": _("全部已发送"),
        "route_loading": _("正在加载巡查路线…"),
        "route_summary": _("{date}：{stops}个站点，步行约{length}米，预计{minutes}分钟（出发点即返回点）"),
        "route_empty": _("{date}：今日无须巡查的站点。"),
        "route_none": _("未分配网格，没有巡查路线。"),
        "route_failed": _("巡查路线暂时无法加载（{status}）。"),
        "route_offline": _("离线：显示的是上次联网时保存的路线。"),
        "route_dropped": _("超出时间预算、今日未安排：{names}"),
        "route_visits": _("每周{count}次"),
        "cases_loading": _("正在加载…"),
        "cases_empty": _("暂无未办结的诉求。"),
        "cases_offline": _("离线：显示的是上次联网时的数据。"),
        "cases_failed": _("诉求列表暂时无法加载（{status}）。"),
        "pending": _("待发送"),
        "pending_failed": _("发送失败：{reason}"),
        "discard": _("放弃此条"),
        "time_left": _("剩余 {time}"),
        "overdue": _("已超时 {time}"),
        "no_deadline": _("无时限"),
        "days_hours": _("{days}天{hours}小时"),
        "hours_minutes": _("{hours}小时{minutes}分"),
        "location": _("位置"),
        "gps_locating": _("正在定位…"),
        "gps_failed": _("无法获取GPS位置：{reason}。请在地图上点选位置。"),
        "accuracy": _("精度约 ±{metres} 米"),
        "source_gps": _("GPS定位"),
        "source_map": _("地图选点"),
        "coordinates": _("坐标"),
        "community": _("社区"),
        "grid_cell": _("网格"),
        "housing_project": _("住宅项目"),
        "none": _("无"),
        "outside": _("该点不在本街道范围内，提交后将作为非本辖区诉求退回。"),
        "locate_offline": _("离线：所属社区、网格将在发送后由服务器确定。"),
        "locate_offline_cell": _("离线：按本机保存的网格判断，位于我的网格 {code}。"),
        "locate_failed": _("位置查询暂时不可用（{status}）。"),
        "near_boundary": _("注意：该点距边界不足 {metres} 米，请核对所属区域："),
        "near_item_inside": _("{layer} {name}（所在）边界 {distance} 米"),
        "near_item_outside": _("{layer} {name}（相邻）边界 {distance} 米"),
        "category": _("问题分类"),
        "description": _("问题描述"),
        "photos": _("照片（最多3张）"),
        "photos_too_many": _("最多只能上传3张照片，已保留前3张。"),
        "photo_failed": _("照片无法读取：{name}"),
        "saved_online": _("已提交。"),
        "saved_offline": _("已保存在本机，联网后自动发送。"),
        "required": _("请填写：{fields}"),
        "case_not_found": _("未找到该诉求，或您无权查看。"),
        "case_failed": _("诉求暂时无法加载（{status}）。"),
        "status": _("状态"),
        "received_at": _("接诉时间"),
        "due_at": _("办理时限"),
        "actions": _("处理"),
        "note": _("处理说明"),
        "action_photo": _("现场/办结照片（1张）"),
        # The grid worker's buttons, by the status they move a case to (cases.js).
        "to_responded": _("已响应"),
        "to_in_progress": _("开始办理"),
        "to_resolved": _("已办结"),
        "no_actions": _("当前状态下无需网格员操作。"),
        "action_saved": _("已保存，联网后自动发送。"),
        "action_sent": _("已更新。"),
        "login_again": _("登录已过期，请重新登录后自动发送。"),
        "network_error": _("网络错误"),
        "list_separator": _("、"),
        "layer_names": {"community": _("社区"), "grid_cell": _("网格"), "housing_project": _("住宅项目")},
    }


def planner_labels(category_names: dict) -> dict:
    """config.labels of the planners' pages (planner-config), for planner/*.js; category_names maps a
    category code to its English name in English mode (empty otherwise: the API's names are Chinese)."""
    return {
        "html_lang": html_lang(),
        "loading": _("正在加载…"),
        "load_failed": _("数据暂时无法加载（{status}）。"),
        "context_failed": _("社区边界暂时无法加载（{status}），规划数据不受影响。"),
        "network_error": _("网络错误"),
        "no_results": _("本期没有符合条件的住宅项目。"),
        "bad_period": _("日期无效：{field} 应为 YYYY-MM-DD 格式的日期，且开始日期不晚于结束日期。已改用默认统计期。"),
        "table_caption": _("住宅项目改造得分（{start} 至 {end}）"),
        "select_estate": _("选择 {name}"),
        "score": _("得分"),
        "show_on_map": _("在地图上显示 {name}"),
        "selected_count": _("已选 {count} 个住宅项目"),
        "export_none": _("请先勾选要导出的住宅项目。"),
        "export_failed": _("导出失败（{status}）。"),
        "score_legend": _("改造得分"),
        "legend_range": "{low}–{high}",
        "built": _("{build_year}年建成"),
        "property_company": _("物业：{name}"),
        "no_property_company": _("无物业（管理缺位）"),
        "packages_caption": _("成片改造包（{start} 至 {end}）"),
        "package_rank": _("第 {rank} 包"),
        "show_package": _("在地图上显示第 {rank} 包"),
        "all_categories": _("全部类别（逐类）"),
        "categories_together": _("各类合计"),
        # The before/after bars, by kind (before_after.js).
        "before": _("改造前"),
        "after": _("改造后"),
        "change": _("变化"),
        "significant_yes": _("是"),
        "significant_no": _("否"),
        "no_control": _("无对照"),
        "with_p": _("{answer}（{p}）"),
        "no_renovated": _("暂无已完成改造且有日期的小区。"),
        "change_legend": _("改造后变化（各类合计）"),
        # The map legend's classes, by the change's kind (before_after.js).
        "change_down": _("显著下降"),
        "change_up": _("显著上升"),
        "change_none": _("无显著变化"),
        "none": _("无"),
        "list_separator": _("、"),
        "ownership": ownership_names(),
        "category_names": category_names,
    }
