"""/desk/import/: the 接诉即办 office uploads a 12345 dispatch sheet, sees the dry run as a table, and
commits exactly what it saw; the rejects file is a download.

Thin views over the import core the command uses (layers/importers/hotline: HotlineImport for the
plan and the write, uploads.py for keeping the file between preview and commit). For the office:
department staff, leaders and administrators.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from layers.importers.hotline import HotlineFileProblem, HotlineImport, PlanChanged, uploads, write_rejects
from layers.importers.hotline.plan import ACTION_LABELS, Action
from layers.permissions import may_import_hotline
from map_ui.account import user_summary

CRS_CHOICES = ("", "wgs84", "gcj02", "bd09")


def office_only(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not may_import_hotline(request.user):
            raise PermissionDenied(_("导入12345派单表仅限科室、街道领导和管理员"))
        return view(request, *args, **kwargs)

    return wrapped


def _context(request, **extra) -> dict:
    return {
        "user_summary": user_summary(request.user),
        "crs_choices": CRS_CHOICES,
        **extra,
    }


def _upload(request, token):
    try:
        return uploads.load(token, request.user)
    except LookupError:
        raise Http404(_("没有这个上传文件，或已过期")) from None


def _crs(data) -> str:
    value = data.get("crs", "")
    return value if value in CRS_CHOICES else ""


def _rows(report) -> list[dict]:
    """The table: one line per data row with what the import does and why."""
    lines = []
    for row in report.rows:
        flagged = row.action == Action.NEW and bool(row.review_reasons)
        reasons = row.reason if row.action == Action.REJECTED else row.detail
        lines.append(
            {
                "row": row,
                "kind": "flagged" if flagged else row.action,
                "action": _("新工单，待人工核定") if flagged else str(ACTION_LABELS[row.action]),
                "reasons": [reasons] if reasons else row.review_reasons,
                "notes": row.notes,
            }
        )
    return lines


def _show(request, upload, crs, report, error="", status=200):
    context = _context(request, upload=upload, crs=crs, report=report, rows=_rows(report), error=error)
    return render(request, "map_ui/desk_import.html", context, status=status)


def _run(upload, crs, user, **options):
    report = HotlineImport(upload.path, default_crs=crs or None, actor=user).run(with_preview=True, **options)
    write_rejects(report, upload.rejects_path)
    return report


@office_only
@require_http_methods(["GET", "POST"])
def upload_page(request):
    error = ""
    if request.method == "POST":
        sheet = request.FILES.get("sheet")
        if sheet is None:
            error = _("请选择要上传的派单表（.xlsx 或 .csv）")
        else:
            try:
                upload = uploads.store(sheet, request.user)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                target = reverse("map_ui:desk-import-preview", args=[upload.token])
                crs = _crs(request.POST)
                return redirect(f"{target}?crs={crs}" if crs else target)
    status = 400 if error else 200
    return render(request, "map_ui/desk_import.html", _context(request, error=error), status=status)


@office_only
@require_http_methods(["GET", "POST"])
def preview_page(request, token):
    upload = _upload(request, token)
    crs = _crs(request.POST if request.method == "POST" else request.GET)
    if request.method == "POST":
        return _commit(request, upload, crs)
    try:
        report = _run(upload, crs, request.user)
    except HotlineFileProblem as exc:
        return render(request, "map_ui/desk_import.html", _context(request, error=str(exc)), status=400)
    upload.plan = report.digest
    uploads.save(upload)
    return _show(request, upload, crs, report)


def _commit(request, upload, crs):
    if upload.committed:
        return redirect(reverse("map_ui:desk-import-preview", args=[upload.token]))
    if request.POST.get("sha256") != upload.sha256 or not uploads.unchanged(upload):
        raise PermissionDenied(_("文件与预览时不同，未导入；请重新上传"))
    try:
        report = _run(upload, crs, request.user, commit=True, expected_plan=request.POST.get("plan", ""))
    except PlanChanged:
        report = _run(upload, crs, request.user)
        upload.plan = report.digest
        uploads.save(upload)
        error = _("预览之后导入计划已有变化（文件或已导入的工单变了），未导入；请核对下表后再确认")
        return _show(request, upload, crs, report, error=error, status=409)
    upload.committed, upload.created = True, report.created
    uploads.save(upload)
    return _show(request, upload, crs, report)


@office_only
@require_GET
def rejects_file(request, token):
    upload = _upload(request, token)
    if not upload.rejects_path.is_file():
        raise Http404(_("尚无拒绝行文件：请先预览"))
    name = f"{upload.name.rsplit('.', 1)[0]}.rejects.csv"
    return FileResponse(upload.rejects_path.open("rb"), as_attachment=True, filename=name, content_type="text/csv")
