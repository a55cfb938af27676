"""A small 12345 dispatch sheet for the desk import page's tests (real .xlsx written with openpyxl),
and the categories it needs in a flushed (transactional) database."""

from datetime import datetime, timedelta

from openpyxl import Workbook

from layers.models import Building, Category, CategoryMapping, HousingProject
from tests.geometry import rect

HEADER = ["工单编号", "来电时间", "诉求内容", "诉求地址", "问题分类", "派单时间", "办理时限"]
CALLED = datetime(2026, 11, 23, 9, 0)


def ensure_categories() -> None:
    """其他 and 房屋修缮/漏雨 with the 12345 name 房屋修缮, as migrations 0003/0014 load them."""
    defaults = {"default_sishi_type": "difficult", "time_limit_amount": 7, "time_limit_base": "natural_days"}
    Category.objects.get_or_create(code="other", defaults={"name": "其他", **defaults})
    repair = Category.objects.get_or_create(code="housing_repair", defaults={"name": "房屋修缮/漏雨", **defaults})[0]
    CategoryMapping.objects.get_or_create(name="房屋修缮", defaults={"category": repair})


def make_estate(small_world) -> HousingProject:
    """丰西路45号院 with its building 3 in small_world's west community, for the sheet's addresses."""
    estate = HousingProject.objects.create(
        code="E01", name="丰西路45号院", community=small_world["west"], ownership="single", geom=rect(10, 10, 200, 200)
    )
    Building.objects.create(code="E01-3", estate=estate, number="3", geom=rect(50, 50, 80, 80))
    return estate


def rows():
    """Sheet rows 2-6: two new cases (one under an unknown city category), a rejected row (no
    ticket number), an exact repeat and a row whose 诉求内容 is empty."""
    due = "7个工作日"
    return [
        ["D-001", CALLED, "楼顶漏雨", "丰西路45号院3号楼", "房屋修缮", CALLED + timedelta(hours=1), due],
        ["D-002", CALLED, "共享单车堆在门口", "丰西路45号院", "城市管理>共享单车", CALLED + timedelta(hours=1), due],
        ["", CALLED, "没有编号的工单", "丰西路45号院", "房屋修缮", CALLED, due],
        ["D-001", CALLED, "楼顶漏雨", "丰西路45号院3号楼", "房屋修缮", CALLED + timedelta(hours=1), due],
        ["D-005", CALLED, "", "丰西路45号院", "房屋修缮", CALLED, due],
    ]


def write_sheet(path, data=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for cells in rows() if data is None else data:
        sheet.append(cells)
    workbook.save(path)
    return path
