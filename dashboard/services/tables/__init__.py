"""The ground floor of the services: query results as DataFrames, spreadsheet-safe CSV, and report, stream and
appeal files read and checked record by record. No domain rules; imports no other domain."""
