"""`python -m cli`: the command line, as the `opsledger` entry point runs it."""

from cli import main

main()
