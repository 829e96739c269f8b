"""Data in and out, the top floor of the services: imports, exports and the demo platform (query results as
DataFrames, spreadsheet CSV and the files' records are on the ground floor, services.tables)."""
