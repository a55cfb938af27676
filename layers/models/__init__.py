from .building import Building
from .category import Category, Holiday, SishiType, TimeBase
from .community import Community
from .complaint import Complaint, ComplaintEvent
from .estate import HousingProject, OwnerUnit
from .grid import GridCell
from .link import ComplaintLink
from .military import MilitaryZone
from .photo import ComplaintPhoto
from .sishi import SishiRule, Summons
from .staff import Area, Department, Role, StaffProfile
from .subdistrict import Subdistrict

__all__ = [
    "Area",
    "Building",
    "Category",
    "Community",
    "Complaint",
    "ComplaintEvent",
    "ComplaintLink",
    "ComplaintPhoto",
    "Department",
    "GridCell",
    "Holiday",
    "HousingProject",
    "MilitaryZone",
    "OwnerUnit",
    "Role",
    "SishiRule",
    "SishiType",
    "StaffProfile",
    "Subdistrict",
    "Summons",
    "TimeBase",
]
