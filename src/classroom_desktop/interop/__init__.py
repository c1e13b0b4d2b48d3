"""Reading and writing the files teachers exchange: roster and standards CSVs, gradebook CSV/XLSX.

Plain data in, plain data out; no Qt and no database. The services put the results into a workspace.
"""
