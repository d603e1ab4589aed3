"""Small helpers that know nothing of the survey: A1 references, atomic file writes, CSV
text as Excel saves it, exact decimal arithmetic.

May import: `errors`.
"""
