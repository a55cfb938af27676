// map_ui/static/map_ui/i18n.js: Chinese (the msgids) without a catalogue, the catalogue's words with one.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import { gettext, interpolate, ngettext, pgettext } from "../../map_ui/static/map_ui/i18n.js";

afterEach(() => {
  delete globalThis.django;
});

test("without a catalogue every word is its Chinese msgid", () => {
  assert.equal(gettext("图例"), "图例");
  assert.equal(pgettext("plural", "社区"), "社区");
  assert.equal(ngettext("%(n)s 件", "%(n)s 件", 2), "%(n)s 件");
});

test("with Django's catalogue loaded the words are its translations", () => {
  globalThis.django = {
    gettext: (msgid) => ({ 图例: "Legend" })[msgid] || msgid,
    pgettext: (context, msgid) => (context === "plural" && msgid === "社区" ? "Communities" : msgid),
    ngettext: (singular, plural, count) => (count === 1 ? "one" : "many"),
  };

  assert.equal(gettext("图例"), "Legend");
  assert.equal(gettext("未翻译"), "未翻译");
  assert.equal(pgettext("plural", "社区"), "Communities");
  assert.equal(ngettext("a", "b", 1), "one");
});

test("interpolate fills named placeholders and leaves unknown ones", () => {
  assert.equal(interpolate("共 %(total)s 件，显示 %(shown)s 件", { total: 12, shown: 0 }), "共 12 件，显示 0 件");
  assert.equal(interpolate("%(missing)s 与 %(n)s", { n: "x" }), "%(missing)s 与 x");
});
