"""Thin views: they build widgets, show state and emit ``*_requested`` intents."""
