"""The yearly satisfaction survey of the partners' representatives (anonymous answers)."""
