"""Post-recognition inspections (26/2026 Art. 9)."""
