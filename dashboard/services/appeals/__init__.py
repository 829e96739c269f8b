"""Owners' appeals against the decisions the console told them of: intake, the four-eyes desk, overturn rates."""
