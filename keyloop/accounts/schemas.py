from datetime import datetime

from ninja import Schema


class WorkspaceOut(Schema):
    id: int
    name: str
    slug: str
    portal_url: str
    created_at: datetime
