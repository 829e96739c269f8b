"""Moderation and compliance console for a live smart-camera platform."""
