"""/desk/: the 接诉即办 office's pages (the 12345 sheet import)."""

from django.urls import path

from map_ui import desk_import

urlpatterns = [
    path("import/", desk_import.upload_page, name="desk-import"),
    path("import/<str:token>/", desk_import.preview_page, name="desk-import-preview"),
    path("import/<str:token>/rejects.csv", desk_import.rejects_file, name="desk-import-rejects"),
]
