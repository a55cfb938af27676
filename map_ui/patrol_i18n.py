"""What the printable patrol page says, Chinese first and English (the map_ui/i18n.py pattern)."""

from map_ui.i18n import language_of

LABELS = {
    "zh-hans": {
        "html_lang": "zh-Hans",
        "title": "网格员巡查路线",
        "place": "北京市丰台区五里店街道",
        "date": "日期",
        "show": "查看",
        "print": "打印",
        "back_to_map": "返回地图",
        "planner_pages": "改造规划",
        "worker": "网格员",
        "community": "社区",
        "all_communities": "全部社区",
        "stops": "站点",
        "length": "步行距离",
        "minutes": "预计用时",
        "metres": "米",
        "minute_unit": "分钟",
        "order": "顺序",
        "kind": "类型",
        "name": "名称",
        "reason": "巡查原因",
        "visits": "每周次数",
        "kinds": {"cell": "热点网格", "estate": "重点小区"},
        "dropped": "超出时间预算、今日未安排",
        "no_stops": "今日无须巡查的站点。",
        "no_plans": "没有可显示的巡查计划（所选范围内没有分配了网格的网格员）。",
        "map_title": "{name}的巡查路线，{count}个站点",
        "legend": "■ 出发/返回点（所辖网格的中心）　● 红：热点网格　● 棕：重点小区　虚线：步行顺序",
        "method": (
            "巡查频次按近{days}天的热点强度（Gi*，FDR校正）：99%置信每天，95%每周3次，90%每周1次；"
            "有超期未办结诉求的小区每周3次，回头件≥2件的小区每周1次。路线为直线距离下的短巡回路线"
            "（暂无道路图层），步行{speed:g}米/分钟、每站{per_stop:g}分钟，总用时不超过{budget:g}分钟，"
            "超出时按优先级从低到高删去站点。"
        ),
        "bad_date": "日期有误：{error}",
    },
    "en": {
        "html_lang": "en",
        "title": "Grid workers' patrol routes",
        "place": "Wulidian sub-district, Fengtai, Beijing",
        "date": "Date",
        "show": "Show",
        "print": "Print",
        "back_to_map": "Back to the map",
        "planner_pages": "Renovation planning",
        "worker": "Grid worker",
        "community": "Community",
        "all_communities": "All communities",
        "stops": "Stops",
        "length": "Walk",
        "minutes": "Time",
        "metres": "m",
        "minute_unit": "min",
        "order": "#",
        "kind": "Kind",
        "name": "Name",
        "reason": "Why",
        "visits": "Visits / week",
        "kinds": {"cell": "Hot-spot cell", "estate": "Flagged estate"},
        "dropped": "Over the time budget, not scheduled today",
        "no_stops": "No stops due today.",
        "no_plans": "No patrol plans to show (no grid worker with cells in the chosen scope).",
        "map_title": "Patrol route of {name}, {count} stops",
        "legend": "■ start and end (centre of the worker's cells)  ● red: hot-spot cell  ● brown: flagged estate  "
        "dashed: walking order",
        "method": (
            "Visits follow the hotspot strength over the last {days} days (Gi*, FDR-adjusted): 99 % daily, "
            "95 % three times a week, 90 % weekly; estates with overdue open cases three times a week, with two or "
            "more repeat cases weekly. Routes are short tours over straight-line distances (no road layer yet) at "
            "{speed:g} m/min and {per_stop:g} min per stop, within {budget:g} minutes; over budget, the "
            "lowest-priority stops are left out."
        ),
        "bad_date": "Invalid date: {error}",
    },
}


def patrol_labels(language_code: str | None) -> dict:
    return LABELS[language_of(language_code)]
