"""The command line: one module per command, `main` the entry point (`perfreg-xlsx`).

Each command parses its options, calls one library function (usually in `pipeline`), prints
and sets the exit code; library errors become one-line messages (`console`), never
tracebacks. A new command is a module here plus a line in `main.COMMANDS`.

May import every other package; nothing imports `cli`.
"""
