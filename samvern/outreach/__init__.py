"""The outreach queue: incidents notified by the police, first contact by the support services."""
