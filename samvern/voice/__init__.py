"""The victim's voice: wishes of the person exposed and the advocate who represents her."""
