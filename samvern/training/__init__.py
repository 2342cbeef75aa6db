"""Training events, participants and competence records per person; coverage per organisation."""
