"""Partnership governance: profile, steering bodies, meetings, decisions, commitments,
onboarding, indicators and the annual report.
"""
