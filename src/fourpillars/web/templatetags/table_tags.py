"""A table that may be wider than the screen scrolls inside its own region, not the page
(GOV.UK Design System, tables: "make the table scroll horizontally"):

    {% load table_tags %}
    {% scrolling "Names and name history" %}<table class="govuk-table">...</table>{% endscrolling %}

The wrapper is a labelled region (``role="region"``, ``aria-label`` naming the table) that
keyboard users can focus (``tabindex="0"``) to scroll it; its style is ``.fp-table-scroll``
in ``web/assets/application.scss``.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

register = template.Library()


class ScrollingNode(template.Node):
    def __init__(self, nodelist: NodeList, label: FilterExpression) -> None:
        self.nodelist = nodelist
        self.label = label

    def render(self, context: template.Context) -> SafeString:
        inner = conditional_escape(self.nodelist.render(context))  # already escaped: kept
        return format_html(
            '<div class="fp-table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
            self.label.resolve(context),
            inner,
        )


@register.tag("scrolling")
def scrolling(parser: Parser, token: Token) -> ScrollingNode:
    """``{% scrolling "label" %}...{% endscrolling %}``: the table inside scrolls on its own."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('use {% scrolling "what the table shows" %}')
    label = parser.compile_filter(bits[1])
    nodelist = parser.parse(("endscrolling",))
    parser.delete_first_token()
    return ScrollingNode(nodelist, label)
