"""Compliance: consent stickers for merchants, welfare audits, campus privacy, and the five-step enablement."""
