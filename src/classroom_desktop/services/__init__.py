"""Services: the one door to a workspace."""
