"""Database layer: SQLAlchemy models, engine and sessions."""
