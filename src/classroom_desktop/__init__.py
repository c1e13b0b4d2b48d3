"""Classroom Desktop: personalized, competency-based learning for a teacher's laptop."""

__version__ = "0.1.0"
APP_NAME = "Classroom Desktop"
