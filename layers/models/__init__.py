from .building import Building
from .callback import CallbackRecord
from .category import Category, CategoryMapping, Holiday, SishiType, TimeBase
from .cogovernance import Action, Meeting, Partner, Topic, TopicParticipant, VolunteerTeam
from .community import Community
from .complaint import Complaint, ComplaintEvent
from .desk import SavedFilter
from .estate import HousingProject, OwnerUnit
from .grid import GridCell
from .link import ComplaintLink
from .military import MilitaryZone
from .notification import Delivery, Notification, NotifyCursor
from .photo import ComplaintPhoto
from .sishi import SishiRule, Summons
from .staff import Area, Department, Role, StaffProfile
from .subdistrict import Subdistrict

__all__ = [
    "Action",
    "Area",
    "Building",
    "CallbackRecord",
    "Category",
    "CategoryMapping",
    "Community",
    "Complaint",
    "ComplaintEvent",
    "ComplaintLink",
    "ComplaintPhoto",
    "Delivery",
    "Department",
    "GridCell",
    "Holiday",
    "HousingProject",
    "Meeting",
    "MilitaryZone",
    "Notification",
    "NotifyCursor",
    "OwnerUnit",
    "Partner",
    "Role",
    "SavedFilter",
    "SishiRule",
    "SishiType",
    "StaffProfile",
    "Subdistrict",
    "Summons",
    "TimeBase",
    "Topic",
    "TopicParticipant",
    "VolunteerTeam",
]
