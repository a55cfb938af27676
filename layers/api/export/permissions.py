"""Who may download exports and read the agency feeds (OGC API, vector tiles, fast GeoJSON).

The four roles that see the whole sub-district (layers.permissions.EXPORT_ROLES):
agency (区级部门, read and export only), leader, planner and admin. Department staff, community
cadres and grid workers see only part of the grid cells, and complaint scoping for them is not
defined for bulk feeds; they get 403 here rather than a partial file that looks complete.
"""

from rest_framework.permissions import BasePermission

from layers.permissions import may_export


class CanExport(BasePermission):
    message = "导出与数据服务仅限区级部门、街道领导、规划人员和管理员 · exports are for agency, leader, planner, admin"

    def has_permission(self, request, view):
        return may_export(request.user)
