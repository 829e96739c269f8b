"""Who may do what: sign-in and sessions, console users, the role x action permission table, and the audit log (its
only writer).
"""
