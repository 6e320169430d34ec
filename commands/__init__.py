"""opsledger's command line, by concern: `cli.py` is the entry point and joins these; each module adds its
commands to the one `opsledger` group (commands/shared.py). The faces parse and print; the library does the
work."""
