"""Retention: legal holds, the purge of expired personal data, and case-file exports for legal requests."""
