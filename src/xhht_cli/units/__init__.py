"""Administrative units: registries over time and the crosswalk of the 2025 reform (docs/units.md)."""
