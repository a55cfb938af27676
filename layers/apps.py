from django.apps import AppConfig


class LayersConfig(AppConfig):
    name = "layers"
    verbose_name = "五里店街道图层 Wulidian layers"
