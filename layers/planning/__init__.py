"""Planning from the complaint evidence: 成片 renovation candidates and packages, before/after, patrols.

Pure computations live here (no database access); the SQL that gathers their inputs lives in
layers/selectors/planning*.py, and the outputs are written by the plan_* commands and served under
/api/planning/.
"""
