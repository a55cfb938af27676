"""{{ p|p_value }}: a p-value as a printed report shows it, never a bare 0.0000."""

from django import template

register = template.Library()

# Below this a p-value is "< 0.0001": four places say all a reader needs, and 0.0000 would say "impossible".
SMALLEST_SHOWN = 0.0001


@register.filter
def p_value(value) -> str:
    if value is None or value == "":
        return "—"
    value = float(value)
    if value < SMALLEST_SHOWN:
        return f"< {SMALLEST_SHOWN:.4f}"
    return f"{value:.4f}"
