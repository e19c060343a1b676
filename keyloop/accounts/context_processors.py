def workspace(request):
    """Expose the workspace and membership a view resolved, for the base template's navigation."""
    return {
        "workspace": getattr(request, "workspace", None),
        "membership": getattr(request, "membership", None),
    }
