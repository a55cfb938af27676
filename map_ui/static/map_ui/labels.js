/*
 * Map labels that never overlap, on every page's map (dashboard, phone page). After each move and
 * zoom the labels in view are placed in priority order (communities before estates before grid
 * cells, then in drawing order) and a label whose box meets one already placed is hidden until a
 * view leaves room for it. Zooming in shows more; nothing is ever drawn on top of another label.
 */

// visibility, not display: a hidden label keeps its box, so it can be measured next time.
export const COLLIDES = "label-collides";
// Air between two labels, in CSS pixels, so neighbours do not touch either.
const GAP = 2;

/** Whether two boxes ({left, top, right, bottom}) come closer than `gap` pixels. */
export function intersects(a, b, gap = GAP) {
  return a.left < b.right + gap && b.left < a.right + gap && a.top < b.bottom + gap && b.top < a.bottom + gap;
}

/** Pure placement: the indices of the boxes (in priority order) that stay shown; null boxes never do. */
export function placeBoxes(boxes, gap = GAP) {
  const placed = [];
  const kept = [];
  boxes.forEach((box, index) => {
    if (box && !placed.some((other) => intersects(other, box, gap))) {
      placed.push(box);
      kept.push(index);
    }
  });
  return kept;
}

function boxInView(element, view) {
  const box = element.getBoundingClientRect();
  // display:none (a label class not shown at this zoom) measures as an empty box: not placed.
  if (!box.width || !box.height) {
    return null;
  }
  const inView = box.right > view.left && box.left < view.right && box.bottom > view.top && box.top < view.bottom;
  return inView ? box : null;
}

/**
 * Hide the labels (matched by `selectors`, highest priority first) that would overlap a label of
 * higher priority inside `container`. All boxes are read first, then all classes written: one layout.
 */
export function declutter(container, selectors) {
  const view = container.getBoundingClientRect();
  const labels = selectors.flatMap((selector) => [...container.querySelectorAll(selector)]);
  const boxes = labels.map((element) => boxInView(element, view));
  const kept = new Set(placeBoxes(boxes));
  labels.forEach((element, index) => element.classList.toggle(COLLIDES, !kept.has(index)));
  container.dataset.labelsPlaced = String(kept.size);
}

/**
 * Keeps a Leaflet map's labels apart: after every move, zoom and layer change, and whenever
 * `refresh()` is called (new labels drawn). Returns refresh.
 */
export function watchLabels(map, selectors) {
  const container = map.getContainer();
  let pending = 0;
  // After the frame's other handlers: Leaflet moves tooltips and markers on the same events.
  const refresh = () => {
    if (!pending) {
      pending = window.requestAnimationFrame(() => {
        pending = 0;
        declutter(container, selectors);
        container.dataset.labelsState = "placed";
      });
    }
  };
  map.on("zoomend moveend resize layeradd layerremove", refresh);
  refresh();
  return refresh;
}
