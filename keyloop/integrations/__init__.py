"""Inbound channels, one package each: e-mail, Slack, CSV imports, the widget and SSO."""
