/*
 * The scripts' words, through Django's JavaScript catalogue (django.views.i18n.JavaScriptCatalog at
 * /jsi18n/<language>/, a classic script the pages load before their modules). Chinese is the source
 * language: the msgids are the Chinese words, and without a catalogue (the unit tests under node,
 * or a catalogue that failed to load) every call answers the Chinese itself.
 *
 * Call gettext() and its kin with a literal string, so `makemessages -d djangojs` finds it.
 */

function catalog() {
  return globalThis.django && typeof globalThis.django.gettext === "function" ? globalThis.django : null;
}

export function gettext(msgid) {
  const django = catalog();
  return django ? django.gettext(msgid) : msgid;
}

/** A msgid whose translation depends on where it is used (社区 Communities, the layer; 社区 Community, a field). */
export function pgettext(context, msgid) {
  const django = catalog();
  return django ? django.pgettext(context, msgid) : msgid;
}

export function ngettext(singular, plural, count) {
  const django = catalog();
  if (django) {
    return django.ngettext(singular, plural, count);
  }
  return count === 1 ? singular : plural;
}

/** Fills Django's named placeholders: interpolate("共 %(n)s 件", { n: 3 }) → "共 3 件". */
export function interpolate(template, values) {
  return template.replace(/%\((\w+)\)s/g, (match, key) => (key in values ? String(values[key]) : match));
}
