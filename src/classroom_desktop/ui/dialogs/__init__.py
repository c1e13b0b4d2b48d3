"""Dialogs: small modal forms (a student's names, a roster import)."""
