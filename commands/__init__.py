"""opsledger's commands, a module for each concern; cli.py builds the command line from them.

`entry` is the `opsledger` entry point: it reads a plain `log` and a `score` to the terminal without loading click
and hands every other command line to cli.py. `help` and `terminal` hold how pages and lines reach the reader,
`base` the `opsledger` group and what every command shares; the rest hold the commands: `ledgers`, `writing`,
`reading`, `audit`, `trust`, `catalogs`, `accounts`. Each command module adds its commands to the group as it is
imported. This package's own import loads nothing, so the entry point loads none of the click half.
"""
