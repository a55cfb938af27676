"""The demo sub-district's offices and which of them owns each complaint category.

Invented on the pattern of most Beijing streets: the sub-district's own list of offices and its
division of work are not published (DOMAIN.md). Pure data: the account loader and the complaint
generator (ledger owners) both read it.
"""

DEPARTMENTS = [
    ("CGB", "城市管理办公室"),
    ("SQJS", "社区建设办公室"),
    ("PAJS", "平安建设办公室"),
    ("MSBZ", "民生保障办公室"),
]
DEPARTMENT_NAMES = dict(DEPARTMENTS)
DEPARTMENT_NAMES_EN = {
    "CGB": "Urban Management Office",
    "SQJS": "Community Building Office",
    "PAJS": "Public Safety Office",
    "MSBZ": "Social Welfare Office",
}

# Category code -> the office that owns it professionally (routing: 分类责任科室). Street order,
# environment, building control, roads and drains: city management; housing and property:
# community building; safety, order and noise: public security; heating and utilities: welfare.
CATEGORY_DEPARTMENTS = {
    "property": "SQJS",
    "housing_repair": "SQJS",
    "heating": "MSBZ",
    "parking_traffic": "CGB",
    "noise": "PAJS",
    "cityscape": "CGB",
    "environment": "CGB",
    "construction": "CGB",
    "public_safety": "PAJS",
    "roads": "CGB",
    "drainage": "CGB",
    "utilities": "MSBZ",
    "market": "CGB",
    "social_order": "PAJS",
    "other": "MSBZ",
}


def department_name(category: str) -> str:
    """The office owning a category; the city management office for a category not listed."""
    return DEPARTMENT_NAMES[CATEGORY_DEPARTMENTS.get(category, "CGB")]
