from django.conf import settings
from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplaintPhoto(models.Model):
    """A photo attached to a case: what the resident saw, what the handler found, what was done.

    Type and size are checked before the file is stored; the checked facts are kept beside the file
    so lists and exports never need to open the image.
    """

    class Stage(models.TextChoices):
        INTAKE = "intake", _("接诉")
        RESPONSE = "response", _("响应/现场")
        RESOLUTION = "resolution", _("办结")

    complaint = models.ForeignKey(
        "layers.Complaint", on_delete=models.PROTECT, related_name="photos", verbose_name=_("诉求")
    )
    image = models.ImageField(_("图片"), upload_to="complaints/%Y/%m/", width_field="width", height_field="height")
    content_type = models.CharField(_("文件类型"), max_length=64)
    size_bytes = models.PositiveIntegerField(_("大小(字节)"))
    width = models.PositiveIntegerField(_("宽(像素)"), null=True, blank=True)
    height = models.PositiveIntegerField(_("高(像素)"), null=True, blank=True)
    stage = models.CharField(_("环节"), max_length=16, choices=Stage.choices, default=Stage.INTAKE)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaint_photos",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("诉求照片")
        verbose_name_plural = pgettext_lazy("plural", "诉求照片")
        ordering = ["complaint", "uploaded_at", "id"]

    def __str__(self):
        return f"{self.complaint} {self.get_stage_display()} {self.image.name}"
