/*
 * The linked table and map of the planners' pages (those with a map): table rows and map features that stand for the same thing (an estate, a package), linked both
 * ways: choosing a row outlines the feature and zooms to it, clicking the feature marks the row.
 */
export class Linked {
  constructor(map, highlightStyle) {
    this.map = map;
    this.highlightStyle = highlightStyle;
    this.items = new Map();
    this.current = null;
  }

  clear() {
    this.items.clear();
    this.current = null;
  }

  add(key, row, layer, baseStyle) {
    this.items.set(key, { row, layer, baseStyle });
    row.dataset.key = key;
    const path = layer.getElement && layer.getElement();
    if (path) {
      path.dataset.key = key;
    }
    layer.on("click", () => this.highlight(key, { scroll: true }));
  }

  highlight(key, options) {
    const opts = options || {};
    if (this.current !== null && this.items.has(this.current)) {
      const previous = this.items.get(this.current);
      previous.row.classList.remove("is-highlighted");
      previous.layer.setStyle(previous.baseStyle);
      const path = previous.layer.getElement && previous.layer.getElement();
      if (path) {
        path.classList.remove("is-highlighted");
      }
    }
    const item = this.items.get(key);
    this.current = item ? key : null;
    if (!item) {
      return;
    }
    item.row.classList.add("is-highlighted");
    item.layer.setStyle(this.highlightStyle);
    item.layer.bringToFront();
    const path = item.layer.getElement && item.layer.getElement();
    if (path) {
      path.classList.add("is-highlighted");
    }
    if (opts.zoom) {
      this.map.fitBounds(item.layer.getBounds(), { maxZoom: 17, padding: [40, 40] });
    }
    if (opts.scroll) {
      item.row.scrollIntoView({ block: "nearest" });
    }
  }
}
