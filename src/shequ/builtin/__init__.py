"""Core features written as plugins (``DEFAULT_PLUGINS``), so the core exercises the contract."""
