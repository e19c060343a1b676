"""The similar-ideas API: ideas most like a text, for integrations that check before filing."""

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema

from keyloop.feedback.access import access_board_by_id
from keyloop.feedback.api import ERRORS, referenced
from keyloop.feedback.schemas import Text, portal_url

from . import embedder as embedders
from .queries import similar_ideas

router = Router()

# The issue counts a 10,000-character query as bad input: shorter than that is accepted.
QUERY_MAX = 9_999
Q = Query(..., max_length=QUERY_MAX, description="The text to match, under 10,000 characters.")
BOARD = Query(None, ge=1, description="Only ideas on this board.")
LIMIT = Query(5, ge=1, le=20, description="1 to 20 ideas.")


class SimilarIdeaOut(Schema):
    id: int
    title: str
    score: float = Field(description="0 to 1, higher is more similar.")
    status: str = Field(description="The idea's status name.")
    vote_count: int
    url: str = Field(description="The idea's page on the portal.")


@router.get(
    "/ideas/similar", response={200: list[SimilarIdeaOut], **ERRORS},
    operation_id="similar_ideas", url_name="similar_ideas", tags=["ideas"],
)  # fmt: skip
def list_similar_ideas(
    request,
    q: Text = Q,
    board_id: int | None = BOARD,
    limit: int = LIMIT,
):
    """Live ideas (not merged, deleted or unpublished) most like `q`, best first; private
    boards included, as for every API key. Nothing similar enough: an empty list."""
    if not q.strip():
        raise ValidationError({"q": "Give some text to match."})
    workspace = request.workspace
    board = None
    if board_id is not None:
        board = referenced(
            "board_id",
            lambda: access_board_by_id(
                workspace=workspace, membership=request.api_key, board_id=board_id
            ),
        )
    found = similar_ideas(
        workspace=workspace, text=q, limit=limit, board=board, include_private=True,
        role=embedders.TYPING,
    )  # fmt: skip
    context = {"request": request}
    return [
        {
            "id": match.idea.pk,
            "title": match.idea.title,
            "score": match.score,
            "status": match.idea.status.name,
            "vote_count": match.idea.vote_count,
            "url": portal_url(context, "idea", match.idea.pk),
        }
        for match in found
    ]
