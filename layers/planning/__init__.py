"""Planning from the complaint evidence: 成片 renovation candidates and packages, before/after, patrols.

Pure computations live here (no database access); the SQL that gathers their inputs lives in
layers/selectors/planning*.py; the files are written by layers/exporters (renovation.py, patrols.py)
for the plan_* commands, and the figures served under /api/planning/.
"""
