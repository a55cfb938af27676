from .building import Building
from .community import Community
from .estate import HousingProject, OwnerUnit
from .grid import GridCell
from .military import MilitaryZone
from .staff import Area, Department, Role, StaffProfile
from .subdistrict import Subdistrict

__all__ = [
    "Area",
    "Building",
    "Community",
    "Department",
    "GridCell",
    "HousingProject",
    "MilitaryZone",
    "OwnerUnit",
    "Role",
    "StaffProfile",
    "Subdistrict",
]
