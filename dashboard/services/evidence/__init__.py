"""Evidence: the detectors the settings choose (built once per process) and a scan's anonymised frames."""
