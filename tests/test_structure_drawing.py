"""The structure drawing in README.md ("Where things are") shows the layers that import-linter checks.

pyproject.toml's "layers" contract is what `make lint` enforces; the drawing is what a reader sees.
This compares the two: the same layers in the same order, the same modules on each row, and the
same modules kept from map_ui. No database, no import of the code.
"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _contract(contract_id: str) -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == contract_id)


def _drawing() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    where = readme.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    return where.split("```mermaid", 1)[1].split("```", 1)[0]


def _modules(label: str) -> set[str]:
    """layers/models, layers/crs.py ... in a box's label -> {"models", "crs", ...}."""
    return {name.removesuffix(".py") for name in re.findall(r"layers/([a-z_][a-z0-9_]*(?:\.py)?)", label)}


def test_the_drawing_shows_the_contracts_layers_in_order():
    drawing = _drawing()
    labels = dict(re.findall(r'^\s*(\w+)\["(.*)"\]\s*$', drawing, flags=re.MULTILINE))
    chain = next(line for line in drawing.splitlines() if line.count("-->") > 2)
    drawn = [_modules(labels[node.strip()]) for node in chain.split("-->")]
    contracted = [set(re.split(r"\s*[|:]\s*", layer)) for layer in _contract("layers")["layers"]]
    assert drawn == contracted


def test_the_drawing_keeps_map_ui_from_the_modules_the_contract_forbids():
    forbidden = {name.removeprefix("layers.") for name in _contract("map-ui-below-entry-points")["forbidden_modules"]}
    readme = (ROOT / "README.md").read_text("utf-8")
    sentence = readme.split("`map_ui` sits on top", 1)[1].split(";", 1)[0]
    assert _modules(sentence) == forbidden
