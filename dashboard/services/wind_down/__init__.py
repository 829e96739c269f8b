"""The wind-down: takedown metrics, desk metrics, the manager page view, readiness and the two-person shutdown."""
