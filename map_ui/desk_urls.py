"""/desk/: the 接诉即办 office's pages — the case desk (list, saved filters, case page, printable
sheet) and the 12345 sheet import."""

from django.urls import path

from map_ui import desk, desk_case, desk_import

urlpatterns = [
    path("", desk.desk_list, name="desk"),
    path("filters/", desk.desk_filter_save, name="desk-filter-save"),
    path("filters/<int:pk>/delete/", desk.desk_filter_delete, name="desk-filter-delete"),
    path("cases/<int:pk>/", desk_case.desk_case_page, name="desk-case"),
    path("cases/<int:pk>/print/", desk_case.desk_case_print, name="desk-case-print"),
    path("import/", desk_import.upload_page, name="desk-import"),
    path("import/<str:token>/", desk_import.preview_page, name="desk-import-preview"),
    path("import/<str:token>/rejects.csv", desk_import.rejects_file, name="desk-import-rejects"),
]
