"""The domain: plain functions taking a Session and keyword-only arguments. Never imports Streamlit."""
