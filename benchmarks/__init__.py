"""Performance targets, run by hand (`./run bench NAME`), never in CI.

Every benchmark measures Crossgen and a reference in the same run on the same
machine and prints medians and the ratio, because the machine is shared and
noisy: a stopwatch alone says little, a ratio says how we compare.
"""
