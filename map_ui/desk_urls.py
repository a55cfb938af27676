"""/desk/: the office case desk (list, saved filters, case page, printable sheet)."""

from django.urls import path

from map_ui import desk, desk_case

urlpatterns = [
    path("", desk.desk_list, name="desk"),
    path("filters/", desk.desk_filter_save, name="desk-filter-save"),
    path("filters/<int:pk>/delete/", desk.desk_filter_delete, name="desk-filter-delete"),
    path("cases/<int:pk>/", desk_case.desk_case, name="desk-case"),
    path("cases/<int:pk>/print/", desk_case.desk_case_print, name="desk-case-print"),
]
