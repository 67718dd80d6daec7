# The largest integer every supported database accepts in a query (SQLite's 64-bit INTEGER).
# Filters bound their numbers with it, so a huge number is a validation error, never a crash.
MAX_DB_INTEGER = 2**63 - 1
