"""The HTML view of the OGC API documents (conformance class html): plain tables, no scripts,
no external resources (the service runs offline)."""

import json

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

_STYLE = (
    "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:2px 6px}"
)


def _links(links: list[dict]):
    rows = ((link["href"], link.get("title") or link["rel"], link["rel"], link["type"]) for link in links)
    return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a> ({}, {})</li>', rows))


def _table(header: list[str], rows: list[list]):
    head = format_html_join("", "<th>{}</th>", ((h,) for h in header))
    body = format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((c,) for c in row)),) for row in rows)
    )
    return format_html("<table><tr>{}</tr>{}</table>", head, body)


def _item_link(feature: dict, links: list[dict]):
    self_link = next((x["href"] for x in links if x["rel"] == "self"), "")
    base = self_link.split("?")[0]
    return format_html('<a href="{}/{}?f=html">{}</a>', base, feature["id"], feature["id"])


def _body(document: dict):
    parts = []
    if "collections" in document:
        rows = [
            [format_html('<a href="{}?f=html">{}</a>', c["links"][0]["href"], c["id"]), c["title"]]
            for c in document["collections"]
        ]
        parts.append(_table(["id", "名称 · title"], rows))
    if "conformsTo" in document:
        parts.append(
            format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((c,) for c in document["conformsTo"])))
        )
    if "features" in document:
        features = document["features"]
        parts.append(
            format_html(
                "<p>共 {} 个，本页 {} 个 · matched {}, returned {}</p>",
                document.get("numberMatched"),
                document.get("numberReturned"),
                document.get("numberMatched"),
                document.get("numberReturned"),
            )
        )
        names = list(features[0]["properties"]) if features else []
        rows = [[_item_link(f, document.get("links", [])), *(f["properties"].get(n) for n in names)] for f in features]
        parts.append(_table(["id", *names], rows))
    if "properties" in document:
        parts.append(_table(["属性 · property", "值 · value"], [[k, v] for k, v in document["properties"].items()]))
    if "extent" in document:
        parts.append(format_html("<p>范围 · extent: {}</p>", json.dumps(document["extent"], ensure_ascii=False)))
    return mark_safe("".join(str(p) for p in parts))


def render_html(title: str, document: dict) -> str:
    """A self-contained page for document: its links, then its collections, features or properties."""
    return format_html(
        '<!doctype html><html lang="zh-hans"><head><meta charset="utf-8"><title>{}</title><style>{}</style></head>'
        "<body><h1>{}</h1>{}{}<p>JSON: <code>?f=json</code></p></body></html>",
        title,
        mark_safe(_STYLE),
        title,
        _links(document.get("links", [])),
        _body(document),
    )
