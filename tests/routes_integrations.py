"""Routes of the inbound channels for the tenant matrix.

PORTAL_ROUTES: public pages of a workspace (widget, widget demo, SSO login): open to all,
404 for an unknown workspace. Same shape as routes_feedback_portal.py.

INBOUND_ROUTES: machine endpoints that authenticate with a workspace secret or signature
(inbound e-mail, Slack). Each entry: `url(objects, workspace)` builds the URL for a workspace
given acme's objects, and `send(client, url, workspace)` makes a request signed with that
workspace's own secrets. The matrix checks that acme's secrets used on globex's URL (and
globex's on acme's) are refused and create nothing.

TEAM_ROUTES: pages under /<slug>/admin/ (channel settings, imports): same shape as
routes_feedback_team.py.
"""

from .routes import Route  # noqa: F401  (entries use it)

TEAM_ROUTES: dict = {}
PORTAL_ROUTES: dict = {}
INBOUND_ROUTES: dict = {}
