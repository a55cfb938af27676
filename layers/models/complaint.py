from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from layers import permissions

from .append_only import AppendOnly
from .category import SishiType
from .staff import Role


class ComplaintQuerySet(models.QuerySet):
    """What "open" means, once, for every reader: the API's filters, the dashboard, the weekly report,
    the ledger, the queues, analytics, planning and the pages.

    - unfinished() — 未办结 / 在办: the sub-district still owes the case work. Received, dispatched,
      responded, in progress, escalated (督办), and on the ledger (挂账: carried over with an owner and
      a target date because it cannot be finished now — carried, not finished). Not resolved (办结:
      the handler is done; only the office's callback is left), callback (回访 made, waiting to be
      closed or reopened into the work), closed, nor returned (退单: handed back to the 12345 centre,
      which accepts the return (closed) or sends the case back (dispatched); while it waits there it
      is the centre's, not ours).
    - running() — the unfinished cases whose time limit (办理时限, due_at) runs, i.e. that can be
      overdue: unfinished less the ledger. Entering the ledger stops the clock; a ledger case is
      judged against its own target date (ledger_target_date) instead.
    - overdue(now) — running cases with due_at before now (default: the present moment).
    - visible_to(user) — the cases a user may read (include_own) or act on (include_own=False), by
      role (四包, layers/permissions.py): leader, planner, agency, admin every case; a grid worker the
      cases in their cells and those assigned to them; a cadre their community's and those assigned
      to them; department staff those of the communities their department 包s, those routed to the
      department and those assigned to them. Staff also read the cases they took in themselves (a grid worker
      reporting outside their cells must still see the case and add its photos), but act on them
      only within the scope above.
    The status sets are UNFINISHED_STATUSES and RUNNING_STATUSES below (for SQL written by hand and
    for one case in memory), the conditions unfinished_q / running_q / overdue_q (for counts with a
    filter). Each method is chainable with the others and with any filter.
    """

    def unfinished(self):
        return self.filter(unfinished_q())

    def running(self):
        return self.filter(running_q())

    def overdue(self, now=None):
        return self.filter(overdue_q(now))

    def visible_to(self, user, include_own: bool = True):
        role = permissions.role_of(user)
        if role in permissions.WHOLE_SUBDISTRICT_ROLES:
            return self
        responsible = _responsible(user, role)
        if responsible is None:
            return self.none()
        if include_own:
            # The case's first event (no from_status) is its intake; its actor took the case in.
            took_in = ComplaintEvent.objects.filter(complaint=OuterRef("pk"), from_status="", actor=user)
            responsible |= Q(Exists(took_in))
        return self.filter(responsible)


def _responsible(user, role) -> Q | None:
    """The cases a scoped role handles (ComplaintQuerySet.visible_to); None for any other role."""
    if role == Role.GRID_WORKER:
        return Q(grid_cell__grid_worker=user) | Q(assignee=user)
    if role == Role.CADRE:
        return Q(community_id=user.staff.community_id) | Q(assignee=user)
    if role == Role.DEPARTMENT:
        department = user.staff.department_id
        return Q(community__department_id=department) | Q(assigned_department_id=department) | Q(assignee=user)
    return None


def unfinished_q() -> Q:
    return Q(status__in=UNFINISHED_STATUSES)


def running_q() -> Q:
    return Q(status__in=RUNNING_STATUSES)


def overdue_q(now=None) -> Q:
    return running_q() & Q(due_at__lt=now or timezone.now())


class Complaint(models.Model):
    """诉求/工单: one request from a resident, whatever channel brought it in.

    Writes go through layers/services/complaints.py (create, transition) so every intake path
    validates, assigns and logs the same way.
    """

    class Channel(models.TextChoices):
        HOTLINE_12345 = "hotline_12345", _("12345派单")
        GRID_PATROL = "grid_patrol", _("网格员巡查")
        WECHAT_GROUP = "wechat_group", _("微信群")
        OFFICIAL_ACCOUNT = "official_account", _("公众号")
        VOLUNTEER = "volunteer", _("志愿者")
        VISIT = "visit", _("来访")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        RECEIVED = "received", _("接诉")
        DISPATCHED = "dispatched", _("派单")
        RESPONDED = "responded", _("响应")
        IN_PROGRESS = "in_progress", _("办理中")
        RESOLVED = "resolved", _("办结")
        CALLBACK = "callback", _("回访")
        CLOSED = "closed", _("结案")
        RETURNED = "returned", _("退单")
        LEDGER = "ledger", _("挂账")
        ESCALATED = "escalated", _("督办")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
        DISSATISFIED = "dissatisfied", _("不满意")

    class LocationSource(models.TextChoices):
        GPS = "gps", _("GPS定位")
        MAP_PICK = "map_pick", _("地图选点")
        ADDRESS_MATCH = "address_match", _("地址匹配")
        MANUAL = "manual", _("人工录入")

    class MatchLevel(models.TextChoices):
        """How precisely the address text matched our gazetteer (layers/services/geocoding.py)."""

        BUILDING = "building", _("楼栋")
        ESTATE = "estate", _("小区/院")
        ROAD = "road", _("道路门牌")
        COMMUNITY = "community", _("社区")
        NONE = "none", _("未匹配")

    # 12345 ticket numbers are unique, but self-collected cases (patrols, WeChat) have none.
    ticket_no = models.CharField(_("12345工单编号"), max_length=64, null=True, blank=True)
    # Generated by the client before sending, so a retried or doubled request finds its case.
    client_uuid = models.UUIDField(_("客户端UUID"), null=True, blank=True, unique=True)
    channel = models.CharField(_("来源渠道"), max_length=32, choices=Channel.choices)
    # Text fields a 12345 sheet fills are unbounded in the database: a ticket is never refused for
    # being long (the intake checks only a spreadsheet cell's own limit, complaint_input.CELL_LIMIT).
    description = models.TextField(_("诉求内容"))
    category = models.ForeignKey(
        "layers.Category", on_delete=models.PROTECT, related_name="complaints", verbose_name=_("分类")
    )
    # The category as the channel named it (a 12345 问题分类 such as 城乡建设>房屋修缮>漏雨, an Open311
    # service_code), kept whenever it is not simply our own code: a case whose name was unknown waits
    # under 其他 until the mapping table (CategoryMapping) knows it (layers/services/reclassify.py).
    source_category = models.TextField(_("来源分类（原文）"), blank=True)
    sishi_type = models.CharField(_("四事四办类型"), max_length=16, choices=SishiType.choices)
    location = models.PointField(_("位置"), srid=4326, null=True, blank=True)
    location_source = models.CharField(_("位置来源"), max_length=16, choices=LocationSource.choices, blank=True)
    location_accuracy_m = models.FloatField(_("定位精度(米)"), null=True, blank=True)
    address = models.TextField(_("诉求地址"), blank=True)
    # Personal data: shown masked (mask_phone) except to roles that handle the case.
    complainant_name = models.TextField(_("诉求人"), blank=True)
    complainant_phone = models.TextField(_("联系电话"), blank=True)
    # Personal data too (Open311 `email`): masked like the phone, never exported or published.
    complainant_email = models.EmailField(_("电子邮箱"), max_length=254, blank=True)
    # The submitting app's device identifier (Open311 `device_id`): it tracks a person's phone,
    # so it is shown only to those who handle the case, like the phone number.
    device_id = models.CharField(_("设备标识"), max_length=128, blank=True)
    # A picture the submitter published elsewhere (Open311 `media_url`), shown back in GET requests
    # as the spec says; our own uploaded photos stay private (ComplaintPhoto).
    # Text, checked by the intake service (http/https only): a model URLField's form field would
    # guess a scheme for scheme-less input in the admin.
    media_url = models.CharField(_("媒体链接"), max_length=1024, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    satisfaction = models.CharField(_("满意度"), max_length=24, choices=Satisfaction.choices, blank=True)
    received_at = models.DateTimeField(_("接诉时间"), default=timezone.now)
    due_at = models.DateTimeField(_("办理时限"), null=True, blank=True)
    # The 12345 centre set due_at (the sheet's 办理时限): it is what the sub-district is assessed
    # against, so a later change of category never recomputes it.
    due_set_by_centre = models.BooleanField(_("时限由12345中心设定"), default=False)
    # Stage timestamps keep the first time a case reached each stage (响应率 counts first
    # responses); the full history, repeats included, is in ComplaintEvent.
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    responded_at = models.DateTimeField(_("响应时间"), null=True, blank=True)
    in_progress_at = models.DateTimeField(_("开始办理时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    callback_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    returned_at = models.DateTimeField(_("退单时间"), null=True, blank=True)
    ledger_at = models.DateTimeField(_("挂账时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    # 非本辖区: the point lies outside the sub-district; the case is kept for return (退单),
    # never assigned to the nearest community.
    out_of_area = models.BooleanField(_("非本辖区"), default=False)
    subdistrict = models.ForeignKey(
        "layers.Subdistrict", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("街道")
    )
    community = models.ForeignKey(
        "layers.Community", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("社区")
    )
    grid_cell = models.ForeignKey(
        "layers.GridCell", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("网格")
    )
    housing_project = models.ForeignKey(
        "layers.HousingProject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("住宅项目"),
    )
    building = models.ForeignKey(
        "layers.Building", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("楼栋")
    )
    military_zone = models.ForeignKey(
        "layers.MilitaryZone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("涉军单位/军产"),
    )
    # Address matching: the level and confidence of the geocoder's answer. Unmatched or doubtful
    # cases wait in the review queue (needs_review) with the reason a person has to resolve.
    match_level = models.CharField(_("地址匹配级别"), max_length=16, choices=MatchLevel.choices, blank=True)
    match_confidence = models.FloatField(_("地址匹配置信度"), null=True, blank=True)
    needs_review = models.BooleanField(_("待人工核定"), default=False)
    review_reason = models.TextField(_("核定原因"), blank=True)
    # What is to be checked, one item per kind ({"code": "category" | "coordinates" | "address" |
    # "times" | "deadline" | "repeat", "reason": Chinese}), so that resolving one kind (relocating,
    # reclassifying) leaves the others waiting. review_reason is their reasons joined, needs_review
    # whether any is left; layers/services/review_flags.py keeps the three in step.
    review_items = models.JSONField(_("待核定事项"), default=list, blank=True)
    # Routing (四包 and ownership): who takes the case, and why, in words staff can check.
    assigned_department = models.ForeignKey(
        "layers.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=_("承办科室"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=_("承办人"),
    )
    routing_reason = models.TextField(_("派单依据"), blank=True)
    # 四事四办: the rule (or the staff member) that chose sishi_type, always stated.
    sishi_reason = models.TextField(_("四事四办依据"), blank=True)
    sishi_overridden = models.BooleanField(_("人工调整四事四办"), default=False)
    is_repeat = models.BooleanField(_("回头件"), default=False)
    # 挂账: a case that cannot be finished now is carried on the ledger with an owner and a target
    # date; 销账 (ledger_cleared_at) is when it left the ledger.
    ledger_owner = models.CharField(_("挂账责任人/单位"), max_length=128, blank=True)
    ledger_target_date = models.DateField(_("计划销账日期"), null=True, blank=True)
    ledger_cleared_at = models.DateTimeField(_("销账时间"), null=True, blank=True)
    # A confirmed duplicate follows its primary case through the workflow; it is never deleted.
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("重复于"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = pgettext_lazy("plural", "诉求")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket_no"], condition=models.Q(ticket_no__isnull=False), name="complaint_ticket_no_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(duplicate_of=models.F("id")), name="complaint_not_duplicate_of_itself"
            ),
        ]
        indexes = [
            # Overdue and due-soon queues: open cases ordered by deadline.
            models.Index(fields=["status", "due_at"], name="complaint_status_due"),
            # By date, carrying what the dashboard's window pass counts (layers/api/dashboard/window.py):
            # its grouped counts become an index-only scan instead of reading most of the table's
            # pages (a 28-day window lies on ~90 % of them). Two 28-day windows of 600,000
            # complaints: 20,467 heap blocks → 775 index pages, 214 → 101 ms warm (bench/RESULTS.md,
            # "Covering index for the window pass").
            models.Index(
                fields=["received_at"],
                include=["out_of_area", "community", "grid_cell", "status", "due_at"],
                name="complaint_received_window",
            ),
            # Related cases and 回头件: same category over a time window.
            models.Index(fields=["category", "received_at"], name="complaint_category_received"),
            # The review queue is a small slice of a large table.
            models.Index(fields=["received_at"], condition=models.Q(needs_review=True), name="complaint_review_queue"),
        ]

    def __str__(self):
        return self.ticket_no or f"#{self.pk}"

    def is_overdue(self, now=None) -> bool:
        """ComplaintQuerySet.overdue for this one case, from its fields in memory."""
        return self.status in RUNNING_STATUSES and self.due_at is not None and self.due_at < (now or timezone.now())


_Status = Complaint.Status
# ComplaintQuerySet's docstring says why each status is in or out.
UNFINISHED_STATUSES = (
    _Status.RECEIVED,
    _Status.DISPATCHED,
    _Status.RESPONDED,
    _Status.IN_PROGRESS,
    _Status.ESCALATED,
    _Status.LEDGER,
)
RUNNING_STATUSES = tuple(status for status in UNFINISHED_STATUSES if status != _Status.LEDGER)


class ComplaintEvent(AppendOnly, models.Model):
    """One step of a case's history. Append-only: the audit trail must survive any dispute.

    The database enforces it (a trigger from migration 0002 refuses UPDATE and DELETE); save()
    and delete() refuse too, so the mistake surfaces in Python before reaching the database.
    Both foreign keys PROTECT: a cascade or SET NULL would be an edit of the trail.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events", verbose_name=_("诉求"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaint_events",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    # Empty for the first event (the case did not exist before).
    from_status = models.CharField(_("原状态"), max_length=16, choices=Complaint.Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=Complaint.Status.choices)
    note = models.TextField(_("说明"), blank=True)
    # Who the step gave the case to (承办人, 承办科室), set only by the steps that hand a case over:
    # intake's routing, a dispatch (派单), a re-route; null elsewhere. Structured, so the notify
    # worker (layers/notify/) can tell a handler "this case is now yours" from the trail alone.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("交办给"),
    )
    department = models.ForeignKey(
        "layers.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("交办科室"),
    )

    class Meta:
        verbose_name = _("诉求流转记录")
        verbose_name_plural = pgettext_lazy("plural", "诉求流转记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.complaint} {self.from_status or '-'} → {self.to_status}"

    @staticmethod
    def handover(complaint) -> dict:
        """The event fields naming who a step hands the case to: its current assignee and department."""
        return {"assignee_id": complaint.assignee_id, "department_id": complaint.assigned_department_id}

    @classmethod
    def record_step(cls, complaint, actor, note: str, *, handed_over: bool = False) -> "ComplaintEvent":
        """A step in the case's history that does not change its status (from = to = its status).

        handed_over: the step gave the case to its (new) assignee and department (a re-route or a
        reassignment); the event then names them (handover)."""
        holder = cls.handover(complaint) if handed_over else {}
        return cls.objects.create(
            complaint=complaint,
            actor=actor,
            from_status=complaint.status,
            to_status=complaint.status,
            note=note,
            **holder,
        )
