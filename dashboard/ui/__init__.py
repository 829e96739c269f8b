"""Streamlit-only helpers: sign-in gate, navigation, error display, shared widgets and charts."""
