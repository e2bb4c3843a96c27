"""Allow ``python -m noteforge``."""

from noteforge.cli import main

main()
