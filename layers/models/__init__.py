from .building import Building
from .category import Category, Holiday, SishiType, TimeBase
from .community import Community
from .complaint import Complaint, ComplaintEvent
from .estate import HousingProject, OwnerUnit
from .grid import GridCell
from .military import MilitaryZone
from .staff import Area, Department, Role, StaffProfile
from .subdistrict import Subdistrict

__all__ = [
    "Area",
    "Building",
    "Category",
    "Community",
    "Complaint",
    "ComplaintEvent",
    "Department",
    "GridCell",
    "Holiday",
    "HousingProject",
    "MilitaryZone",
    "OwnerUnit",
    "Role",
    "SishiType",
    "StaffProfile",
    "Subdistrict",
    "TimeBase",
]
