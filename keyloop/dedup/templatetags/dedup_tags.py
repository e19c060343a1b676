"""What team pages that show similarity suggestions say when the model is not loaded."""

from django import template

from keyloop.dedup import embedder as embedders

register = template.Library()


@register.inclusion_tag("dedup/_similarity_warning.html")
def similarity_warning() -> dict:
    """A notice when suggestions match words only because the model failed to load.

    Nothing when the model is loaded, or when a deployment turned it off on purpose.
    """
    return {"warning": embedders.status().warning}
