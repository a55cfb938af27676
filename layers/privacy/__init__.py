"""Personal data in free text (descriptions, addresses, remarks, notes): what it looks like and how it
is masked for readers who may not see it, in Python (text.py) and in PostgreSQL (sql.py), both from
the one set of rules in patterns.py. Who may see it whole is layers.permissions' question."""
