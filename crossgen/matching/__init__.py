"""The pure matching engine: no Django imports anywhere below this package.

>>> from crossgen.matching import solve, score_parts, broken_rules
"""

from crossgen.matching.feasibility import broken_rules
from crossgen.matching.scoring import score_parts
from crossgen.matching.solve import solve

__all__ = ["broken_rules", "score_parts", "solve"]
