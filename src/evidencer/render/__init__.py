"""Turning a report context into text: the Jinja2 sandbox, Markdown-safe filters and keep
blocks."""
