"""Speed figures for Four Pillars (``make bench`` / ``python -m bench``), never timed tests.

Speed is measured here, printed with figures and ratios against a baseline (a bare Django JSON
view) measured in the same run, and written to bench-results/latest.json; tests never time
anything, because a shared machine makes timed assertions flaky.
"""
