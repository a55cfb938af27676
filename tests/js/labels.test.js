// map_ui/static/map_ui/labels.js: which labels keep their place, in priority order.
import assert from "node:assert/strict";
import { test } from "node:test";

import { intersects, placeBoxes } from "../../map_ui/static/map_ui/labels.js";

const box = (left, top, width = 40, height = 14) => ({ left, top, right: left + width, bottom: top + height });

test("boxes closer than the gap intersect; boxes further apart do not", () => {
  assert.equal(intersects(box(0, 0), box(41, 0)), true);
  assert.equal(intersects(box(0, 0), box(43, 0)), false);
  assert.equal(intersects(box(0, 0), box(0, 15), 0), false);
});

test("a label that meets one placed before it waits; the first placed wins", () => {
  const community = box(100, 100, 90, 18);
  const cell = box(150, 105);
  const farCell = box(300, 100);
  assert.deepEqual(placeBoxes([community, cell, farCell]), [0, 2]);
  // Priority is the order given: the same boxes the other way round keep the cell.
  assert.deepEqual(placeBoxes([cell, community, farCell]), [0, 2]);
});

test("a hidden label (no box) is never placed and takes no room", () => {
  assert.deepEqual(placeBoxes([null, box(0, 0), box(10, 0)]), [1]);
});

test("no two kept boxes of a dense grid overlap, and a good share is kept", () => {
  const boxes = [];
  for (let row = 0; row < 10; row += 1) {
    for (let col = 0; col < 10; col += 1) {
      boxes.push(box(col * 25, row * 12, 22, 12));
    }
  }
  const kept = placeBoxes(boxes).map((index) => boxes[index]);
  kept.forEach((a, i) => kept.slice(i + 1).forEach((b) => assert.equal(intersects(a, b, 0), false)));
  assert.ok(kept.length >= 25);
});
