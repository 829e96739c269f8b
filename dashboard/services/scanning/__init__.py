"""Scanning: scans of streams (how, when, the run itself, jobs for many machines) and the flags they raise."""
