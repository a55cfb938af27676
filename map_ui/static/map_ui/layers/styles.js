/*
 * How the sub-district's layers look, and the legend that explains it.
 */
import { el, svgEl } from "../dom.js";
import { gettext } from "../i18n.js";
import { MILITARY_KIND, OWNERSHIP, RENOVATION } from "../words.js";
import { LAYER_NAMES, map, narrowScreen } from "./kit.js";

// Ownership, the main question per estate, in ColorBrewer Dark2: its 3 classes survive colour blindness.
const COLOURS = {
  subdistrict: "#b2182b",
  community: "#2166ac",
  ownership: { single: "#1b9e77", multi: "#d95f02", private: "#7570b3" },
  unknownOwnership: "#8c8c8c",
  hatch: "#1a1a1a",
  military: { unit: "#4d5b23", property: "#a6761d" },
  grid: "#525252",
  building: "#404040",
  // Where renovation stands, as an outline over the ownership fill: blue planned, amber under way, green done.
  renovation: { planned: "#2c7fb8", in_progress: "#e6ab02", done: "#1a9850" },
};

function ownershipKey(ownership) {
  return ownership in COLOURS.ownership ? ownership : "unknown";
}

function ownershipColour(ownership) {
  return COLOURS.ownership[ownership] || COLOURS.unknownOwnership;
}

// Leaflet style functions, one per layer (each gets the feature; the outlines ignore it).
export const styles = {
  subdistrict: () => ({ color: COLOURS.subdistrict, weight: 4, fill: false }),
  community: () => ({ color: COLOURS.community, weight: 2, fillColor: COLOURS.community, fillOpacity: 0.04 }),
  estate(feature) {
    const props = feature.properties;
    if (props.is_military_property) {
      // Military-property estates keep their ownership colour under a dark hatch and outline.
      return {
        color: COLOURS.hatch,
        weight: 2.5,
        fillColor: `url(#hatch-${ownershipKey(props.ownership)})`,
        fillOpacity: 0.75,
      };
    }
    const colour = ownershipColour(props.ownership);
    return { color: colour, weight: 1.5, fillColor: colour, fillOpacity: 0.45 };
  },
  military(feature) {
    const colour = COLOURS.military[feature.properties.kind] || COLOURS.military.unit;
    return { color: colour, weight: 1.5, dashArray: "6 4", fillColor: colour, fillOpacity: 0.3 };
  },
  // Null for an estate outside any renovation: it is not drawn on this layer.
  renovation(feature) {
    const colour = COLOURS.renovation[feature.properties.renovation];
    if (!colour) {
      return null;
    }
    const dash = feature.properties.renovation === "planned" ? "8 5" : null;
    return { color: colour, weight: 3.5, dashArray: dash, fill: false };
  },
  grid: () => ({ color: COLOURS.grid, weight: 0.8, fill: false }),
  building: () => ({ color: COLOURS.building, weight: 1, fillColor: "#9e9e9e", fillOpacity: 0.6 }),
};

// Leaflet writes fillColor straight into the SVG fill attribute, so url(#hatch-...) works.
export function addHatchPatterns() {
  const svg = svgEl("svg", { class: "hatch-defs", "aria-hidden": "true", focusable: "false" });
  const defs = svgEl("defs");
  const fills = { ...COLOURS.ownership, unknown: COLOURS.unknownOwnership };
  Object.entries(fills).forEach(([key, colour]) => {
    const pattern = svgEl("pattern", {
      id: `hatch-${key}`,
      patternUnits: "userSpaceOnUse",
      width: 8,
      height: 8,
      patternTransform: "rotate(45)",
    });
    pattern.append(svgEl("rect", { width: 8, height: 8, fill: colour }));
    pattern.append(svgEl("line", { x1: 1, y1: 0, x2: 1, y2: 8, stroke: COLOURS.hatch, "stroke-width": 2.5 }));
    defs.append(pattern);
  });
  svg.append(defs);
  document.body.append(svg);
}

/* ---------- legend ---------- */

export function swatch(style, line) {
  const svg = svgEl("svg", { width: 28, height: 16, viewBox: "0 0 28 16", "aria-hidden": "true", focusable: "false" });
  const dash = style.dashArray || "none";
  if (line) {
    svg.append(svgEl("line", { x1: 1, y1: 8, x2: 27, y2: 8, stroke: style.color, "stroke-width": style.weight, "stroke-dasharray": dash }));
  } else {
    svg.append(
      svgEl("rect", {
        x: 1.5,
        y: 1.5,
        width: 25,
        height: 13,
        fill: style.fillColor,
        "fill-opacity": Math.max(style.fillOpacity, 0.3),
        stroke: style.color,
        "stroke-width": Math.min(style.weight, 2),
        "stroke-dasharray": dash,
      }),
    );
  }
  return svg;
}

// [style, text, line?, layer?]: an item names its own layer when its group has none.
function legendItem([style, text, line, layer]) {
  return el("li", { "data-layer": layer }, [swatch(style, line), el("span", {}, [text])]);
}

// A titled group of items explaining one layer; `layer` names it, so it shows only with that layer.
function legendGroup(title, items, layer) {
  const list = el("ul", {}, items.map(legendItem));
  return title ? [el("div", { class: "legend-section", "data-layer": layer }, [el("h3", { class: "legend-group" }, [title]), list])] : [list];
}

function legendContent() {
  const sample = (props) => ({ properties: props });
  const estates = Object.keys(COLOURS.ownership).map((key) => [styles.estate(sample({ ownership: key })), OWNERSHIP[key]]);
  estates.push([styles.estate(sample({ ownership: "single", is_military_property: true })), gettext("军产（斜线填充）")]);
  const zones = Object.keys(COLOURS.military).map((kind) => [styles.military(sample({ kind })), MILITARY_KIND[kind]]);
  const works = Object.keys(COLOURS.renovation).map((key) => [styles.renovation(sample({ renovation: key })), RENOVATION[key], true]);
  const outlines = [
    [styles.subdistrict(), gettext("街道边界"), true, "subdistrict"],
    [styles.community(), gettext("社区边界"), true, "communities"],
    [styles.grid(), gettext("单元网格（第17级起显示编号）"), true, "grid-cells"],
    [styles.building(), gettext("楼栋（第17级起显示）"), false, "buildings"],
  ];
  return [
    ...legendGroup(null, outlines),
    ...legendGroup(LAYER_NAMES["housing-projects"], estates, "housing-projects"),
    ...legendGroup(gettext("综合整治"), works, "renovation"),
    ...legendGroup(LAYER_NAMES["military-zones"], zones, "military-zones"),
  ];
}

/** The legend explains only the layers on the map: its parts follow the layer control. */
export function followLayers(legendBox, groups) {
  const sync = () => {
    legendBox.querySelectorAll("[data-layer]").forEach((node) => {
      const group = groups[node.dataset.layer];
      node.hidden = Boolean(group) && !map.hasLayer(group);
    });
  };
  map.on("overlayadd overlayremove", sync);
  sync();
}

// A disclosure, so that on a small screen the legend can be folded away from the map.
export const Legend = L.Control.extend({
  options: { position: "bottomright" },
  onAdd() {
    const box = L.DomUtil.create("details", "map-legend");
    box.open = !narrowScreen();
    box.append(el("summary", {}, [gettext("图例")]));
    legendContent().forEach((node) => box.append(node));
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  },
});

