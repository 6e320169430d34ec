"""opsledger's commands, a module for each concern; cli.py builds the command line from them.

`help` and `terminal` hold how pages and lines reach the reader, `base` the `opsledger` group and what every
command shares; the rest hold the commands: `ledgers`, `writing`, `reading`, `audit`, `trust`, `catalogs`,
`accounts`. Each command module adds its commands to the group as it is imported.
"""
