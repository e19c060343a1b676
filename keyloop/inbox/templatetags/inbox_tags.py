"""Template helpers of the inbox: the navigation's count, channel icons, MRR."""

from django import template

from .. import queries

register = template.Library()

CHANNEL_ICONS = {
    "portal": "home",
    "widget": "widget",
    "api": "code",
    "email": "mail",
    "slack": "hash",
    "import": "upload",
    "team": "users",
    "support": "lifebuoy",
    "sales": "briefcase",
}


@register.simple_tag
def inbox_new_count(workspace) -> int:
    return queries.inbox_new_count(workspace=workspace)


@register.filter
def channel_icon(channel: str) -> str:
    return CHANNEL_ICONS.get(channel, "comment")


@register.filter
def mrr(cents) -> str:
    """$1,200 MRR; $12.5k MRR; empty when unknown."""
    if not cents:
        return ""
    dollars = int(cents) / 100
    if dollars >= 10_000:
        return f"${dollars / 1000:,.1f}k MRR".replace(".0k", "k")
    return f"${dollars:,.0f} MRR"
