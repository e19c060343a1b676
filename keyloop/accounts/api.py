from django.conf import settings
from django.urls import reverse
from ninja import Router

from .schemas import WorkspaceOut

router = Router(tags=["workspace"])


@router.get("/workspace", response=WorkspaceOut, summary="The API key's workspace")
def get_workspace(request):
    workspace = request.workspace
    return {
        "id": workspace.id,
        "name": workspace.name,
        "slug": workspace.slug,
        "portal_url": settings.BASE_URL + reverse("portal_home", args=[workspace.slug]),
        "created_at": workspace.created_at,
    }
