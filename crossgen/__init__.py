"""Crossgen: an open platform for reverse-mentoring programs."""
