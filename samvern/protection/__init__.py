"""Protective measures per person exposed, custody release dates and reassessment dates."""
