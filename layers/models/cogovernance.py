"""Co-governance records (issue 8): 协商议事 topics, their meetings and actions, and the directory
of partner units (伙伴计划) and volunteer teams.

Writes go through layers/services/cogovernance.py: completing an action that resolves cases moves
them through complaint_transition, so the case workflow and its event log stay the only path.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Partner(models.Model):
    """伙伴计划 partner unit: a 驻区部队, 机关, 企事业单位 or 社会组织 working with the sub-district."""

    class Kind(models.TextChoices):
        MILITARY = "military", _("驻区部队")
        GOVERNMENT = "government", _("机关")
        ENTERPRISE = "enterprise", _("企事业单位")
        SOCIAL_ORG = "social_org", _("社会组织")

    name = models.CharField(_("名称"), max_length=128, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    # A role, not a person's name: the person changes, the role (e.g. 党委办公室主任) stays.
    contact_role = models.CharField(_("联络岗位"), max_length=64, blank=True)
    contact = models.CharField(_("联系方式"), max_length=128, blank=True)
    area = models.MultiPolygonField(_("服务范围"), srid=4326, null=True, blank=True)
    # Partner units are an intake source too (they report what they see in their area).
    reported_complaints = models.ManyToManyField(
        "layers.Complaint", blank=True, related_name="reporting_partners", verbose_name=_("反映的诉求")
    )

    class Meta:
        verbose_name = _("共建伙伴单位")
        verbose_name_plural = pgettext_lazy("plural", "共建伙伴单位")
        ordering = ["name"]

    def __str__(self):
        return self.name


class VolunteerTeam(models.Model):
    """志愿者团队 (the sub-district has 48): patrols, reports and helps carry out actions."""

    name = models.CharField(_("名称"), max_length=128, unique=True)
    leader_role = models.CharField(_("负责人岗位"), max_length=64, blank=True)
    contact = models.CharField(_("联系方式"), max_length=128, blank=True)
    members = models.PositiveIntegerField(_("队员人数"), default=0)
    area = models.MultiPolygonField(_("服务范围"), srid=4326, null=True, blank=True)
    reported_complaints = models.ManyToManyField(
        "layers.Complaint", blank=True, related_name="reporting_volunteer_teams", verbose_name=_("反映的诉求")
    )

    class Meta:
        verbose_name = _("志愿者团队")
        verbose_name_plural = pgettext_lazy("plural", "志愿者团队")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Topic(models.Model):
    """议题: one matter the sub-district settles by consultation (盼事) or concentrated effort (愁事)."""

    class Kind(models.TextChoices):
        CO_GOVERNANCE = "co_governance", _("盼事·共商共治")
        CONCENTRATED = "concentrated", _("愁事·集中力量办")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        OPEN = "open", _("议事中")
        ACTING = "acting", _("落实中")
        DONE = "done", _("已办结")

    code = models.CharField(_("议题编号"), max_length=32, unique=True)
    title = models.CharField(_("议题"), max_length=256)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    description = models.TextField(_("说明"), blank=True)
    # The places it concerns, always polygons: estates as drawn, a case without an estate as a
    # small disc around its point (see topic_open_from_cases), so "complaints in its places" is
    # one ST_Covers for the outcome and one ST_Intersects for scoping.
    geom = models.MultiPolygonField(_("涉及范围"), srid=4326, null=True, blank=True)
    complaints = models.ManyToManyField(
        "layers.Complaint", blank=True, related_name="topics", verbose_name=_("关联诉求")
    )
    housing_projects = models.ManyToManyField(
        "layers.HousingProject", blank=True, related_name="topics", verbose_name=_("住宅项目")
    )
    communities = models.ManyToManyField("layers.Community", blank=True, related_name="topics", verbose_name=_("社区"))
    # The categories whose complaint density shows the outcome (e.g. 停车/交通 for a parking topic).
    categories = models.ManyToManyField(
        "layers.Category", blank=True, related_name="topics", verbose_name=_("诉求分类")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("立项人"),
    )
    opened_at = models.DateTimeField(_("立项时间"), default=timezone.now)
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("协商议题")
        verbose_name_plural = pgettext_lazy("plural", "协商议题")
        ordering = ["-opened_at", "code"]

    def __str__(self):
        return f"{self.code} {self.title}"


class TopicParticipant(models.Model):
    """Who sits at the 协商议事 table for a topic."""

    class Type(models.TextChoices):
        RESIDENTS_COMMITTEE = "residents_committee", _("居委会")
        PROPERTY_COMPANY = "property_company", _("物业企业")
        OWNERS_COMMITTEE = "owners_committee", _("业委会")
        DEPARTMENT = "department", _("职能部门")
        SOCIAL_ORG = "social_org", _("社会组织")
        VOLUNTEER_TEAM = "volunteer_team", _("志愿者团队")
        RESIDENT_UNIT = "resident_unit", _("驻区单位")
        GOVERNANCE_SECRETARY = "governance_secretary", _("治理书记")

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="participants", verbose_name=_("议题"))
    type = models.CharField(_("参与方类型"), max_length=24, choices=Type.choices)
    name = models.CharField(_("名称"), max_length=128)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("伙伴单位"),
    )
    volunteer_team = models.ForeignKey(
        VolunteerTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("志愿者团队"),
    )
    department = models.ForeignKey(
        "layers.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="topic_participations",
        verbose_name=_("科室"),
    )

    class Meta:
        verbose_name = _("议题参与方")
        verbose_name_plural = pgettext_lazy("plural", "议题参与方")
        ordering = ["topic", "type", "name"]
        constraints = [models.UniqueConstraint(fields=["topic", "type", "name"], name="topicparticipant_once")]

    def __str__(self):
        return f"{self.get_type_display()} {self.name}"


class Meeting(models.Model):
    """A 协商议事 meeting. Decisions are a JSON list of {"text", "votes": {"for", "against",
    "abstain"}} where a vote was taken (votes absent otherwise); meeting_record validates them."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("议题"))
    held_at = models.DateTimeField(_("会议时间"))
    place = models.CharField(_("地点"), max_length=128, blank=True)
    attendees = models.JSONField(_("参会人员"), default=list, blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    decisions = models.JSONField(_("议定事项"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("记录人"),
    )

    class Meta:
        verbose_name = _("议事会议")
        verbose_name_plural = pgettext_lazy("plural", "议事会议")
        ordering = ["topic", "held_at", "id"]
        constraints = [models.UniqueConstraint(fields=["topic", "held_at"], name="meeting_once_per_time")]

    def __str__(self):
        return f"{self.topic.code} {self.held_at:%Y-%m-%d}"


class Action(models.Model):
    """An action a meeting (or the topic itself) produced, with an owner and a due date."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="actions", verbose_name=_("议题"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="actions", verbose_name=_("会议")
    )
    description = models.CharField(_("事项"), max_length=512)
    owner_name = models.CharField(_("责任方"), max_length=128, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topic_actions",
        verbose_name=_("责任人"),
    )
    owner_department = models.ForeignKey(
        "layers.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topic_actions",
        verbose_name=_("责任科室"),
    )
    due_date = models.DateField(_("完成时限"), null=True, blank=True)
    # When true, completing the action resolves the topic's open cases (action_complete).
    resolves_cases = models.BooleanField(_("完成即办结关联诉求"), default=False)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    result = models.TextField(_("完成情况"), blank=True)

    class Meta:
        verbose_name = _("落实事项")
        verbose_name_plural = pgettext_lazy("plural", "落实事项")
        ordering = ["topic", "due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["topic", "description"], name="action_once_per_topic")]

    def __str__(self):
        return self.description
