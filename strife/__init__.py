"""Strife: news reports of armed conflict in, evidence-backed events out."""

__version__ = "0.1.0"
