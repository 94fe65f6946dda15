"""Use cases behind the CLI: plain functions over the store, never importing click."""
