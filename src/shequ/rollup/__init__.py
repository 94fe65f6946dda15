"""The 街道 roll-up: communities export period bundles of figures (never personal data), the
街道 office checks them and reports across them (``shequ bundle …``, ``shequ rollup …``)."""
