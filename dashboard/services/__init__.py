"""Domain services, one package per domain, called one way down their floors (docs/architecture.md): tables,
access, streams, evidence, desk and compliance, scanning, appeals, wind_down and retention, data.

A name is imported from the module that defines it (`from dashboard.services.desk.decisions import claim_next`);
the packages export nothing.
"""
