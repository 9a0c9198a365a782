"""`python -m servex`: the same as the `servex` command (useful when the script is not on PATH)."""

from servex._cli.main import main

main()
