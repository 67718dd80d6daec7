"""Revocation cases (26/2026 Art. 8)."""
