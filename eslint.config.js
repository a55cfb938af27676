// eslint's flat config: our own scripts under map_ui/static and layers/static, and the unit tests.
import js from "@eslint/js";
import globals from "globals";

// A translatable word must be a literal, or `makemessages -d djangojs` cannot find it.
const literalMsgids = [
  {
    selector: "CallExpression[callee.name=/^(gettext|ngettext)$/][arguments.0.type!='Literal']",
    message: "gettext()/ngettext() take a literal msgid (makemessages reads the source).",
  },
  {
    selector: "CallExpression[callee.name='pgettext'][arguments.1.type!='Literal']",
    message: "pgettext() takes a literal context and msgid (makemessages reads the source).",
  },
];

export default [
  { ignores: ["node_modules/", "staticfiles/", ".venv/", "test-output/", "bench/"] },
  js.configs.recommended,
  {
    files: ["map_ui/static/**/*.js"],
    languageOptions: {
      sourceType: "module",
      // Leaflet is a classic script (folium's generated map code needs window.L).
      globals: { ...globals.browser, L: "readonly" },
    },
    rules: {
      "no-restricted-syntax": ["error", ...literalMsgids],
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      eqeqeq: "error",
      "prefer-const": "error",
      "no-var": "error",
    },
  },
  {
    // Served from /m/sw.js with SW_CONFIG prepended (map_ui/mobile.py): a classic worker script.
    files: ["map_ui/static/map_ui/mobile/sw.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.serviceworker, SW_CONFIG: "readonly" } },
  },
  {
    // The admin's geometry widget: a classic script beside Leaflet's, loaded by Django's form media.
    files: ["layers/static/**/*.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser, L: "readonly" } },
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.node } },
  },
];
