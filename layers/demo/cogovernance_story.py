"""The co-governance story as written for a demo year ending clock.REFERENCE_END: the meetings of
the two topics with their decisions and actions, when the actions were done, the partner units and
the kinds of volunteer team. layers/demo/cogovernance.py moves the dates onto the demo's calendar.
"""

from datetime import date

from layers.models import Partner

FENGXILU_45, BEIDADI_WEST = "丰西路45号院", "北大地西区"
PARKING_OPENED = "2026-01-05"  # the parking topic's opening day, as written: its year numbers the register
PROPERTY_OPENED = "2025-12-20"
# The cases that brought a topic: its categories at its estate in this window before it opened.
CASES_BEFORE_DAYS = 60
MEETING_HOUR = 19  # residents meet after work


def _votes(yes: int, no: int, abstain: int) -> dict:
    return {"for": yes, "against": no, "abstain": abstain}


PARKING_MEETINGS = [
    (
        "2026-01-15",
        "听取居民停车诉求，摸清车位与车辆底数",
        ["登记在册车辆126辆，可利用空地约70处", "委托居委会牵头入户征求意见"],
        [],
    ),
    (
        "2026-02-26",
        "讨论施划方案初稿：消防通道、绿地与车位的取舍",
        [{"text": "消防通道两侧一律不划车位", "votes": _votes(41, 2, 3)}],
        [],
    ),
    (
        "2026-03-19",
        "产权单位、物业与城管办现场踏勘",
        ["方案二（72个车位，保留中心绿地）提交居民代表会讨论"],
        [],
    ),
    (
        "2026-04-16",
        "讨论车位分配与管理：本院车辆优先、外来车辆限时",
        [{"text": "车位按登记车辆抽签分配，每户限一个", "votes": _votes(37, 6, 4)}],
        [],
    ),
    (
        "2026-05-14",
        "居民代表表决施划方案",
        [{"text": "通过方案二，施划停车位72个", "votes": _votes(52, 3, 2)}],
        [
            {
                "description": "施划停车位",
                "owner_name": "物业服务企业、城市管理办公室",
                "due_date": date(2026, 5, 31),
                "resolves_cases": True,
            }
        ],
    ),
]
PARKING_DRAWN = ("2026-05-20", 10)

PROPERTY_MEETINGS = [
    (
        "2026-01-08",
        "北大地西区无物业管理，居民议事会讨论引入物业服务",
        [{"text": "引入物业服务，先试运行三个月再决定是否续聘（先尝后买）", "votes": _votes(68, 9, 5)}],
        [
            {
                "description": "物业企业进驻试运行（先尝后买）",
                "owner_name": "社区居委会",
                "due_date": date(2026, 3, 1),
                # Cases about the missing management (管理缺位) end when a company moves in.
                "resolves_cases": True,
            }
        ],
    ),
    (
        "2026-02-20",
        "比选物业企业，商定试运行期服务标准与收费",
        [{"text": "试运行期免收物业费，服务标准张榜公示", "votes": _votes(59, 4, 6)}],
        [
            {
                "description": "试运行期满业主表决是否续聘",
                "owner_name": "社区居委会、业主代表",
                "due_date": date(2026, 6, 5),
            }
        ],
    ),
]
PROPERTY_DONE = {
    "物业企业进驻试运行（先尝后买）": ("2026-03-01", 9, "物业企业进驻，开始试运行"),
    "试运行期满业主表决是否续聘": ("2026-06-05", 20, "业主表决同意续聘，签订正式物业服务合同"),
}

PARTNERS = [
    ("驻区部队某部(演示)", Partner.Kind.MILITARY, "营部值班室"),
    ("丰台区某机关(演示)", Partner.Kind.GOVERNMENT, "机关党委办公室"),
    ("中都科技大厦入驻企业(演示)", Partner.Kind.ENTERPRISE, "大厦物业服务中心"),
    ("五里店社会工作服务站(演示)", Partner.Kind.SOCIAL_ORG, "站长"),
]
# Three teams in each community: 16 communities give the sub-district's 48 teams.
TEAM_KINDS = [("平安巡逻志愿服务队", "队长"), ("环境清洁志愿服务队", "队长"), ("邻里互助志愿服务队", "联络员")]
