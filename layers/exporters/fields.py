"""What each exported layer carries: one Field per column, with its ≤ 10-byte Shapefile name.

dBase limits field names to 10 bytes, so every field has a short name used in Shapefiles only;
every other format keeps the long name. The short names of the base layers are the ones
`import_layer` reads (layers/importers/fields.py), so a Shapefile export can be imported again.

| layer | long name | Shapefile | 含义 |
|---|---|---|---|
| all | code | code | 编码 |
| all named | name | name | 名称 |
| all named | name_is_placeholder | placeholdr | 名称为占位 |
| communities | households / residents | households / residents | 户数 / 人口 |
| communities | floating_population | floating | 流动人口 |
| communities | department_code / department_name | dept / dept_name | 包片科室 |
| housing-projects | aliases | aliases | 别名(;分隔) |
| housing-projects | address | address | 地址 |
| housing-projects, grid-cells | community_code / community_name | community / comm_name | 社区 |
| housing-projects | ownership / ownership_label | ownership / own_label | 产权类型 |
| housing-projects, buildings | owner_units | owners | 产权单位(;分隔) |
| housing-projects | housing_types | htypes | 房屋类型(;分隔) |
| housing-projects | build_year | build_year | 建成年份 |
| housing-projects | property_company | prop_co | 物业服务企业 |
| housing-projects | is_old_estate | old_estate | 老旧小区 |
| housing-projects | renovation / renovation_label | renovation / reno_label | 综合整治 |
| housing-projects | is_military_property | military | 军产 |
| buildings | estate_code / estate_name | estate / estate_nm | 住宅项目 |
| buildings | number | number | 楼号 |
| military-zones | kind / kind_label | kind / kind_label | 类型 |
| grid-cells | responsible_party | resp_party | 责任主体 |
| complaints | id / ticket_no | id / ticket_no | 诉求编号 / 12345工单编号 |
| complaints | channel / channel_label | channel / chan_label | 来源渠道 |
| complaints | category_code / category_name | cat_code / cat_name | 分类 |
| complaints | sishi_type / sishi_label | sishi / sishi_lbl | 四事四办类型 |
| complaints | description | descr | 诉求内容(电话、证件、卡号、车牌、邮箱等个人信息已遮盖) |
| complaints | address | address | 诉求地址(同上) |
| complaints | status / status_label | status / stat_label | 状态 |
| complaints | satisfaction / satisfaction_label | satisfact / satis_lbl | 满意度 |
| complaints | received_at / due_at | received / due | 接诉时间 / 办理时限 |
| complaints | responded_at / resolved_at / closed_at | responded / resolved / closed | 响应/办结/结案时间 |
| complaints | out_of_area | out_area | 非本辖区 |
| complaints | location_source / location_source_label | loc_source / loc_label | 位置来源 |
| complaints | community_code / community_name | community / comm_name | 社区 |
| complaints | grid_cell_code | grid_cell | 网格编码 |
| complaints | housing_project_code | estate | 住宅项目编码 |
| complaints | building_code | building | 楼栋编码 |
| complaints | military_zone_code | military | 涉军单位/军产编码 |

Every code column with a fixed set of values has a label column beside it (`*_label`, Chinese, the
words the pages show), so QGIS and Excel show 多产权 and 已纳入改造, not multi and planned; category,
community and department carry their names the same way.

Never exported: complainant_name, complainant_phone (personal data), client_uuid, and the grid
worker / cadre accounts (staff assignments are internal to the sub-district).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models

from layers.i18n import source_text
from layers.models import Complaint, HousingProject, MilitaryZone, SishiType
from layers.privacy.sql import masked_sql

STR, INT, FLOAT, BOOL, DATETIME = "str", "int", "float", "bool", "datetime"


@dataclass(frozen=True)
class Field:
    name: str  # long name: GeoPackage, GeoJSON, KML, CSV, FlatGeobuf, OGC API, tiles
    shp: str  # ≤ 10 bytes: Shapefile (dBase) only
    kind: str  # STR, INT, FLOAT, BOOL or DATETIME (ISO 8601 text with the +08:00 offset)
    sql: str  # expression over the layer's FROM clause
    label: str  # 中文说明
    # DATETIME only: the timestamptz column behind sql. File exports read it as local wall-clock
    # text and add the "T" and "+08:00" in Arrow, sparing PostgreSQL the string building.
    timestamp: str | None = None


def labels(column: str, choices: type[models.TextChoices]) -> str:
    """A SQL CASE giving the Chinese label of a TextChoices column, so labels stay data-driven.
    Chinese whatever the language of the request that first imports this module (source_text)."""
    whens = " ".join(f"WHEN '{value}' THEN '{source_text(label)}'" for value, label in choices.choices)
    return f"(CASE {column} {whens} END)"


def local_time(column: str) -> str:
    """ISO 8601 local time, e.g. 2026-01-05T09:30:00+08:00. Asia/Shanghai has had no daylight
    saving since 1991, so +08:00 is fixed; a text cast is ~30 % cheaper than to_char on 10^6 rows.
    File exports build the same text in Arrow from Field.timestamp (layers.exporters.fetch.local_times)."""
    local = f"date_trunc('second', {column} AT TIME ZONE '{settings.TIME_ZONE}')::text"
    return f"(replace({local}, ' ', 'T') || '+08:00')"


def masked(column: str) -> str:
    """Free text with the personal data in it masked (layers.privacy: phone, ID, card and plate
    numbers, e-mail, WeChat/QQ ids, the complainant's own name and phone), for every reader: an
    exported file leaves the sub-district's hands, whoever asked for it. Residents often repeat
    their name or number in the description; the file must not carry them even there."""
    return masked_sql(column, "t.complainant_name", "t.complainant_phone")


def owner_names(through_table: str, key: str) -> str:
    return (
        f"(SELECT string_agg(o.name, ';' ORDER BY o.name) FROM {through_table} x "
        f"JOIN layers_ownerunit o ON o.id = x.ownerunit_id WHERE x.{key} = t.id)"
    )


CODE = Field("code", "code", STR, "t.code", "编码")
NAME = Field("name", "name", STR, "t.name", "名称")
PLACEHOLDER = Field("name_is_placeholder", "placeholdr", BOOL, "t.name_is_placeholder", "名称为占位")

SUBDISTRICT = (CODE, NAME)
COMMUNITIES = (
    CODE,
    NAME,
    Field("households", "households", INT, "t.households", "户数"),
    Field("residents", "residents", INT, "t.residents", "户籍/常住人口"),
    Field("floating_population", "floating", INT, "t.floating_population", "流动人口"),
    PLACEHOLDER,
    Field("department_code", "dept", STR, "d.code", "包片科室编码"),
    Field("department_name", "dept_name", STR, "d.name", "包片科室"),
)
HOUSING_PROJECTS = (
    CODE,
    NAME,
    Field("aliases", "aliases", STR, "array_to_string(t.aliases, ';')", "别名"),
    Field("address", "address", STR, "t.address", "地址"),
    Field("community_code", "community", STR, "c.code", "社区编码"),
    Field("community_name", "comm_name", STR, "c.name", "社区"),
    Field("ownership", "ownership", STR, "t.ownership", "产权类型"),
    Field("ownership_label", "own_label", STR, labels("t.ownership", HousingProject.Ownership), "产权类型(中文)"),
    Field(
        "owner_units", "owners", STR, owner_names("layers_housingproject_owner_units", "housingproject_id"), "产权单位"
    ),
    Field("housing_types", "htypes", STR, "array_to_string(t.housing_types, ';')", "房屋类型"),
    Field("build_year", "build_year", INT, "t.build_year", "建成年份"),
    Field("households", "households", INT, "t.households", "户数"),
    Field("property_company", "prop_co", STR, "t.property_company", "物业服务企业"),
    Field("is_old_estate", "old_estate", BOOL, "t.is_old_estate", "老旧小区"),
    Field("renovation", "renovation", STR, "t.renovation", "综合整治"),
    Field("renovation_label", "reno_label", STR, labels("t.renovation", HousingProject.Renovation), "综合整治(中文)"),
    Field("is_military_property", "military", BOOL, "t.is_military_property", "军产"),
    PLACEHOLDER,
)
BUILDINGS = (
    CODE,
    Field("estate_code", "estate", STR, "e.code", "住宅项目编码"),
    Field("estate_name", "estate_nm", STR, "e.name", "住宅项目"),
    Field("number", "number", STR, "t.number", "楼号"),
    Field("owner_units", "owners", STR, owner_names("layers_building_owner_units", "building_id"), "产权单位"),
    Field("households", "households", INT, "t.households", "户数"),
)
MILITARY_ZONES = (
    CODE,
    NAME,
    Field("kind", "kind", STR, "t.kind", "类型"),
    Field("kind_label", "kind_label", STR, labels("t.kind", MilitaryZone.Kind), "类型(中文)"),
    PLACEHOLDER,
)
GRID_CELLS = (
    CODE,
    Field("community_code", "community", STR, "c.code", "社区编码"),
    Field("community_name", "comm_name", STR, "c.name", "社区"),
    Field("responsible_party", "resp_party", STR, "t.responsible_party", "责任主体"),
)
COMPLAINTS = (
    Field("id", "id", INT, "t.id", "诉求编号"),
    Field("ticket_no", "ticket_no", STR, "t.ticket_no", "12345工单编号"),
    Field("channel", "channel", STR, "t.channel", "来源渠道"),
    Field("channel_label", "chan_label", STR, labels("t.channel", Complaint.Channel), "来源渠道(中文)"),
    Field("category_code", "cat_code", STR, "cat.code", "分类编码"),
    Field("category_name", "cat_name", STR, "cat.name", "分类"),
    Field("sishi_type", "sishi", STR, "t.sishi_type", "四事四办类型"),
    Field("sishi_label", "sishi_lbl", STR, labels("t.sishi_type", SishiType), "四事四办类型(中文)"),
    Field("description", "descr", STR, masked("t.description"), "诉求内容"),
    Field("address", "address", STR, masked("t.address"), "诉求地址"),
    Field("status", "status", STR, "t.status", "状态"),
    Field("status_label", "stat_label", STR, labels("t.status", Complaint.Status), "状态(中文)"),
    Field("satisfaction", "satisfact", STR, "t.satisfaction", "满意度"),
    Field("satisfaction_label", "satis_lbl", STR, labels("t.satisfaction", Complaint.Satisfaction), "满意度(中文)"),
    Field("received_at", "received", DATETIME, local_time("t.received_at"), "接诉时间", "t.received_at"),
    Field("due_at", "due", DATETIME, local_time("t.due_at"), "办理时限", "t.due_at"),
    Field("responded_at", "responded", DATETIME, local_time("t.responded_at"), "响应时间", "t.responded_at"),
    Field("resolved_at", "resolved", DATETIME, local_time("t.resolved_at"), "办结时间", "t.resolved_at"),
    Field("closed_at", "closed", DATETIME, local_time("t.closed_at"), "结案时间", "t.closed_at"),
    Field("out_of_area", "out_area", BOOL, "t.out_of_area", "非本辖区"),
    Field("location_source", "loc_source", STR, "t.location_source", "位置来源"),
    Field(
        "location_source_label",
        "loc_label",
        STR,
        labels("t.location_source", Complaint.LocationSource),
        "位置来源(中文)",
    ),
    Field("community_code", "community", STR, "c.code", "社区编码"),
    Field("community_name", "comm_name", STR, "c.name", "社区"),
    Field("grid_cell_code", "grid_cell", STR, "g.code", "网格编码"),
    Field("housing_project_code", "estate", STR, "hp.code", "住宅项目编码"),
    Field("building_code", "building", STR, "b.code", "楼栋编码"),
    Field("military_zone_code", "military", STR, "mz.code", "涉军单位/军产编码"),
)

FORBIDDEN = ("complainant_name", "complainant_phone")
