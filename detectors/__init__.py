"""Computer vision for the console; imports neither the database nor Streamlit."""
