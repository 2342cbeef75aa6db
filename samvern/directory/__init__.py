"""The service directory: where people exposed to violence, people using violence and children
can be sent.
"""
