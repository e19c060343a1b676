"""The JSON shapes of the feedback-item API. Field names are a contract with integrators."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field, model_validator

from keyloop.feedback.models import Channel
from keyloop.feedback.schemas import NEXT_CURSOR, Input, ObjectId, PersonIn, PersonOut

from .models import FEEDBACK_TEXT_MAX, FeedbackState, Sentiment

ChannelName = Literal[tuple(Channel.values)]
State = Literal[tuple(FeedbackState.values)]
SentimentName = Literal[(*Sentiment.values, "unscored")]


class FeedbackIn(Input):
    text: str = Field(..., description=f"The feedback, 1 to {FEEDBACK_TEXT_MAX:,} characters.")
    title: str = Field("", description="A subject line, if the channel has one (200 at most).")
    channel: ChannelName = Field("api", description="Where it came from; `api` if omitted.")
    external_id: str = Field(
        "", max_length=255,
        description="Your id for it: posting the same external_id on the same channel again "
        "returns the stored item (200) instead of a new one.",
    )  # fmt: skip
    source_url: str = Field("", description="Where it can be read (ticket, message…).")
    person: PersonIn | None = Field(None, description="Who gave it; created or updated.")
    idea_id: ObjectId | None = Field(None, description="Link it to this idea at once.")
    received_at: datetime | None = Field(None, description="When it arrived; now if omitted.")


class FeedbackPatch(Input):
    """Link (`idea_id`), unlink (`idea_id: null`), dismiss, mark spam or reopen (`state`)."""

    state: State = None
    idea_id: ObjectId | None = None

    @model_validator(mode="after")
    def _consistent(self):
        fields = self.model_fields_set
        if not fields:
            raise ValueError("Send state, idea_id or both.")
        if "idea_id" in fields and self.idea_id is not None:
            if "state" in fields and self.state != FeedbackState.LINKED:
                raise ValueError("An item with an idea_id is linked; drop state or send linked.")
        elif "state" in fields and self.state == FeedbackState.LINKED:
            raise ValueError("Give the idea_id to link the item to.")
        return self


class FeedbackOut(Schema):
    id: int
    text: str
    title: str
    channel: str
    external_id: str
    state: State
    idea_id: int | None
    person: PersonOut | None
    sentiment: float | None = Field(
        description="VADER compound score in [-1, 1]; null until scored."
    )
    sentiment_label: SentimentName | None = Field(description="null until scored.")
    source_url: str
    attachments: list[dict]
    received_at: datetime

    @staticmethod
    def resolve_sentiment_label(item) -> str | None:
        return item.sentiment_label or None


class FeedbackPage(Schema):
    items: list[FeedbackOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)
