"""Referrals of the person using violence to a programme, with attendance and completion."""
