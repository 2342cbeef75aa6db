"""Cooperation agreements, protocols and routines: versioned documents with sign-off per partner."""
