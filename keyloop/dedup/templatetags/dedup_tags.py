"""What team pages that show similarity suggestions say when their model is not loaded."""

from django import template

from keyloop.dedup import embedder as embedders

register = template.Library()


@register.inclusion_tag("dedup/_similarity_warning.html")
def similarity_warning(role: str = embedders.MATCHING) -> dict:
    """A notice when the role's model failed to load: suggestions then come from the typing
    model, or from words alone. Nothing when it is loaded, or turned off on purpose."""
    status = embedders.status(role)
    return {"heading": status.heading, "warning": status.warning}
