"""Signals other apps listen to, so accounts need not know them."""

from django.dispatch import Signal

# Sent inside workspace_create's transaction with `workspace=`.
workspace_created = Signal()
