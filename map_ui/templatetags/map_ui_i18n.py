"""{% html_lang %} for <html lang> and {{ category|localized_name }} for names stored in both languages."""

from django import template

from layers.i18n import english_active, localized

register = template.Library()


@register.simple_tag
def html_lang() -> str:
    """The page's BCP 47 language: "en", else "zh-Hans" (the scripts format numbers with it)."""
    return "en" if english_active() else "zh-Hans"


@register.filter
def localized_name(item) -> str:
    """A category's or department's English name in English mode, else (and without one) its name."""
    if item is None:
        return ""
    return localized(item.name, getattr(item, "name_en", ""))
